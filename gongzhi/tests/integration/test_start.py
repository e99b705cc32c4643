"""Starting a service: at once after it was killed, though its port still holds the closed
connections of its clients in TIME_WAIT; refused, in one line, on a port where something
listens or with a malformed retry schedule."""

import os
import signal
import time
import urllib.request
from pathlib import Path

import eventlet
import pytest

from gongzhi import runner
from gongzhi.settings import Settings
from gongzhi.testing.processes import Served, database_environ, refusal
from gongzhi.testing.system import free_port

pytestmark = pytest.mark.integration
TIME_WAIT = "06"  # the state's number in /proc/net/tcp


@pytest.fixture
def served(tmp_path, amqp_uri, database_settings):
    environ = {"AMQP_URI": amqp_uri, **database_environ({"intake": database_settings["intake"]})}
    served = Served(tmp_path, environ)
    served.prepare("intake")
    yield served
    served.stop_all()


def served_and_closed(port: int, clients: int) -> None:
    """Clients as urllib makes them (`Connection: close`): the server closes first, so the
    server's side of each connection waits in TIME_WAIT once the client closes too."""
    url = f"http://127.0.0.1:{port}/health/live"
    answers = [urllib.request.urlopen(url, timeout=5) for _ in range(clients)]
    for answer in answers:
        answer.read()
    time.sleep(0.3)  # the server's FIN first, as it comes under load
    for answer in answers:
        answer.close()


def time_waits_on(port: int) -> int:
    """Connections on `port` in TIME_WAIT, as the kernel lists them."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            count += int(local.rsplit(":", 1)[1], 16) == port and state == TIME_WAIT
    return count


def test_a_killed_service_starts_again_at_once_on_its_port(served):
    served.start("intake")
    port = served.ports["intake"]
    served_and_closed(port, clients=5)
    killed = served.processes["intake"]
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(timeout=10)
    assert time_waits_on(port) > 0  # else this test would prove nothing
    served.start("intake", timeout=60)  # on the same port; raises if it exits instead
    assert "in use" not in served.tail("intake", lines=200)


@pytest.mark.parametrize("host", ["0.0.0.0", "127.0.0.1"])  # noqa: S104
def test_a_port_where_a_service_listens_is_refused(host):
    port = free_port()
    settings = Settings.from_environ({"INTAKE_PORT": str(port)}, ["intake"])
    listener = eventlet.listen((host, port))  # as nameko's web server listens: SO_REUSEPORT
    try:
        problem = runner.port_problem(["intake"], settings)
    finally:
        listener.close()
    assert problem is not None
    assert f"port {port} for intake is in use" in problem
    assert runner.port_problem(["intake"], settings) is None


def test_serve_refuses_more_retry_delays_than_delay_queues_in_one_line_naming_the_setting():
    line = refusal("serve", "intake", GONGZHI_RETRY_DELAYS="1,2,3,4,5,6,7,8,9")
    assert "GONGZHI_RETRY_DELAYS: '1,2,3,4,5,6,7,8,9': 9 delays" in line
