"""Notify's descriptor for the core (templates, channels and the delivery log), found through the
`gongzhi.services` entry point in pyproject.toml."""

from pathlib import Path

from gongzhi.district import Section
from gongzhi.plugins import Plugin
from notify import commands, events
from notify.config import Notify, NotifySchema, check

HERE = Path(__file__).resolve().parent


def service() -> type:
    from notify.service import NotifyService

    return NotifyService


def openapi() -> dict:
    from notify.openapi import document

    return document()


def api_keys() -> tuple:
    from notify.model import KEY_ROLES, api_keys

    return api_keys, KEY_ROLES


PLUGIN = Plugin(
    name="notify",
    port=8003,
    service=service,
    events=events,
    migrations=HERE.parent / "migrations",
    openapi=openapi,
    openapi_file=HERE.parent / "openapi.json",
    commands=commands.add_parsers,
    api_keys=api_keys,
    config={"notify": Section(NotifySchema, Notify(), check=check)},
)
