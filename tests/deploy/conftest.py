"""The parsed docker-compose.yml, read by the compose, Prometheus and Grafana checks."""

from typing import Any

import pytest

from .common import ROOT, load_yaml


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml(ROOT / "docker-compose.yml")
