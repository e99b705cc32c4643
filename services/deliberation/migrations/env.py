"""Alembic environment for deliberation: run through `gongzhi db upgrade deliberation`."""

from alembic import context

from gongzhi.migrations import run_env
from deliberation.model import metadata

run_env(context, metadata)
