"""Deliberation's own dependencies: the district's bodies and processes, read once at start (the
vote's Plan, the matters' Policy); the timer of the votes' closing and the lapsed steps' sweep;
the votes' and the matters' metrics."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nameko.extensions import DependencyProvider
from nameko.timer import Timer
from prometheus_client import Counter, Gauge, Histogram

from deliberation.bodies import Bodies
from deliberation.config import Deliberation, bodies_of, deliberation_of
from deliberation.dispatch import STATES
from deliberation.evaluation import VERDICTS
from deliberation.policy import Policy, policy_of
from deliberation.processes import VoteRules
from deliberation.views import Counts
from gongzhi.district_store import DistrictStore
from gongzhi.telemetry import Telemetry
from gongzhi.web import HttpError

REASONS = ("quorum", "party_quorum", "majority", "party_majority", "veto")


@dataclass(frozen=True)
class Plan:
    deliberation: Deliberation
    bodies: Bodies

    def assembly(self, community: str) -> Mapping[str, str]:
        return self.bodies.assembly(community)

    def vote_rules(self, community: str) -> VoteRules:
        """The vote rules of the community's process; 400 if it has none to vote with."""
        try:
            process = self.deliberation.process_for(community)
        except KeyError as exc:
            raise HttpError(400, "no_process", str(exc.args[0])) from exc
        if process.vote is None:
            raise HttpError(400, "no_vote", f"process {process.id} has no vote rules")
        return process.vote


class VotingPlan(DependencyProvider):
    store = DistrictStore()

    def setup(self) -> None:
        district = self.store.district
        self.plan = Plan(deliberation_of(district), bodies_of(district))

    def get_dependency(self, worker_ctx) -> Plan:
        return self.plan


class CloseTimer(Timer):
    """nameko's timer at the sweeper's pace, `GONGZHI_SWEEP_SECONDS`, read at set-up: votes
    closed at their `closes_at`, lapsed steps warned about."""

    def __init__(self, **kwargs):
        super().__init__(interval=None, **kwargs)

    def setup(self) -> None:
        self.interval = self.container.config["SETTINGS"].sweep_seconds


class VotingMetrics(DependencyProvider):
    """At close only (nothing while a vote is open): turnout per party, votes carried or not,
    and each reason a vote failed."""

    telemetry = Telemetry()

    def setup(self) -> None:
        registry, self.service = self.telemetry.metrics.registry, self.container.service_name
        self.turnout = Histogram(
            "gongzhi_deliberation_vote_turnout",
            "Share of a party's eligible voters who took part, per vote, at its close.",
            ["service", "party"],
            buckets=(0.25, 0.5, 2 / 3, 0.75, 0.9, 1.0),
            registry=registry,
        )
        self.closed = Counter(
            "gongzhi_deliberation_votes_closed",
            "Votes closed, by outcome: carried or failed.",
            ["service", "outcome"],
            registry=registry,
        )
        self.failed = Counter(
            "gongzhi_deliberation_vote_failures",
            "Reasons closed votes were not carried (a vote may have several).",
            ["service", "reason"],
            registry=registry,
        )
        for outcome in ("carried", "failed"):
            self.closed.labels(self.service, outcome)
        for reason in REASONS:
            self.failed.labels(self.service, reason)

    def get_dependency(self, worker_ctx) -> "VotingMetrics":
        return self

    def counted(self, result: Mapping[str, Any]) -> None:
        """A vote closed (and committed) with `result`, tally.Result.as_json()."""
        self.closed.labels(self.service, "carried" if result["carried"] else "failed").inc()
        for reason in result["reasons"]:
            self.failed.labels(self.service, reason["code"]).inc()
        for party in result["parties"]:
            took_part, eligible = party["turnout"]["took_part"], party["turnout"]["eligible"]
            self.turnout.labels(self.service, party["party"]).observe(took_part / eligible)


class DeliberationPolicy(DependencyProvider):
    store = DistrictStore()

    def setup(self) -> None:
        self.policy = policy_of(self.store.district)

    def get_dependency(self, worker_ctx) -> Policy:
        return self.policy


class MatterMetrics(DependencyProvider):
    """Matters by community, step and status; open matters whose step is overdue, by
    community, and the most working days one of them is past; plans filed with each street.
    Set after each sweeper pass from the database."""

    telemetry = Telemetry()

    def setup(self) -> None:
        registry = self.telemetry.metrics.registry
        self.service = self.container.service_name
        self.matters = Gauge(
            "gongzhi_deliberation_matters",
            "Matters by community, the step they are at, and status.",
            ["service", "community", "step", "status"],
            registry=registry,
        )
        self.overdue = Gauge(
            "gongzhi_deliberation_overdue_steps",
            "Open matters whose step is past its deadline, by community.",
            ["service", "community"],
            registry=registry,
        )
        self.overdue_days = Gauge(
            "gongzhi_deliberation_overdue_working_days",
            "The most working days an open matter's step is past its deadline, by community.",
            ["service", "community"],
            registry=registry,
        )
        self.tasks = Gauge(
            "gongzhi_deliberation_tasks",
            "Tasks of carried plans by state (dispatch.STATES).",
            ["service", "state"],
            registry=registry,
        )
        self.filings = Gauge(
            "gongzhi_deliberation_filings",
            "Plans the communities' party committees filed with each street, all told.",
            ["service", "street"],
            registry=registry,
        )
        self.ratings = Counter(
            "gongzhi_deliberation_ratings",
            "Ratings of matters' outcomes, by verdict.",
            ["service", "verdict"],
            registry=registry,
        )
        for verdict in VERDICTS:
            self.ratings.labels(self.service, verdict)

    def get_dependency(self, worker_ctx) -> "MatterMetrics":
        return self

    def counted(self, counts: Counts, tasks: list[tuple[str, int]]) -> None:
        """Matters by step and status, overdue ones, and tasks by state, as they are now."""
        by_step, overdue = counts
        for gauge in (self.matters, self.overdue, self.overdue_days):
            gauge.clear()
        for community, step, status, count in by_step:
            self.matters.labels(self.service, community, step, status).set(count)
        for community, count, days in overdue:
            self.overdue.labels(self.service, community).set(count)
            self.overdue_days.labels(self.service, community).set(days)
        for state in STATES:
            self.tasks.labels(self.service, state).set(dict(tasks).get(state, 0))

    def filed(self, by_street: list[tuple[str, int]]) -> None:
        """Plans filed with each street, as they are now (filings.by_street)."""
        self.filings.clear()
        for street, count in by_street:
            self.filings.labels(self.service, street).set(count)

    def rated(self, verdict: str) -> None:
        """An outcome rated (and committed)."""
        self.ratings.labels(self.service, verdict).inc()
