"""Coordinates from Chinese map apps, points of grids, and distances. Plain functions."""

import math

import prcoords

from gongzhi.district import District

COORDINATE_SYSTEMS = ("wgs84", "gcj02", "bd09")
EARTH_RADIUS_M = 6_371_008.8
# The precise (iterative) inverses: the plain ones are off by a metre or more.
_TO_WGS84 = {"gcj02": prcoords.gcj_wgs_bored, "bd09": prcoords.bd_wgs_bored}


def to_wgs84(lat: float, long: float, system: str) -> tuple[float, float]:
    """WGS-84 from WGS-84, GCJ-02 (Amap, Tencent, WeChat) or BD-09 (Baidu)."""
    if system == "wgs84":
        return lat, long
    if system not in _TO_WGS84:
        raise ValueError(
            f"unknown coordinate system {system!r}: one of {', '.join(COORDINATE_SYSTEMS)}"
        )
    point = prcoords.Coords(lat, long)
    if not prcoords.sanity_in_china_p(point):
        # Outside China the apps already speak WGS-84; prcoords' precise inverse would warn
        # "returning as-is" and then shift the point anyway (by ~1 km in Paris).
        return lat, long
    converted = _TO_WGS84[system](point)
    return converted.lat, converted.lon


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lat, long) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def grid_point(district: District, code: str) -> tuple[float, float] | None:
    """A (lat, long) inside the grid with this code, for a report placed by grid code;
    None for a code the district does not have, or a grid without a polygon."""
    try:
        polygon = district.grid(code).polygon
    except KeyError:
        return None
    if polygon is None:
        return None
    point = polygon.representative_point()
    return point.y, point.x
