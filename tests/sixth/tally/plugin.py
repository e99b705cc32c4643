"""The tally's descriptor for the core, found through the `gongzhi.services` entry point in
pyproject.toml: all the core learns of the tally, it learns here."""

from pathlib import Path

from gongzhi.district import Section
from gongzhi.plugins import Plugin
from tally import events
from tally.config import Tally, TallySchema

HERE = Path(__file__).resolve().parent


def service() -> type:
    from tally.service import TallyService

    return TallyService


PLUGIN = Plugin(
    name="tally",
    port=8009,
    service=service,
    events=events,
    migrations=HERE / "migrations",
    config={"tally": Section(TallySchema, default=Tally())},
)
