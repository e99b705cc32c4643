"""Alembic environment for the tally: run through `gongzhi db upgrade tally`. It lives inside
the package, as package data, since the tally is installed as a copy, not in place."""

from alembic import context

from gongzhi.migrations import run_env
from tally.model import metadata

run_env(context, metadata)
