"""Running services: one (`gongzhi serve`) or several in one process (`gongzhi up`)."""

import socket
from typing import Any

import kombu

from gongzhi import district, plugins
from gongzhi.settings import Settings


def port_of(service: str, settings: Settings) -> int:
    """`<SERVICE>_PORT`, else the port the service's plugin names."""
    return settings.ports.get(service) or plugins.get(service).port


def service_class(service: str) -> type:
    return plugins.get(service).service()


def container_config(
    service: str,
    folder: str,
    settings: Settings,
    *,
    host: str = "0.0.0.0",  # noqa: S104
) -> dict[str, Any]:
    """nameko's config for one service: what its extensions read in setup(), SETTINGS the rest."""
    loaded = district.load_district(folder)
    return {
        "AMQP_URI": settings.amqp_uri,
        "WEB_SERVER_ADDRESS": f"{host}:{port_of(service, settings)}",
        "DISTRICT": folder,
        "DISTRICT_CODE": loaded.code,
        "DATABASE": settings.database(service),
        "max_workers": settings.max_workers,
        "CLOCK": settings.new_clock(),
        "SETTINGS": settings,
    }


def broker_problem(uri: str) -> str | None:
    """None when a broker answers at `uri`; otherwise one clear line on what to do."""
    safe = kombu.Connection(uri).as_uri(include_password=False)
    try:
        with kombu.Connection(uri, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)
    except (TimeoutError, OSError, kombu.exceptions.OperationalError) as exc:
        return (
            f"no RabbitMQ answers at {safe} ({exc}). Start one with "
            "`rabbitmq-server -detached` or `docker compose up -d rabbitmq`, "
            "or point AMQP_URI at yours."
        )
    return None


def port_problem(services: tuple[str, ...] | list[str], settings: Settings) -> str | None:
    """eventlet listens with SO_REUSEPORT, so a second copy would silently share the port.

    The probe sets SO_REUSEADDR as eventlet does, so connections of a killed or stopped copy
    waiting in TIME_WAIT do not hold the port for a minute; Linux still refuses that bind while
    anything listens on the port. No SO_REUSEPORT here: with it, the bind would succeed then.
    """
    for service in services:
        port = port_of(service, settings)
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("0.0.0.0", port))  # noqa: S104
            except OSError:
                return (
                    f"port {port} for {service} is in use (another `gongzhi "
                    f"up`?); stop it or set {service.upper()}_PORT."
                )
    return None


def run(services: tuple[str, ...] | list[str], folder: str, settings: Settings) -> None:
    """Run the services in this process until SIGINT/SIGTERM, then stop them all."""
    import signal

    import eventlet
    from nameko.runners import ServiceRunner

    runners = []
    for service in services:
        runner = ServiceRunner(container_config(service, folder, settings))
        runner.add_service(service_class(service))
        runners.append(runner)
    stopping = eventlet.event.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.ready() or stopping.send(True))
    for runner in runners:
        runner.start()
    try:
        stopping.wait()
    finally:
        pool = eventlet.GreenPool()
        for runner in runners:
            pool.spawn(runner.stop)  # together: each waits for its in-flight work
        pool.waitall()
