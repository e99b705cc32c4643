"""Deliberation's descriptor for the core (1+4+N councils), found through the
`gongzhi.services` entry point in pyproject.toml."""

from pathlib import Path

from deliberation import commands, events
from deliberation.config import Deliberation
from deliberation.config_checks import check
from deliberation.config_schema import DeliberationSchema
from gongzhi.district import Section
from gongzhi.plugins import Plugin

HERE = Path(__file__).resolve().parent


def service() -> type:
    from deliberation.service import DeliberationService

    return DeliberationService


def openapi() -> dict:
    from deliberation.openapi import document

    return document()


def api_keys() -> tuple:
    from deliberation.model import KEY_ROLES, api_keys

    return api_keys, KEY_ROLES


PLUGIN = Plugin(
    name="deliberation",
    port=8002,
    service=service,
    events=events,
    migrations=HERE.parent / "migrations",
    commands=commands.add_parsers,
    config={"deliberation": Section(DeliberationSchema, Deliberation(), check=check)},
    openapi=openapi,
    openapi_file=HERE.parent / "openapi.json",
    api_keys=api_keys,
)
