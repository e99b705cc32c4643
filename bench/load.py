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


def post_reports(url: str, count: int, clients: int) -> tuple[dict[str, float], float]:
    """POST `count` reports from `clients` green threads; (id -> time of the 201, seconds)."""
    accepted: dict[str, float] = {}
    started = time.monotonic()
    threads = [
        eventlet.spawn(_client, url, count // clients + (n < count % clients), accepted)
        for n in range(clients)
    ]
    for thread in threads:
        thread.wait()
    return accepted, time.monotonic() - started


def _client(url: str, count: int, accepted: dict[str, float]) -> None:
    with requests.Session() as session:
        for n in range(count):
            response = session.post(url, json=report_at(len(accepted) + n), timeout=30)
            if response.status_code != 201:
                raise RuntimeError(f"POST answered {response.status_code}: {response.text}")
            accepted[response.json()["id"]] = time.monotonic()


def latencies(accepted: dict[str, float], seen: dict[str, float]) -> list[float]:
    """Seconds from each 201 to its assignment event, sorted."""
    return sorted(seen[i] - at for i, at in accepted.items() if i in seen)
