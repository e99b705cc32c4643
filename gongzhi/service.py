"""What every service class shares: metrics and health endpoints, RED metrics, the district."""

from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Request, Response

from gongzhi import district as districts
from gongzhi.database import Database
from gongzhi.district_store import DistrictStore
from gongzhi.metrics import CONTENT_TYPE
from gongzhi.telemetry import Observe
from gongzhi.web import api, json_response


class DistrictConfig(DependencyProvider):
    store = DistrictStore()

    def get_dependency(self, worker_ctx) -> districts.District:
        return self.store.district


class ServiceBase:
    """Subclasses set `name` and `db = Database(metadata)`."""

    db: Database
    observe = Observe()
    district = DistrictConfig()

    @api("GET", "/metrics")
    def metrics(self, request: Request) -> Response:
        return Response(self.observe.exposition(), content_type=CONTENT_TYPE)

    @api("GET", "/health/live")
    def live(self, request: Request) -> Response:
        return json_response(200, {"status": "live"})

    @api("GET", "/health/ready")
    def ready(self, request: Request) -> Response:
        checks = {**self.db.readiness(), "config": self.district is not None}
        ok = all(checks.values())
        return json_response(200 if ok else 503, {"ready": ok, "checks": checks})
