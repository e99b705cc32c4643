"""Notify's own dependencies: its plan (district, rules, channels, templates, the contact key),
built once at start, and the dispatcher's timer."""

from nameko.extensions import DependencyProvider
from nameko.timer import Timer

from gongzhi.district_store import DistrictStore
from notify import templates
from notify.config import notify_of
from notify.handlers import Plan


class NotifyPlan(DependencyProvider):
    store = DistrictStore()

    def setup(self) -> None:
        district = self.store.district
        notify = notify_of(district)
        self.plan = Plan(
            district=district,
            notify=notify,
            templates=templates.load(district.folder / notify.templates),
            contact_key=self.container.config["SETTINGS"].contact_key(),
        )

    def get_dependency(self, worker_ctx) -> Plan:
        return self.plan


class DispatchTimer(Timer):
    """nameko's timer, every `GONGZHI_DISPATCH_SECONDS`, read when the service is set up."""

    def __init__(self, **kwargs):
        super().__init__(interval=None, **kwargs)

    def setup(self) -> None:
        self.interval = self.container.config["SETTINGS"].dispatch_seconds
