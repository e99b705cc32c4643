import math
import warnings

import prcoords
import pytest

from intake.geo import COORDINATE_SYSTEMS, distance_m, to_wgs84

TIANSHUI_OLD_TOWN = (34.5805, 105.7203)
METRES_PER_DEGREE_OF_LATITUDE = 111_195  # on the mean sphere; the ellipsoid differs by < 0.5 %


def test_a_point_from_amap_or_wechat_lands_where_it_was_taken():
    gcj02 = prcoords.wgs_gcj(TIANSHUI_OLD_TOWN)

    assert distance_m(to_wgs84(*gcj02, "gcj02"), TIANSHUI_OLD_TOWN) < 0.5


def test_a_point_from_baidu_lands_where_it_was_taken():
    bd09 = prcoords.wgs_bd(TIANSHUI_OLD_TOWN)

    assert distance_m(to_wgs84(*bd09, "bd09"), TIANSHUI_OLD_TOWN) < 0.5


def test_a_gcj02_point_read_as_wgs84_would_be_hundreds_of_metres_off():
    as_if_wgs84 = TIANSHUI_OLD_TOWN

    assert 100 < distance_m(to_wgs84(*TIANSHUI_OLD_TOWN, "gcj02"), as_if_wgs84) < 1000


def test_a_wgs84_point_passes_through():
    assert to_wgs84(*TIANSHUI_OLD_TOWN, "wgs84") == TIANSHUI_OLD_TOWN


def test_a_point_outside_china_is_left_alone_without_a_warning():
    paris = (48.8566, 2.3522)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert to_wgs84(*paris, "gcj02") == paris


def test_an_unknown_coordinate_system_is_refused_naming_the_accepted_ones():
    with pytest.raises(ValueError, match=", ".join(COORDINATE_SYSTEMS)):
        to_wgs84(*TIANSHUI_OLD_TOWN, "mercator")


@pytest.mark.parametrize(("north_m", "east_m"), [(30, 0), (0, 30), (18, 24)])
def test_distance_of_points_30_metres_apart(north_m, east_m):
    lat, long = TIANSHUI_OLD_TOWN
    other = (
        lat + north_m / METRES_PER_DEGREE_OF_LATITUDE,
        long + east_m / (METRES_PER_DEGREE_OF_LATITUDE * math.cos(math.radians(lat))),
    )

    assert distance_m(TIANSHUI_OLD_TOWN, other) == pytest.approx(30, abs=0.5)


def test_distance_is_symmetric_and_zero_to_itself():
    other = (34.5812, 105.7188)

    assert distance_m(TIANSHUI_OLD_TOWN, other) == distance_m(other, TIANSHUI_OLD_TOWN)
    assert distance_m(TIANSHUI_OLD_TOWN, TIANSHUI_OLD_TOWN) == 0
