"""Alembic environment for deliberation: run through `gongzhi db upgrade deliberation`."""

from alembic import context

from deliberation.model import metadata
from gongzhi.migrations import run_env

run_env(context, metadata)
