"""API keys in a running system's databases, as `gongzhi keys issue --service S` issues them."""

from gongzhi import apikeys, plugins
from gongzhi.db import create_engine_for
from gongzhi.testing.system import System


def issue(system: System, service: str, name: str, role: str) -> str:
    """A new key of `service` for `name` in `role`; call it once `system.start` has migrated
    the service's database."""
    keys = plugins.get(service).api_keys
    assert keys is not None, f"{service} takes no API keys"
    table, roles = keys()
    engine = create_engine_for(system.databases[service])
    try:
        return apikeys.issue(engine, table, name, role, roles=roles)
    finally:
        engine.dispose()
