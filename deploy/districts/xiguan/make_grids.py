"""Write grids.geojson for the sample district: run `python make_grids.py` in this folder.

The tree is the seed's (000): 1 first-level grid (the street), 6 second-level grids (one per
community), 72 third-level grids (12 per community). The geometry and the community names are
ILLUSTRATIVE: rectangles tiling an area around Tianshui's old town (WGS-84), 3 x 2 community
blocks, each split into 4 x 3 grids. An upper-level polygon is the union of its children: the
block rectangle. Rosters carry ids only, never personal names. Deterministic and rerunnable.
"""

import json
from pathlib import Path

STREET_CODE = "620502001"
STREET_NAME = "西关街道"
WEST, EAST, SOUTH, NORTH = 105.70, 105.74, 34.570, 34.590
COMMUNITY_COLUMNS, COMMUNITY_ROWS = 3, 2
GRID_COLUMNS, GRID_ROWS = 4, 3  # per community
COMMUNITY_NUMERALS = "一二三四五六"  # 西关第一社区 … 西关第六社区: illustrative names

COLUMNS = COMMUNITY_COLUMNS * GRID_COLUMNS
ROWS = COMMUNITY_ROWS * GRID_ROWS


def lon(column: int) -> float:
    return round(WEST + column * (EAST - WEST) / COLUMNS, 6)


def lat(row: int) -> float:
    """Row 0 is the northernmost, so codes run north-west to south-east."""
    return round(NORTH - row * (NORTH - SOUTH) / ROWS, 6)


def rectangle(column: int, row: int, width: int, height: int) -> dict:
    west, east = lon(column), lon(column + width)
    north, south = lat(row), lat(row + height)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}  # counter-clockwise, as RFC 7946 asks


def feature(code: str, name: str, level: int, parent: str | None, roster: list, geometry: dict):
    properties = {"code": code, "name": name, "level": level, "parent": parent, "roster": roster}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def member(prefix: str, code: str, role: str) -> dict:
    return {"id": f"{prefix}-{code}", "role": role}


def community_features(number: int) -> list[dict]:
    code, name = f"{STREET_CODE}{number + 1:03d}", f"西关第{COMMUNITY_NUMERALS[number]}社区"
    column = number % COMMUNITY_COLUMNS * GRID_COLUMNS
    row = number // COMMUNITY_COLUMNS * GRID_ROWS
    block = rectangle(column, row, GRID_COLUMNS, GRID_ROWS)
    roster = [member("gs", code, "grid_supervisor")]
    features = [feature(code, name, 2, STREET_CODE, roster, block)]
    for index in range(GRID_COLUMNS * GRID_ROWS):
        grid_code = f"{code}{index + 1:03d}"
        cell = rectangle(column + index % GRID_COLUMNS, row + index // GRID_COLUMNS, 1, 1)
        roster = [member("gw", grid_code, "grid_worker")]
        features.append(feature(grid_code, f"{name}第{index + 1}网格", 3, code, roster, cell))
    return features


def all_features() -> list[dict]:
    street = rectangle(0, 0, COLUMNS, ROWS)
    roster = [member("ps", STREET_CODE, "party_secretary")]
    features = [feature(STREET_CODE, STREET_NAME, 1, None, roster, street)]
    for number in range(COMMUNITY_COLUMNS * COMMUNITY_ROWS):
        features.extend(community_features(number))
    return features


def compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render(feature: dict) -> str:
    """One property per line, so that a problem points at its own line; geometry on one line."""
    properties = feature["properties"].items()
    lines = ",\n".join(f"        {compact(key)}: {compact(value)}" for key, value in properties)
    geometry = compact(feature["geometry"])
    return f"""    {{
      "type": "Feature",
      "properties": {{
{lines}
      }},
      "geometry": {geometry}
    }}"""


def main() -> None:
    features = ",\n".join(render(feature) for feature in all_features())
    text = f'{{\n  "type": "FeatureCollection",\n  "features": [\n{features}\n  ]\n}}\n'
    Path(__file__).with_name("grids.geojson").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
