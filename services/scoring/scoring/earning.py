"""Earning points: from an event by the district's rules, or from an activity an organiser
verified (claims.py). Either way the points come out of a budget (the earner's community's, or
the district's for a resident known only by a pseudonym) into the earner's account, in one
posting whose key makes it once: the event's source and id with the rule, or the claim's id."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi.district import District
from scoring import accounts, anomalies, ledger
from scoring.config import Rule, Scoring, scoring_of

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Book:
    """What earning needs of the district: its config, its code (the budget of residents of no
    known community), the ledger's policy and the codes a person's community may have."""

    scoring: Scoring
    district: str
    policy: ledger.Policy
    communities: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Earning:
    key: str
    earner: Row  # its account
    points: int
    rule: str
    actor: str
    at: datetime

    @property
    def community(self) -> str | None:
        return self.earner.community


def book_of(district: District) -> Book:
    scoring = scoring_of(district)
    codes = frozenset(grid.code for grid in district.grids)
    return Book(scoring, district.code, accounts.policy_of(scoring, district.timezone), codes)


def matching(rules: tuple[Rule, ...], event_type: str, data: dict[str, Any]) -> list[Rule]:
    """The rules an event earns by: its type, an earner named, every condition met."""
    return [
        rule
        for rule in rules
        if rule.event == event_type
        and data.get(rule.who)
        and all(data.get(name) in allowed for name, allowed in rule.when.items())
    ]


def from_event(
    session: Session, key: str, event_type: str, data: dict, at: datetime, book: Book
) -> list[tuple[str, "Earning | None"]]:
    """Post what each matching rule earns. What a limit refuses is logged and skipped: the event
    is still applied, since a cap reached today is no reason to try it again. Answers each
    rule's outcome (posted, again: the same event before, unregistered, or a refusal's code)
    with its earning."""
    outcomes: list[tuple[str, Earning | None]] = []
    for rule in matching(book.scoring.rules, event_type, data):
        for holder, posting_key in earners(rule, data, f"{key}/{rule.code}"):
            earner = _earner(session, rule, holder, at)
            if earner is None:
                outcomes.append(("unregistered", None))
                continue
            earning = Earning(posting_key, earner, rule.points, rule.code, event_type, at)
            try:
                outcomes.append((earn(session, earning, book), earning))
            except ledger.Refused as refused:
                log.info("earning_refused", rule=rule.code, account=earner.id, code=refused.code)
                outcomes.append((refused.code, earning))
    return outcomes


def earners(rule: Rule, data: dict[str, Any], key: str) -> list[tuple[str, str]]:
    """Who earns by `rule` and the key of each one's posting. `who` names one id, or a list of
    ids (each earns once, the id in the key), e.g. a closed vote's `voters: ["p1", "p2"]`
    gives [("p1", "<key>/p1"), ("p2", "<key>/p2")]."""
    named = data[rule.who]
    if isinstance(named, list):
        return [(str(holder), f"{key}/{holder}") for holder in dict.fromkeys(named)]
    return [(str(named), key)]


def _earner(session: Session, rule: Rule, holder: str, at: datetime) -> Row | None:
    """A resident's account opens with its first points; a person must be registered."""
    if rule.as_kind == "resident":
        return accounts.open_account(session, "resident", holder, at, role="resident")
    return None if accounts.person_of(session, holder) is None else _account(session, holder, at)


def _account(session: Session, person: str, at: datetime) -> Row:
    return accounts.open_account(session, "person", person, at)


def earn(session: Session, earning: Earning, book: Book) -> str:
    """Post one earning: posted, or again (its key posted before); ledger.Refused naming the
    rule (a cap, the budget's floor) with nothing of it written."""
    community = earning.earner.community or book.district
    budget = accounts.open_account(session, "budget", community, earning.at, community=community)
    points = earning.points
    legs = (ledger.Leg(budget.code, -points), ledger.Leg(earning.earner.code, points))
    posting = ledger.Posting(earning.key, "earn", legs, earning.actor, earning.at, earning.rule)
    _, created = ledger.post(session, posting, book.policy)
    if created:
        anomalies.look(session, earning.earner, earning.at, book)
    return "posted" if created else "again"
