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


PLUGIN = Plugin(
    name="notify",
    port=8003,
    service=service,
    events=events,
    migrations=HERE.parent / "migrations",
    commands=commands.add_parsers,
    config={"notify": Section(NotifySchema, Notify(), check=check)},
)
