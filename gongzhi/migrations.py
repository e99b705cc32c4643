"""Alembic, one history per service, run by `gongzhi db upgrade` (never on import or start)."""

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from sqlalchemy import MetaData, text

from gongzhi import plugins
from gongzhi.db import DatabaseSettings, create_engine_for


def alembic_config(service: str, settings: DatabaseSettings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(plugins.get(service).migrations))
    config.attributes["settings"] = settings
    return config


def upgrade(service: str, settings: DatabaseSettings, revision: str = "head"):
    command.upgrade(alembic_config(service, settings), revision)


def run_env(context: EnvironmentContext, metadata: MetaData) -> None:
    """Called from each service's migrations/env.py."""
    settings: DatabaseSettings = context.config.attributes["settings"]
    engine = create_engine_for(settings)
    with engine.connect() as connection:
        if settings.schema:
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{settings.schema}"'))
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=settings.is_sqlite,
            version_table_schema=settings.schema,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
