"""Scoring's descriptor for the core (points ledger, redemption and ratings), found through the
`gongzhi.services` entry point in pyproject.toml."""

from pathlib import Path

from gongzhi.district import Section
from gongzhi.plugins import Plugin
from scoring import commands, events
from scoring.config import Scoring, ScoringSchema, check

HERE = Path(__file__).resolve().parent


def service() -> type:
    from scoring.service import ScoringService

    return ScoringService


def openapi() -> dict:
    from scoring.openapi import document

    return document()


def api_keys() -> tuple:
    from scoring.model import KEY_ROLES, api_keys

    return api_keys, KEY_ROLES


PLUGIN = Plugin(
    name="scoring",
    port=8004,
    service=service,
    events=events,
    migrations=HERE.parent / "migrations",
    openapi=openapi,
    openapi_file=HERE.parent / "openapi.json",
    api_keys=api_keys,
    commands=commands.add_parsers,
    config={"scoring": Section(ScoringSchema, Scoring(), check=check)},
)
