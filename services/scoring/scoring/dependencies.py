"""Scoring's own dependencies: its book (the district's scoring: section, its code and the
ledger's policy) and its ratings' plan, built once at start, the public routes' rate limit, and
its metrics."""

from collections.abc import Callable, Iterable

from nameko.extensions import DependencyProvider
from prometheus_client import Counter, Gauge
from werkzeug.wrappers import Request

from gongzhi.clock import SystemClock
from gongzhi.devkeys import signing_keys
from gongzhi.district_store import DistrictStore
from gongzhi.keyguard import too_many
from gongzhi.ratelimit import RateLimiter
from gongzhi.settings import Settings
from gongzhi.telemetry import Telemetry
from scoring import ratings
from scoring.assessment_close import Scored
from scoring.assessment_plan import Plan, plan_of
from scoring.earning import Book, book_of
from scoring.export_scope import Scopes, scopes_of

DEVELOPMENT_KEY_FILE = "rating.key"  # in GONGZHI_VAR, without GONGZHI_RATING_KEY


class ScoringBook(DependencyProvider):
    store = DistrictStore()

    def setup(self) -> None:
        self.book = book_of(self.store.district)

    def get_dependency(self, worker_ctx) -> Book:
        return self.book


class AssessmentPlan(DependencyProvider):
    """What assessment needs of the district (scoring.assessment:, its zone, its communities)."""

    store = DistrictStore()

    def setup(self) -> None:
        self.plan = plan_of(self.store.district)

    def get_dependency(self, worker_ctx) -> Plan:
        return self.plan


class RatingPlan(DependencyProvider):
    """`plan = RatingPlan()`: ratings.Plan of the district, with the keys of rating links."""

    store = DistrictStore()

    def setup(self) -> None:
        keys = rating_keys(self.container.config["SETTINGS"])
        self.plan = ratings.plan_of(self.store.district, keys)

    def get_dependency(self, worker_ctx) -> ratings.Plan:
        return self.plan


def rating_keys(settings: Settings) -> tuple[bytes, ...]:
    """GONGZHI_RATING_KEY's keys, newest last; without it, a development key made in
    GONGZHI_VAR (warned): links then hold only while that folder does."""
    given, var = settings.rating_keys, settings.var
    return signing_keys(given, var, DEVELOPMENT_KEY_FILE, "GONGZHI_RATING_KEY")


class PublicRate(DependencyProvider):
    """`public_rate = PublicRate()`; then `self.public_rate(request)` admits a request to a
    route for anyone, or HttpError 429 with Retry-After: a token bucket per client address,
    at the rate API keys have (GONGZHI_RATE_PER_MINUTE, GONGZHI_RATE_BURST), per process."""

    def setup(self) -> None:
        settings = self.container.config["SETTINGS"]
        self.limiter = RateLimiter(
            rate_per_minute=settings.rate_per_minute, burst=settings.rate_burst, clock=SystemClock()
        )

    def get_dependency(self, worker_ctx) -> Callable[[Request], None]:
        return self.admit

    def admit(self, request: Request) -> None:
        allowed, retry_after = self.limiter.allow(f"address:{request.remote_addr}")
        if not allowed:
            raise too_many(retry_after)


class ScoringMetrics(DependencyProvider):
    """Points issued (earned out of a budget) by community, and expired; anomaly flags raised
    this month by community; assessment's yellow cards, and each department's satisfaction
    and score this month."""

    telemetry = Telemetry()

    def setup(self) -> None:
        registry = self.telemetry.metrics.registry
        self.service = self.container.service_name
        self.issued_points = Counter(
            "gongzhi_scoring_points_issued",
            "Points earned out of a community's budget (or the district's, for residents known "
            "by a pseudonym alone), by community code.",
            ["service", "community"],
            registry=registry,
        )
        self.expired_points = Counter(
            "gongzhi_scoring_points_expired",
            "Points moved to the expiry account, past the district's expiry.after_days.",
            ["service"],
            registry=registry,
        )
        self.expired_points.labels(self.service)
        self.skipped_earners = Counter(
            "gongzhi_scoring_earners_skipped",
            "Earners a rule named that could not earn, by reason: unregistered (a person id "
            "not in the people registry, e.g. a council member who voted but was never "
            "registered).",
            ["service", "reason"],
            registry=registry,
        )
        self.skipped_earners.labels(self.service, "unregistered")
        self.project_steps = Counter(
            "gongzhi_scoring_projects",
            "Projects that reached a state (open, claimed, done, confirmed), by state.",
            ["service", "state"],
            registry=registry,
        )
        self.project_points = Counter(
            "gongzhi_scoring_project_points_issued",
            "Points posted to claimants of confirmed projects, by community code.",
            ["service", "community"],
            registry=registry,
        )
        for state in ("open", "claimed", "done", "confirmed"):
            self.project_steps.labels(self.service, state)
        self.anomaly_flags = Gauge(
            "gongzhi_scoring_anomaly_flags",
            "Earners flagged this month (the district's month) for earning far above their "
            "community's norm, by community code; set from the database every minute.",
            ["service", "community"],
            registry=registry,
        )
        self._assessment_metrics(registry)
        self._rating_metrics(registry)
        self._shop_metrics(registry)
        self._export_metrics(registry)

    def _assessment_metrics(self, registry) -> None:
        self.yellow_cards = Counter(
            "gongzhi_scoring_yellow_cards",
            "Yellow cards issued: an owner's closed month scored under the threshold.",
            ["service", "owner_kind"],
            registry=registry,
        )
        self.satisfaction = Gauge(
            "gongzhi_scoring_department_satisfaction_ratio",
            "A department's satisfaction this month (satisfied and basically satisfied ratings "
            "over all its ratings), district time.",
            ["service", "department"],
            registry=registry,
        )
        self.score = Gauge(
            "gongzhi_scoring_department_score",
            "A department's score out of 100 this month so far, once it has min_cases cases.",
            ["service", "department"],
            registry=registry,
        )
        self.threshold = Gauge(
            "gongzhi_scoring_assessment_threshold",
            "The district's threshold: a closed month scored under it earns a yellow card.",
            ["service"],
            registry=registry,
        )
        self.yellow_cards.labels(self.service, "department")

    def _rating_metrics(self, registry) -> None:
        self.ratings = Counter(
            "gongzhi_scoring_ratings",
            "Ratings of resolved cases (一事一评) by verdict and source (resident, follow_up, "
            "public, default).",
            ["service", "verdict", "source"],
            registry=registry,
        )
        self.invitations = Counter(
            "gongzhi_scoring_rating_invitations",
            "Residents' links to rate a resolved case, by what came of them: sent (made and "
            "published for notify), expired (left unanswered).",
            ["service", "outcome"],
            registry=registry,
        )
        for outcome in ("sent", "expired"):
            self.invitations.labels(self.service, outcome)

    def _shop_metrics(self, registry) -> None:
        self.redeemed_points = Counter(
            "gongzhi_scoring_points_redeemed",
            "Points that went to a shop's provider at its counter (a voucher redeemed), by the "
            "community the order was placed in.",
            ["service", "community"],
            registry=registry,
        )
        self.shop_orders = Counter(
            "gongzhi_scoring_shop_orders",
            "Shop orders by outcome: placed, the refusal's code (out_of_stock, over_budget, "
            "over_limit, insufficient_points ...), approved, refused, cancelled, expired, "
            "redeemed.",
            ["service", "outcome"],
            registry=registry,
        )
        self.stockouts = Counter(
            "gongzhi_scoring_shop_stockouts",
            "Orders that took an item's last one, by community code.",
            ["service", "community"],
            registry=registry,
        )
        for outcome in ("placed", "out_of_stock", "redeemed", "cancelled", "expired"):
            self.shop_orders.labels(self.service, outcome)

    def _export_metrics(self, registry) -> None:
        self.exports = Counter(
            "gongzhi_scoring_exports",
            "Monthly exports made (台账/报表), by kind (ratings, assessments, ledger) and format.",
            ["service", "kind", "format"],
            registry=registry,
        )

    def get_dependency(self, worker_ctx) -> "ScoringMetrics":
        return self

    def issued(self, postings: Iterable[tuple[str, int]]) -> None:
        for community, points in postings:
            self.issued_points.labels(self.service, community).inc(points)

    def skipped(self, reasons: Iterable[str]) -> None:
        for reason in reasons:
            self.skipped_earners.labels(self.service, reason).inc()

    def expired(self, points: int) -> None:
        self.expired_points.labels(self.service).inc(points)

    def flags_counted(self, by_community: Iterable[tuple[str, int]]) -> None:
        self.anomaly_flags.clear()
        for community, count in by_community:
            self.anomaly_flags.labels(self.service, community).set(count)

    def assessed(self, scored: Iterable[Scored]) -> None:
        for done in scored:
            if done.card:
                self.yellow_cards.labels(self.service, done.owner[0]).inc()

    def department(self, department: str, satisfaction: float | None, score: float | None) -> None:
        if satisfaction is not None:
            self.satisfaction.labels(self.service, department).set(satisfaction)
        if score is not None:
            self.score.labels(self.service, department).set(score)

    def threshold_is(self, threshold: float) -> None:
        self.threshold.labels(self.service).set(threshold)

    def project(self, state: str, community: str, points: int = 0) -> None:
        """A project reached `state`; confirmed, its `points` were issued."""
        self.project_steps.labels(self.service, state).inc()
        if points:
            self.project_points.labels(self.service, community).inc(points)
            self.issued_points.labels(self.service, community).inc(points)

    def rated(self, verdict: str, source: str) -> None:
        self.ratings.labels(self.service, verdict, source).inc()

    def invited(self, outcome: str, count: int) -> None:
        self.invitations.labels(self.service, outcome).inc(count)

    def order_outcome(self, outcome: str) -> None:
        self.shop_orders.labels(self.service, outcome).inc()

    def redeemed(self, community: str, points: int) -> None:
        self.redeemed_points.labels(self.service, community).inc(points)

    def stockout(self, community: str) -> None:
        self.stockouts.labels(self.service, community).inc()

    def exported(self, kind: str, form: str) -> None:
        self.exports.labels(self.service, kind, form).inc()


class ExportScopes(DependencyProvider):
    """The district's communities and streets an export may cover (export_scope.py)."""

    store = DistrictStore()

    def setup(self) -> None:
        self.scopes = scopes_of(self.store.district)

    def get_dependency(self, worker_ctx) -> Scopes:
        return self.scopes


class VoucherKeys(DependencyProvider):
    """GONGZHI_VOUCHER_KEY's keys, newest last (the newest signs); without it, a development
    key made in GONGZHI_VAR (warned): vouchers then hold only while that folder does."""

    def setup(self) -> None:
        settings = self.container.config["SETTINGS"]
        given, var = settings.voucher_keys, settings.var
        self.keys = signing_keys(given, var, "voucher.key", "GONGZHI_VOUCHER_KEY")

    def get_dependency(self, worker_ctx) -> tuple[bytes, ...]:
        return self.keys
