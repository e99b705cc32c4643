"""The services installed beside the core. Each service declares one entry point in the group
`gongzhi.services`, naming the `Plugin` in its `plugin.py`; the core finds the services through
that group alone and never imports one by name.

    [project.entry-points."gongzhi.services"]
    intake = "intake.plugin:PLUGIN"

A descriptor is small and plain: loading it imports the service's events and config schemas,
not its nameko service, so that `gongzhi` can list and check services before eventlet patches
the standard library. What is heavy is reached through a function called when it is needed.
"""

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gongzhi.district.model import District
    from gongzhi.district.sections import Section

GROUP = "gongzhi.services"


@dataclass(frozen=True)
class Plugin:
    """What the core needs to know of one service."""

    name: str
    port: int  # its HTTP port unless `<NAME>_PORT` says otherwise
    service: Callable[[], type]  # the nameko service class
    events: ModuleType  # EMITS, CONSUMES and, for other systems' events, INBOUND
    migrations: Path  # alembic's script location: one history per service
    openapi: Callable[[], dict[str, Any]] | None = None  # its HTTP API, if it has one ...
    openapi_file: Path | None = None  # ... and where `gongzhi contract` commits it
    config: Mapping[str, "Section"] = field(default_factory=dict)  # district.yaml sections it owns
    commands: Callable[[argparse._SubParsersAction, str], None] | None = None  # sub-commands
    api_keys: Callable[[], tuple[Any, tuple[str, ...]]] | None = None  # (table, roles)
    # The outside systems its outbound events go to, as the district config names them.
    recipients: Callable[["District"], tuple[str, ...]] | None = None


class UnknownService(LookupError):
    def __init__(self, name: str):
        super().__init__(f"no service {name!r} is installed (installed: {', '.join(names())})")


def names() -> tuple[str, ...]:
    """The installed services, in port order (intake, routing, ...), without loading them."""
    return tuple(installed())


@cache
def installed() -> dict[str, Plugin]:
    """Every installed service's descriptor by name, in port order."""
    plugins = [point.load() for point in entry_points(group=GROUP)]
    for plugin in plugins:
        if not isinstance(plugin, Plugin):
            raise TypeError(f"entry point {GROUP} gave {plugin!r}, not a gongzhi Plugin")
    return {plugin.name: plugin for plugin in sorted(plugins, key=lambda p: (p.port, p.name))}


def get(name: str) -> Plugin:
    try:
        return installed()[name]
    except KeyError:
        raise UnknownService(name) from None


def recipients(district: "District") -> tuple[str, ...]:
    """Every outside system the installed services address events to in this district: each
    gets its queue on the bus (gongzhi.topology)."""
    named = {
        recipient
        for plugin in installed().values()
        if plugin.recipients is not None
        for recipient in plugin.recipients(district)
    }
    return tuple(sorted(named))


def selected(only: str | None) -> tuple[str, ...]:
    """The services a comma-separated `--only` names (all installed when None), checked."""
    if not only:
        return names()
    chosen = tuple(name.strip() for name in only.split(",") if name.strip())
    for name in chosen:
        get(name)
    return chosen
