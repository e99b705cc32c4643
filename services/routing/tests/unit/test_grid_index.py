"""The grid index: which leaf grid a point is in, who gets a point on a shared edge, and the
nearest grid for a point just outside every grid."""

import math
from functools import cache

import pytest
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from gongzhi.district import Grid, load_district
from gongzhi.testing.districts import SAMPLE
from routing.grid_index import GridIndex, Placement
from routing.synth import synthetic_grids

FIRST, SECOND, FIFTH = "620502001001001", "620502001001002", "620502001001005"
WEST_RIM, NORTH_RIM = 105.70, 34.59  # of the sample district; the first grid is its NW corner
ROW_EDGE = 34.586667  # the edge between the first row of grids and the second


@cache
def sample_leaves() -> tuple[Grid, ...]:
    return load_district(SAMPLE).leaf_grids()


@cache
def synthetic_leaves() -> tuple[Grid, ...]:
    """Irregular quadrilaterals: the lattice's corners are jittered."""
    grids = synthetic_grids(200, seed=3)
    parents = {grid.parent for grid in grids}
    return tuple(grid for grid in grids if grid.code not in parents)


@cache
def synthetic_index() -> GridIndex:
    return GridIndex.build(synthetic_leaves())


def metres_west(long: float, lat: float, metres: float) -> float:
    return long - metres / (6_371_008.8 * math.pi / 180 * math.cos(math.radians(lat)))


def great_circle_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    (long1, lat1), (long2, lat2) = (map(math.radians, point) for point in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((long2 - long1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def leaf(code: str) -> Grid:
    return next(grid for grid in sample_leaves() if grid.code == code)


def polygon(code: str) -> BaseGeometry:
    shape = leaf(code).polygon
    assert shape is not None
    return shape


def shared_edge_midpoint(one: str, other: str) -> tuple[float, float]:
    edge = polygon(one).intersection(polygon(other))
    point = edge.interpolate(0.5, normalized=True)
    return point.x, point.y


@pytest.mark.parametrize("order", [1, -1], ids=["as loaded", "reversed"])
def test_a_point_on_a_shared_edge_goes_to_the_grid_with_the_smaller_code(order):
    index = GridIndex.build(sample_leaves()[::order])

    assert index.locate(*shared_edge_midpoint(FIRST, SECOND)) == leaf(FIRST)
    assert index.locate(*shared_edge_midpoint(FIRST, FIFTH)) == leaf(FIRST)


def test_a_corner_of_four_grids_goes_to_the_smallest_code():
    corner = polygon(FIRST).intersection(polygon("620502001001006"))

    located = GridIndex.build(sample_leaves()).locate(corner.x, corner.y)

    assert corner.geom_type == "Point"
    assert located == leaf(FIRST)


def test_a_point_inside_a_grid_is_placed_inside_it():
    inside = polygon(SECOND).representative_point()

    placement = GridIndex.build(sample_leaves(), nearest_within_m=100).place(inside.x, inside.y)

    assert placement == Placement(leaf(SECOND), "inside", 0.0)


def test_a_point_just_outside_goes_to_the_nearest_grid_within_the_distance():
    lat = 34.5885  # beside the first grid, west of the district
    long = metres_west(WEST_RIM, lat, 50)

    placement = GridIndex.build(sample_leaves(), nearest_within_m=100).place(long, lat)

    assert placement is not None
    assert (placement.grid.code, placement.how) == (FIRST, "nearest")
    assert placement.distance_m == pytest.approx(
        great_circle_m((long, lat), (WEST_RIM, lat)), abs=0.05
    )
    assert placement.distance_m == pytest.approx(50, abs=0.1)


def test_a_point_beyond_the_distance_is_in_no_grid():
    lat = 34.5885
    long = metres_west(WEST_RIM, lat, 50)

    assert GridIndex.build(sample_leaves(), nearest_within_m=40).place(long, lat) is None
    assert GridIndex.build(sample_leaves()).locate(long, lat) is None  # no nearest by default


def test_a_point_as_near_to_two_grids_goes_to_the_smaller_code():
    long = metres_west(WEST_RIM, ROW_EDGE, 30)  # level with the corner the two grids share

    placement = GridIndex.build(sample_leaves()[::-1], nearest_within_m=100).place(long, ROW_EDGE)

    assert placement is not None
    assert (placement.grid.code, placement.how) == (FIRST, "nearest")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_point_strictly_inside_a_leaf_grid_locates_to_that_grid(data):
    leaves = synthetic_leaves()
    grid = data.draw(st.sampled_from(leaves))
    west, south, east, north = grid.polygon.bounds
    across, up = data.draw(st.floats(0, 1)), data.draw(st.floats(0, 1))
    point = shapely.Point(west + across * (east - west), south + up * (north - south))
    assume(grid.polygon.contains(point) and grid.polygon.boundary.distance(point) > 1e-9)

    assert synthetic_index().locate(point.x, point.y) == grid


@settings(max_examples=200, deadline=None)
@given(long=st.floats(105.695, 105.745), lat=st.floats(34.565, 34.595))
def test_the_nearest_grid_is_one_a_search_of_every_grid_finds(long, lat):
    placement = GridIndex.build(sample_leaves(), nearest_within_m=150).place(long, lat)
    assume(placement is None or placement.how == "nearest")

    distances = {grid.code: _distance_m(grid, long, lat) for grid in sample_leaves()}
    nearest = min(distances.values())

    if nearest > 150.5:
        assert placement is None
    elif nearest < 149.5:
        assert placement is not None
        assert distances[placement.grid.code] == pytest.approx(nearest, abs=0.5)
        assert placement.distance_m == pytest.approx(nearest, abs=0.5)


def _distance_m(grid: Grid, long: float, lat: float) -> float:
    """Great-circle metres to the grid's nearest point (the sample's grids are upright
    rectangles, so the nearest point in degrees is the nearest point in metres)."""
    point = nearest_points(grid.polygon, shapely.Point(long, lat))[0]
    return great_circle_m((long, lat), (point.x, point.y))
