"""Intake's descriptor for the core, found through the `gongzhi.services` entry point in
pyproject.toml: reports of residents' concerns from every channel."""

from pathlib import Path

from gongzhi.district import District, Section
from gongzhi.plugins import Plugin
from intake import events
from intake.config import IntakeSchema, intake_of

HERE = Path(__file__).resolve().parent


def service() -> type:
    from intake.service import IntakeService

    return IntakeService


def openapi() -> dict:
    from intake.openapi import document

    return document()


def api_keys() -> tuple:
    from intake.model import KEY_ROLES, api_keys

    return api_keys, KEY_ROLES


def recipients(district: District) -> tuple[str, ...]:
    """The platforms intake hands work orders back to: each gets its queue outbound.<id>."""
    return tuple(intake_of(district).platforms)


PLUGIN = Plugin(
    name="intake",
    port=8000,
    service=service,
    events=events,
    migrations=HERE.parent / "migrations",
    openapi=openapi,
    openapi_file=HERE.parent / "openapi.json",
    api_keys=api_keys,
    config={"intake": Section(IntakeSchema)},
    recipients=recipients,
)
