"""Alembic environment for intake: run through `gongzhi db upgrade intake`."""

from alembic import context

from gongzhi.migrations import run_env
from intake.model import metadata

run_env(context, metadata)
