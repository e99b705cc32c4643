"""Every service's Alembic history builds exactly the tables its model declares."""

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from gongzhi import migrations
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.plugins import names


@pytest.mark.parametrize("service", names())
def test_migrations_match_the_model(service, database_settings):
    settings: DatabaseSettings = database_settings[service]
    migrations.upgrade(service, settings)
    metadata = importlib.import_module(f"{service}.model").metadata
    engine = create_engine_for(settings)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_server_default": False})
        assert compare_metadata(context, metadata) == []
    engine.dispose()
