"""Services running in the test process, on free ports, against real RabbitMQ and databases."""

import dataclasses
import shutil
import socket
import time
from pathlib import Path

import eventlet
import requests
from nameko.containers import ServiceContainer
from nameko.testing.services import entrypoint_hook

from gongzhi import apikeys, district, migrations, plugins, runner
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.settings import Settings

SAMPLE_DISTRICT = Path(__file__).resolve().parents[2] / "deploy" / "districts" / "xiguan"
# The environment the services are set up from (not this process's): see gongzhi.settings.
TEST_CONTACT_KEY = "Z_gZVTNBdafxPQFQGKjqKGS0kpJoFraZpPHoSPJrwN0="  # Fernet; for tests alone
TEST_PREFERENCES_KEY = "test-preferences-key-for-tests-alone-0123456789"  # signs residents' links
TEST_RATING_KEY = "test-rating-key-for-tests-alone-0123456789"  # signs residents' rating links
TEST_VOUCHER_KEY = "test-voucher-key-for-tests-alone-0123456789"  # signs the shop's vouchers
TEST_ENVIRON = {
    "GONGZHI_PSEUDONYM_KEY": "test-pseudonym-key",
    "GONGZHI_CONTACT_KEY": TEST_CONTACT_KEY,
    "GONGZHI_PREFERENCES_KEY": TEST_PREFERENCES_KEY,
    "GONGZHI_RATING_KEY": TEST_RATING_KEY,
    "GONGZHI_VOUCHER_KEY": TEST_VOUCHER_KEY,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def awake_district(into: Path) -> Path:
    """A copy of the sample district in `into` without quiet hours: services on the real clock
    deliver at any hour, so a test run at 23:00 district time sees what one at noon does. The
    sample's quiet hours (22:00–07:00) are tested on a FakeClock, in notify's own tests."""
    folder = into / "xiguan"
    shutil.copytree(SAMPLE_DISTRICT, folder, ignore=shutil.ignore_patterns("__pycache__"))
    config = folder / "district.yaml"
    text = config.read_text()
    awake = '\nnotify:\n  quiet_hours: {start: "00:00", end: "00:00"}  # none (tests)\n'
    config.write_text(text.replace("\nnotify:\n", awake, 1))
    return folder


class System:
    def __init__(
        self,
        amqp_uri: str,
        databases: dict[str, DatabaseSettings],
        folder: Path = SAMPLE_DISTRICT,
    ):
        self.amqp_uri = amqp_uri
        self.databases = databases
        self.containers: dict[str, ServiceContainer] = {}
        self.ports: dict[str, int] = {}
        self.folder = folder  # the district's config folder
        self.district = district.load_district(folder)
        self._migrated: set[str] = set()
        self._keys: dict[tuple[str, str, str], str] = {}
        self.clock: object | None = None  # a FakeClock the services then run on, if set
        self.environ = dict(TEST_ENVIRON)  # a test may set more before it starts a service

    def start(self, *services: str) -> "System":
        for service in services:
            self.start_class(runner.service_class(service), wait=False)
        for service in services:
            self.wait_ready(service)
        return self

    def start_class(self, cls: type, *, wait: bool = True) -> None:
        """Run a service class (a real one, or a test's variant with the same name)."""
        service = getattr(cls, "name")  # noqa: B009 - nameko service classes carry it
        self._migrate(service)
        self.ports.setdefault(service, free_port())
        container = ServiceContainer(cls, self._config(service))
        container.start()
        self.containers[service] = container
        if wait:
            self.wait_ready(service)

    def _migrate(self, service: str) -> None:
        if service not in self._migrated:
            migrations.upgrade(service, self.databases[service])
            self._migrated.add(service)

    def _config(self, service: str) -> dict:
        settings = Settings.from_environ(
            {**self.environ, "AMQP_URI": self.amqp_uri}, plugins.names()
        )
        settings = dataclasses.replace(settings, databases=self.databases)
        return {
            "AMQP_URI": self.amqp_uri,
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{self.ports[service]}",
            "DISTRICT": str(self.folder),
            "DISTRICT_CODE": self.district.code,
            "DATABASE": self.databases[service],
            "max_workers": settings.max_workers,
            "SETTINGS": settings,
        } | ({"CLOCK": self.clock} if self.clock is not None else {})

    def key(self, service: str, role: str, name: str = "tests") -> str:
        """The test's live API key of `role` on `service` (issued in its database on first
        use, as `gongzhi keys issue` issues one), the same for each call."""
        if (service, role, name) not in self._keys:
            self._keys[service, role, name] = self._issue_key(service, role, name)
        return self._keys[service, role, name]

    def _issue_key(self, service: str, role: str, name: str) -> str:
        self._migrate(service)
        keys = plugins.get(service).api_keys
        assert keys is not None, f"{service} has no API keys"
        table, roles = keys()
        engine = create_engine_for(self.databases[service])
        try:
            return apikeys.issue(engine, table, name, role, roles=roles)
        finally:
            engine.dispose()

    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    def get(self, service: str, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url(service, path), timeout=10, **kwargs)

    def post(self, service: str, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url(service, path), timeout=10, **kwargs)

    def put(self, service: str, path: str, **kwargs) -> requests.Response:
        return requests.put(self.url(service, path), timeout=10, **kwargs)

    def metric(self, service: str, name: str) -> float:
        """The sum of a metric's samples on the service's /metrics (all label sets)."""
        lines = self.get(service, "/metrics").text.splitlines()
        return sum(float(line.rsplit(" ", 1)[1]) for line in lines if line.startswith(name + "{"))

    def wait_ready(self, service: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.get(service, "/health/ready").status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{service} not ready within {timeout}s")

    def tick(self, service: str, timer: str) -> None:
        """Run a running service's timer entrypoint now, as its next tick would (a test on a
        FakeClock need not wait out the interval), and return once its worker has."""
        with entrypoint_hook(self.containers[service], timer) as run:
            run()

    def stop(self, service: str) -> None:
        self.containers.pop(service).stop()

    def stop_all(self) -> None:
        pool = eventlet.GreenPool()
        for service in list(self.containers):
            pool.spawn(self.stop, service)
        pool.waitall()


def eventually(check, timeout: float = 15, interval: float = 0.05):
    """Poll `check` until it returns something truthy; its last value or a TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"still {value!r} after {timeout}s")
        time.sleep(interval)
