"""Alembic environment for notify: run through `gongzhi db upgrade notify`."""

from alembic import context

from gongzhi.migrations import run_env
from notify.model import metadata

run_env(context, metadata)
