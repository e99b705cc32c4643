"""Routing's own dependencies."""

from nameko.extensions import DependencyProvider

from gongzhi.service import DistrictStore
from routing.model import GridIndex


class Grids(DependencyProvider):
    """The spatial index of the district's leaf grids, built once at start."""

    store = DistrictStore()

    def setup(self) -> None:
        self.index = GridIndex.build(self.store.district.leaf_grids())

    def get_dependency(self, worker_ctx) -> GridIndex:
        return self.index
