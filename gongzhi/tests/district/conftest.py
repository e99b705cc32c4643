from pathlib import Path

import pytest

from gongzhi.testing.districts import copy_sample


@pytest.fixture
def district_folder(tmp_path: Path) -> Path:
    """A copy of the sample district, for a test to break."""
    return copy_sample(tmp_path)
