"""Metres on WGS-84 degrees, for the lengths and areas grids deal in (metres to a few km).

An equirectangular projection about a point: x east and y north in metres. Across a district
(tens of km) it is off by a fraction of a percent, far less than a grid's edge is drawn to.
"""

import math

from shapely.geometry.base import BaseGeometry

EARTH_RADIUS_M = 6_371_008.8  # the mean radius, as intake's great-circle distance takes it
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180  # of latitude; of longitude times cos(lat)


def metres_per_degree_of_longitude(lat: float) -> float:
    return METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 1e-6)  # not 0 at a pole


def square_metres(geometry: BaseGeometry) -> float:
    """The area of `geometry`, scaled at its centroid's latitude."""
    lat = geometry.centroid.y if not geometry.is_empty else 0.0
    return geometry.area * METRES_PER_DEGREE * metres_per_degree_of_longitude(lat)
