"""Alembic environment for routing: run through `gongzhi db upgrade routing`."""

from alembic import context

from gongzhi.migrations import run_env
from routing.model import metadata

run_env(context, metadata)
