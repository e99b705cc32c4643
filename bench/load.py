"""Reports posted to intake by concurrent clients, and when routing announced each one."""

import json
import sys
import time

import eventlet
import kombu
import requests

ASSIGNED = "routing.issue.assigned.v1"
REPORT = {
    "category": "blocked-sewer",
    "lat": 34.5805,
    "long": 105.7203,
    "description": "下水道堵塞,污水漫到路面",
    "channel": "app",
    "reporter_contact": "13800138000",
    "attributes": {"overflowing": "yes", "gas_smell": "no"},
}


def report_at(n: int) -> dict:
    """The n-th report, on a lattice 55 m by 110 m apart: each one a case of its own, never a
    co-report of another (the sample district merges reports within 50 m)."""
    return {**REPORT, "lat": 34.5705 + (n % 40) * 0.0005, "long": 105.7005 + (n // 40) * 0.001}


class Listener:
    """An exclusive queue bound to `gongzhi.routing`: when each issue's assignment was seen."""

    def __init__(self, amqp_uri: str):
        self.seen: dict[str, float] = {}
        self._stopped = False
        self._connection = kombu.Connection(amqp_uri)
        self._connection.connect()
        channel = self._connection.connection.channel()
        queue = channel.queue_declare(exclusive=True, auto_delete=True).queue
        channel.queue_bind(queue, "gongzhi.routing", ASSIGNED)
        channel.basic_consume(queue, no_ack=True, callback=self._on_message)
        self._thread = eventlet.spawn(self._drain)

    def _on_message(self, message) -> None:
        seen_at = time.monotonic()
        self.seen[json.loads(message.body)["data"]["issue_id"]] = seen_at

    def _drain(self) -> None:
        """Until closed; a lost connection ends it (the POSTs fail then too, and say why)."""
        while not self._stopped:
            try:
                self._connection.connection.drain_events(timeout=0.2)
            except TimeoutError:
                continue
            except OSError as exc:
                print(f"listener: connection to the broker lost ({exc})", file=sys.stderr)
                return

    def wait_for(self, ids, timeout: float) -> int:
        """Wait until every id was seen; how many were not, when the time is up."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(i not in self.seen for i in ids):
            eventlet.sleep(0.05)
        return sum(1 for i in ids if i not in self.seen)

    def close(self) -> None:
        self._stopped = True
        self._thread.wait()
        self._connection.release()


def post_reports(
    url: str, api_key: str, count: int, clients: int
) -> tuple[dict[str, float], float]:
    """POST `count` reports with `api_key` from `clients` green threads; (id -> time of the
    201, seconds)."""
    accepted: dict[str, float] = {}
    started = time.monotonic()
    threads = [
        eventlet.spawn(_client, url, api_key, first, share, accepted)
        for first, share in _shares(count, clients)
    ]
    for thread in threads:
        thread.wait()
    return accepted, time.monotonic() - started


def _shares(count: int, clients: int) -> list[tuple[int, int]]:
    """(first report number, how many) for each client: every report at a place of its own."""
    sizes = [count // clients + (n < count % clients) for n in range(clients)]
    return [(sum(sizes[:n]), sizes[n]) for n in range(clients)]


def _client(url: str, api_key: str, first: int, count: int, accepted: dict[str, float]) -> None:
    with requests.Session() as session:
        session.headers["X-Api-Key"] = api_key
        for n in range(first, first + count):
            response = session.post(url, json=report_at(n), timeout=30)
            if response.status_code != 201 or response.json()["merged"]:
                raise RuntimeError(f"POST answered {response.status_code}: {response.text}")
            accepted[response.json()["id"]] = time.monotonic()


def latencies(accepted: dict[str, float], seen: dict[str, float]) -> list[float]:
    """Seconds from each 201 to its assignment event, sorted."""
    return sorted(seen[i] - at for i, at in accepted.items() if i in seen)


def open311_form(n: int, api_key: str) -> dict:
    """The n-th Open311 POST: a category of its own, so it never merges with the native ones."""
    place = report_at(n)
    return {
        "api_key": api_key,
        "service_code": "disorderly-parking",
        "lat": place["lat"],
        "long": place["long"],
        "description": "消防栓前停了一辆车",
        "phone": "13800138000",
    }


def post_open311(url: str, api_key: str, count: int, clients: int) -> tuple[list[float], float]:
    """POST `count` Open311 requests from `clients` green threads; (each one's seconds, total)."""
    took: list[float] = []
    started = time.monotonic()
    share = [count // clients + (n < count % clients) for n in range(clients)]
    offsets = [sum(share[:n]) for n in range(clients)]
    threads = [
        eventlet.spawn(_open311_client, url, api_key, offsets[n], share[n], took)
        for n in range(clients)
    ]
    for thread in threads:
        thread.wait()
    return sorted(took), time.monotonic() - started


def _open311_client(url: str, api_key: str, first: int, count: int, took: list[float]) -> None:
    with requests.Session() as session:
        for n in range(first, first + count):
            began = time.monotonic()
            response = session.post(url, data=open311_form(n, api_key), timeout=30)
            if response.status_code != 200:
                raise RuntimeError(f"Open311 POST answered {response.status_code}: {response.text}")
            took.append(time.monotonic() - began)
