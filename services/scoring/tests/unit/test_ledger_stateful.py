"""The ledger as a state machine on the real database (SQLite, or PostgreSQL under DATABASE_URL),
migrated so its append-only triggers are there. Hypothesis earns, spends, replays, posts
unbalanced legs, takes checkpoints and moves the clock across district days and months; beside
it a plain model of what each posting should do. After every step: every posting balances, all
balances sum to zero, every balance is the model's and within its limits, and a posting the
model expects refused is refused, naming a rule it breaks, with nothing written."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from gongzhi.testing.units import migrated_session_fixture
from scoring import ledger
from scoring.accounts import open_account, policy_of
from scoring.config import Limits, Scoring
from scoring.ledger import Leg, Posting, Refused
from scoring.model import legs, transactions

session = migrated_session_fixture("scoring")
ZONE = ZoneInfo("Asia/Shanghai")
VOLUNTEER = Limits(min_balance=0, max_balance=40, daily_cap=25, monthly_cap=45)
SCORING = Scoring(
    roles=("volunteer",),
    limits={"volunteer": VOLUNTEER, "merchant": Limits(min_balance=0, max_balance=60)},
    budgets={"c1": 120, "c2": 40},
)
POLICY = policy_of(SCORING, "Asia/Shanghai")


class Ledger(RuleBasedStateMachine):
    def __init__(self, session):
        super().__init__()
        self.session = session
        self.run = uuid.uuid4().hex[:8]  # this run's accounts, apart from earlier runs'
        self.now = datetime(2024, 5, 31, 9, 30, tzinfo=UTC)
        self.balances: dict[str, int] = {}
        self.earned: list[tuple[str, datetime, int]] = []
        self.posted: list[Posting] = []
        self.ids: dict[str, int] = {}
        self.limits: dict[str, Limits] = {}
        for community in ("c1", "c2"):
            self._open("budget", f"{community}-{self.run}", community, None)
        for n in range(3):
            self._open("person", f"p{n}-{self.run}", ("c1", "c2")[n % 2], "volunteer")
        self._open("merchant", f"m-{self.run}", None, None)
        session.commit()

    def _open(self, kind, holder, community, role):
        at = self.now
        row = open_account(self.session, kind, holder, at, community=community, role=role)
        self.ids[row.code], self.balances[row.code] = row.id, 0
        self.limits[row.code] = SCORING.limits_of(kind, role, community)

    def _people(self):
        return st.sampled_from([code for code in self.ids if code.startswith("person:")])

    def _apply(self, posting: Posting, expected: set[str]) -> None:
        count = self.session.scalar(select(func.count()).select_from(transactions))
        try:
            _, created = ledger.post(self.session, posting, POLICY)
        except Refused as refused:
            why = refused
        else:
            why = None
        if why is not None:
            assert why.code in expected, (why.code, why.message, expected)
            event(f"refused: {why.code}")
            after = self.session.scalar(select(func.count()).select_from(transactions))
            assert after == count  # nothing written
            self.session.rollback()
            return
        assert not expected, f"posted, though it breaks {expected}"
        assert created
        self.session.commit()
        self.posted.append(posting)
        for leg in posting.legs:
            self.balances[leg.account] += leg.amount
        if posting.kind == "earn":
            self.earned += [
                (leg.account, posting.at, leg.amount) for leg in posting.legs if leg.amount > 0
            ]

    def _breaks(self, posting: Posting) -> set[str]:
        """Which rules the model says the posting breaks."""
        broken = set()
        for leg in posting.legs:
            limits, after = self.limits[leg.account], self.balances[leg.account] + leg.amount
            if leg.amount < 0 and limits.min_balance is not None and after < limits.min_balance:
                broken.add("min_balance")
            if leg.amount > 0 and limits.max_balance is not None and after > limits.max_balance:
                broken.add("max_balance")
            if posting.kind == "earn" and leg.amount > 0:
                broken |= self._caps(leg, posting.at, limits)
        return broken

    def _caps(self, leg: Leg, at: datetime, limits: Limits) -> set[str]:
        local = at.astimezone(ZONE)
        mine = [(w.astimezone(ZONE), n) for a, w, n in self.earned if a == leg.account]
        today = sum(n for when, n in mine if when.date() == local.date())
        month = sum(n for when, n in mine if (when.year, when.month) == (local.year, local.month))
        broken = set()
        if limits.daily_cap is not None and today + leg.amount > limits.daily_cap:
            broken.add("daily_cap")
        if limits.monthly_cap is not None and month + leg.amount > limits.monthly_cap:
            broken.add("monthly_cap")
        return broken

    @rule(data=st.data(), community=st.sampled_from(["c1", "c2"]), points=st.integers(1, 30))
    def earn(self, data, community, points):
        person = data.draw(self._people())
        source = f"budget:{community}-{self.run}"
        key = f"{self.run}/ev-{len(self.posted)}-{uuid.uuid4().hex[:6]}/report"
        legs_ = (Leg(source, -points), Leg(person, points))
        posting = Posting(key, "earn", legs_, "intake", self.now, rule="report")
        self._apply(posting, self._breaks(posting))

    @rule(data=st.data(), points=st.integers(1, 40))
    def spend(self, data, points):
        person = data.draw(self._people())
        merchant = f"merchant:m-{self.run}"
        key = f"{self.run}/order-{uuid.uuid4().hex[:8]}"
        posting = Posting(
            key, "transfer", (Leg(person, -points), Leg(merchant, points)), "shop", self.now
        )
        self._apply(posting, self._breaks(posting))

    @rule(data=st.data())
    def replay(self, data):
        """The same event (its key) again: answered with the first's id, nothing changes."""
        if not self.posted:
            return
        again = data.draw(st.sampled_from(self.posted))
        count = self.session.scalar(select(func.count()).select_from(legs))
        _, created = ledger.post(self.session, again, POLICY)
        self.session.commit()
        assert not created
        assert self.session.scalar(select(func.count()).select_from(legs)) == count

    @rule(data=st.data(), amounts=st.lists(st.integers(-20, 20), min_size=1, max_size=3))
    def unbalanced(self, data, amounts):
        accounts = data.draw(
            st.lists(
                st.sampled_from(sorted(self.ids)), min_size=len(amounts), max_size=len(amounts)
            )
        )
        given = tuple(Leg(a, n) for a, n in zip(accounts, amounts, strict=True))
        if len(given) >= 2 and sum(amounts) == 0 and 0 not in amounts:
            return  # balanced after all: earn and spend cover those
        posting = Posting(
            f"{self.run}/bad-{uuid.uuid4().hex[:8]}", "transfer", given, "x", self.now
        )
        self._apply(posting, {"unbalanced"})

    @rule(data=st.data())
    def take_checkpoint(self, data):
        code = data.draw(st.sampled_from(sorted(self.ids)))
        ledger.checkpoint(self.session, self.ids[code], self.now)
        self.session.commit()

    @rule(hours=st.sampled_from([1, 7, 16, 24, 24 * 20]))
    def wait(self, hours):
        self.now += timedelta(hours=hours)

    @invariant()
    def balances_are_the_models_and_within_limits(self):
        for code, account_id in self.ids.items():
            got = ledger.balance(self.session, account_id)
            assert got == self.balances[code] == ledger.summed(self.session, account_id), code
            limits = self.limits[code]
            assert limits.min_balance is None or got >= limits.min_balance
            assert limits.max_balance is None or got <= limits.max_balance

    @invariant()
    def every_posting_balances_and_all_sum_to_zero(self):
        assert self.session.scalar(select(func.coalesce(func.sum(legs.c.amount), 0))) == 0
        assert ledger.verify(self.session) == []


def test_the_ledger_keeps_its_invariants(session):
    run_state_machine_as_test(
        lambda: Ledger(session),
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
