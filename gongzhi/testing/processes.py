"""Services as an operator runs them: each in a process of its own (`gongzhi serve`), after
`gongzhi db upgrade` and `gongzhi bus declare`, on free ports and databases of the caller's.
For the tests and the bench that must see what users see. Each process leads a session of its
own, so a Ctrl-C at the terminal reaches it only through `stop_all`: call that in a finally."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from gongzhi.db import DatabaseSettings
from gongzhi.testing.system import SAMPLE_DISTRICT, free_port

ROOT = SAMPLE_DISTRICT.parents[2]
GONGZHI = str(Path(sys.executable).parent / "gongzhi")


def database_environ(databases: dict[str, DatabaseSettings]) -> dict[str, str]:
    """The settings that give each service the database named here."""
    environ = {}
    for service, settings in databases.items():
        environ[f"{service.upper()}_DATABASE_URL"] = settings.url
        if settings.schema:
            environ[f"{service.upper()}_DATABASE_SCHEMA"] = settings.schema
    return environ


def refusal(*command: str, **environ: str) -> str:
    """The one `gongzhi:` line with which `gongzhi COMMAND` refuses to start (exit 2) in this
    environment; it fails the test if the command starts, or says more or less than a line."""
    result = subprocess.run(  # noqa: S603 - our own command, arguments the test made
        [GONGZHI, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **environ},
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("gongzhi:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def metric_total(text: str, name: str) -> float | None:
    """The sum of a metric's samples (all label sets) in a /metrics page; None if it has none."""
    samples = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith((name + "{", name + " "))
    ]
    return sum(samples) if samples else None


class Served:
    """`served.prepare("intake", "routing")`, `served.start(...)`, then `served.stop_all()`.
    `folder` holds GONGZHI_VAR and each service's log; `environ` is added to this process's."""

    def __init__(self, folder: Path, environ: dict[str, str], district: Path = SAMPLE_DISTRICT):
        self.folder = folder
        self.district = district
        self.environ = {**os.environ, "GONGZHI_VAR": str(folder / "var"), **environ}
        self.ports: dict[str, int] = {}
        self.processes: dict[str, subprocess.Popen] = {}

    def gongzhi(self, *args: str, timeout: float = 120) -> str:
        """Run a one-off `gongzhi` command; its output, or RuntimeError with its errors."""
        done = subprocess.run(  # noqa: S603 - our own command, arguments we made
            [GONGZHI, *args],
            cwd=ROOT,
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(f"gongzhi {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return done.stdout

    def issue_key(self, service: str, role: str, name: str = "tests") -> str:
        """A live API key of `role` on a prepared service, issued by `gongzhi keys issue`."""
        issued = self.gongzhi("keys", "issue", "--service", service, "--name", name, "--role", role)
        return issued.strip()

    def prepare(self, *services: str) -> None:
        """Migrate the services' databases and declare the whole topology, as an operator does."""
        self.gongzhi("db", "upgrade", *services)
        self.gongzhi("bus", "declare")

    def start(self, *services: str, timeout: float = 60) -> None:
        for service in services:
            self._spawn(service)
        for service in services:
            self.wait_ready(service, timeout)

    def _spawn(self, service: str) -> None:
        port = self.ports.setdefault(service, free_port())
        environ = {**self.environ, f"{service.upper()}_PORT": str(port)}
        command = [GONGZHI, "serve", service, "--district", str(self.district)]
        with self.log(service).open("a") as log:
            self.processes[service] = subprocess.Popen(  # noqa: S603 - as above
                command,
                cwd=ROOT,
                env=environ,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self, service: str) -> Path:
        return self.folder / f"{service}.log"

    def wait_ready(self, service: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_running(service)
            try:
                if requests.get(self.url(service, "/health/ready"), timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{service} not ready within {timeout:g} s\n{self.tail(service)}")

    def check_running(self, *services: str) -> None:
        """RuntimeError, with the end of its log, if a service's process has exited."""
        for service in services or tuple(self.processes):
            code = self.processes[service].poll()
            if code is not None:
                raise RuntimeError(f"{service} exited {code}\n{self.tail(service)}")

    def tail(self, service: str, lines: int = 20) -> str:
        text = self.log(service).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    def metric(self, service: str, name: str) -> float | None:
        page = requests.get(self.url(service, "/metrics"), timeout=10).text
        return metric_total(page, name)

    def stop_all(self, timeout: float = 30) -> None:
        """SIGINT to every process (they stop their in-flight work), SIGKILL past `timeout`."""
        for process in self.processes.values():
            _signal(process, signal.SIGINT)
        deadline = time.monotonic() + timeout
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal(process, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()


def _signal(process: subprocess.Popen, sig: signal.Signals) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):  # it ended since the poll
            os.killpg(process.pid, sig)
