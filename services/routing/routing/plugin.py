"""Routing's descriptor for the core, found through the `gongzhi.services` entry point in
pyproject.toml: grids, owners, assignment, SLA clocks and lights."""

from pathlib import Path

from gongzhi.district import Section
from gongzhi.plugins import Plugin
from routing import commands, events
from routing.config import RoutingPolicy, SlaPolicy
from routing.config_schema import RoutingSchema, SlaSchema, routes_name_categories

HERE = Path(__file__).resolve().parent


def service() -> type:
    from routing.service import RoutingService

    return RoutingService


def openapi() -> dict:
    from routing.openapi import document

    return document()


def api_keys() -> tuple:
    from routing.model import KEY_ROLES, api_keys

    return api_keys, KEY_ROLES


PLUGIN = Plugin(
    name="routing",
    port=8001,
    service=service,
    events=events,
    migrations=HERE.parent / "migrations",
    openapi=openapi,
    openapi_file=HERE.parent / "openapi.json",
    api_keys=api_keys,
    commands=commands.add_parsers,
    config={
        "sla": Section(SlaSchema, SlaPolicy()),
        "routing": Section(RoutingSchema, RoutingPolicy(), check=routes_name_categories),
    },
)
