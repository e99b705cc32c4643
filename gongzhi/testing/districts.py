"""The sample district, and helpers that break a copy of it and read back the problems: for
the core's district tests and for each service's tests of the sections it owns."""

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from gongzhi.district import ConfigError, ConfigProblem, load_district

SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "districts" / "xiguan"
FIRST_GRID = "620502001001001"
FIRST_COMMUNITY = "620502001001"
# A resident's report of a blocked sewer in the sample district, as intake's API takes it.
SEWER_REPORT = {
    "category": "blocked-sewer",
    "lat": 34.5805,
    "long": 105.7203,
    "description": "下水道堵塞,污水漫到路面",
    "channel": "app",
    "attributes": {"overflowing": "yes", "gas_smell": "no"},
}


def copy_sample(into: Path) -> Path:
    """A copy of the sample district in `into`, for a test to break."""
    folder = into / "xiguan"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def problems_in(folder: Path, **load: Any) -> list[ConfigProblem]:
    """The problems `load_district(folder, **load)` raises."""
    with pytest.raises(ConfigError) as caught:
        load_district(folder, **load)
    return caught.value.problems


def where(problem: ConfigProblem) -> tuple[str, int | None, str]:
    return Path(problem.file).name, problem.line, problem.field


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    numbers = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return numbers[occurrence - 1]


def replace_section(folder: Path, name: str, section: str) -> None:
    """Replace the top-level section `name:` of the copy's district.yaml, from its key to the
    next line at the margin (the next section, or the comment above it), with `section`
    (YAML starting `name:`); every other section stays as the sample has it."""
    path = folder / "district.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{name}:\n") + 1
    after = re.compile(r"\n(?=\S)").search(text, start + len(name) + 2)
    end = after.end() if after else len(text)
    path.write_text(text[:start] + section.rstrip("\n") + "\n" + text[end:], encoding="utf-8")


def edit_config(folder: Path, old: str, new: str) -> int:
    """Replace the first `old` in the copy's district.yaml with `new`; the line it starts on."""
    path = folder / "district.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    start = text.index(old)
    path.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")
    return text[:start].count("\n") + 1


def without(folder: Path, start: str, end: str) -> None:
    """Cut the copy's district.yaml from `start` up to (not including) `end`: a section."""
    path = folder / "district.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index(start)] + text[text.index(end) :], encoding="utf-8")


def problems_after_edit(into: Path, old: str, new: str) -> tuple[int, list[ConfigProblem]]:
    """The line edited and the problems of a copy of the sample (made in `into`) whose
    district.yaml has `new` for `old`."""
    folder = copy_sample(into)
    line = edit_config(folder, old, new)
    return line, problems_in(folder)


def edit_category(folder: Path, code: str, old: str, new: str) -> tuple[str, int]:
    """Replace `old` with `new` in category `code`; its index and the edited line."""
    path = folder / "district.yaml"
    text = path.read_text()
    start = text.index(old, text.index(f"code: {code}"))
    path.write_text(text[:start] + new + text[start + len(old) :])
    categories = yaml.safe_load(text)["categories"]
    codes = [category["code"] for category in categories]
    return f"categories[{codes.index(code)}]", text[:start].count("\n") + 1


def edit_grid(folder: Path, code: str, change: Callable[[dict], None]) -> str:
    """Apply `change` to the feature of grid `code` and rewrite the file; the feature's path."""
    path = folder / "grids.geojson"
    collection = json.loads(path.read_text())
    codes = [feature["properties"]["code"] for feature in collection["features"]]
    change(collection["features"][codes.index(code)])
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=2))
    return f"features[{codes.index(code)}]"
