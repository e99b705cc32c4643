"""Alembic environment for scoring: run through `gongzhi db upgrade scoring`."""

from alembic import context

from gongzhi.migrations import run_env
from scoring.model import metadata

run_env(context, metadata)
