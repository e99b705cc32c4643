"""Scoring's descriptor for the core (points ledger, redemption and ratings), found through the
`gongzhi.services` entry point in pyproject.toml."""

from pathlib import Path

from gongzhi.plugins import Plugin
from scoring import events

HERE = Path(__file__).resolve().parent


def service() -> type:
    from scoring.service import ScoringService

    return ScoringService


PLUGIN = Plugin(
    name="scoring",
    port=8004,
    service=service,
    events=events,
    migrations=HERE.parent / "migrations",
)
