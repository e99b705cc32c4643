"""What the sample district gives: its grid tree, workers, categories and summary."""

import dataclasses

import pytest
import shapely

from gongzhi.district import check_config, load_district
from gongzhi.testing.districts import FIRST_COMMUNITY, FIRST_GRID, SAMPLE


def test_sample_district_has_the_seed_grid_tree_of_1_6_and_72_grids():
    district = load_district(SAMPLE)

    levels = [grid.level for grid in district.grids]
    assert district.code == "620502001"
    assert district.name == "西关街道"
    assert district.timezone == "Asia/Shanghai"
    assert [levels.count(level) for level in (1, 2, 3)] == [1, 6, 72]
    assert {grid.level for grid in district.leaf_grids()} == {3}


def test_check_config_summarises_the_sample_district():
    assert check_config(SAMPLE) == (
        "xiguan (西关街道): 79 grids in 3 levels, 72 leaf grids, 13 categories, 79 workers: OK"
    )


def test_every_leaf_grid_has_its_own_grid_worker():
    district = load_district(SAMPLE)

    leaves = district.leaf_grids()
    workers = {grid.code: grid.grid_worker.id for grid in leaves if grid.grid_worker}
    assert workers == {grid.code: f"gw-{grid.code}" for grid in leaves}
    assert district.grid("620502001").grid_worker is None


def test_an_upper_level_grid_covers_exactly_its_children():
    district = load_district(SAMPLE)

    for grid in district.grids:
        children = [child.polygon for child in district.grids if child.parent == grid.code]
        if children:
            assert grid.polygon is not None
            assert grid.polygon.equals(shapely.unary_union(children)), grid.code


def test_grids_and_categories_are_looked_up_by_code():
    district = load_district(SAMPLE)

    assert district.grid(FIRST_GRID).parent == FIRST_COMMUNITY
    assert district.category("dangerous-house").tier == "street"
    assert district.category("property-dispute").category_class == "complex"
    with pytest.raises(KeyError):
        district.grid("620502001009001")


def test_categories_about_a_household_are_private_and_the_rest_public():
    district = load_district(SAMPLE)

    private = {code for code, category in district.categories.items() if category.private}
    assert private == {
        "family-dispute",
        "mental-illness-disturbance",
        "community-corrections",
        "post-release-assistance",
    }


def test_a_loaded_district_cannot_be_changed():
    district = load_district(SAMPLE)

    with pytest.raises(dataclasses.FrozenInstanceError):
        district.grid(FIRST_GRID).parent = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        district.categories["blocked-sewer"] = None  # type: ignore[index]
