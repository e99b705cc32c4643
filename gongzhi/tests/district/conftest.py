import shutil
from pathlib import Path

import pytest

from .common import SAMPLE


@pytest.fixture
def district_folder(tmp_path: Path) -> Path:
    """A copy of the sample district, for a test to break."""
    folder = tmp_path / "xiguan"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder
