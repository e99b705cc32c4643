"""The points ledger: double entry, append-only, idempotent, all or nothing.

    post(session, Posting(key="ev-1/report", kind="earn", actor="intake",
                          legs=(Leg("budget:620502001", -1), Leg("resident:9f2c", 1)), at=now),
         policy)

A posting is refused (Refused, with a code and nothing written) unless its legs sum to zero,
every account exists, no account leaves its limits and no earning passes a cap. The same key
posts once: a second posting with it changes nothing and answers the first's id.

Every account a posting touches is locked (SELECT ... FOR UPDATE, in id order so two postings
never wait on each other in a circle) before its balance is read: on PostgreSQL two postings to
one account run one after the other, so limits hold under concurrency and a checkpoint (below)
sees every leg older than its own. On SQLite the service's one writer does the same.

A balance is derived: the latest checkpoint's sum plus the legs after it. A checkpoint is itself
a sum of legs, appended and never changed, and `verify` recomputes each one."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, func, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from scoring.config import Limits
from scoring.model import accounts, checkpoints, legs, transactions


class Refused(Exception):
    """A posting the ledger will not make: `code` says which rule (a cap, a limit ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Leg:
    account: str  # an account's code
    amount: int  # added to its balance; negative takes


@dataclass(frozen=True)
class Posting:
    key: str
    kind: str  # earn, expire, transfer
    legs: tuple[Leg, ...]
    actor: str
    at: datetime
    rule: str | None = None


@dataclass(frozen=True)
class Policy:
    """What the ledger needs of the district: each account's limits, and the district day and
    month (start, end) a moment falls in, for the earning caps."""

    limits_of: Callable[[Row], Limits]
    day_of: Callable[[datetime], tuple[datetime, datetime]]
    month_of: Callable[[datetime], tuple[datetime, datetime]]


def post(session: Session, posting: Posting, policy: Policy) -> tuple[int, bool]:
    """Post once: (the transaction's id, whether this call wrote it)."""
    _check_balanced(posting)
    locked = _lock(session, {leg.account for leg in posting.legs})
    done = session.scalar(select(transactions.c.id).where(transactions.c.key == posting.key))
    if done is not None:
        return done, False
    deltas = _deltas(posting)
    for code, delta in sorted(deltas.items()):
        _check_limits(session, locked[code], delta, posting, policy)
    return _write(session, posting, locked), True


def _check_balanced(posting: Posting) -> None:
    if len(posting.legs) < 2:
        raise Refused("unbalanced", "a posting has two legs or more")
    if any(not isinstance(leg.amount, int) or leg.amount == 0 for leg in posting.legs):
        raise Refused("unbalanced", "every leg moves a whole number of points, not 0")
    total = sum(leg.amount for leg in posting.legs)
    if total != 0:
        raise Refused("unbalanced", f"the legs sum to {total}, not 0")


def _lock(session: Session, codes: set[str]) -> dict[str, Row]:
    query = select(accounts).where(accounts.c.code.in_(codes)).order_by(accounts.c.id)
    found = {row.code: row for row in session.execute(query.with_for_update())}
    missing = sorted(codes - set(found))
    if missing:
        raise Refused("unknown_account", f"no account {missing[0]!r}")
    return found


def _deltas(posting: Posting) -> dict[str, int]:
    deltas: dict[str, int] = {}
    for leg in posting.legs:
        deltas[leg.account] = deltas.get(leg.account, 0) + leg.amount
    return deltas


def _check_limits(session: Session, account: Row, delta: int, posting: Posting, policy: Policy):
    limits = policy.limits_of(account)
    after = balance(session, account.id) + delta
    if delta < 0 and limits.min_balance is not None and after < limits.min_balance:
        raise Refused(
            "min_balance",
            f"{account.code} would fall to {after}, under its minimum {limits.min_balance}",
        )
    if delta > 0 and limits.max_balance is not None and after > limits.max_balance:
        raise Refused(
            "max_balance",
            f"{account.code} would reach {after}, over its maximum {limits.max_balance}",
        )
    if posting.kind == "earn" and delta > 0:
        _check_caps(session, account, delta, posting.at, limits, policy)


def _check_caps(session, account: Row, delta: int, at: datetime, limits: Limits, policy: Policy):
    caps = (
        ("daily_cap", limits.daily_cap, policy.day_of),
        ("monthly_cap", limits.monthly_cap, policy.month_of),
    )
    for name, cap, period in caps:
        if cap is None:
            continue
        earned = earned_in(session, account.id, *period(at))
        if earned + delta > cap:
            raise Refused(
                name,
                f"{name} {cap} reached: {account.code} earned {earned} of it, {delta} more refused",
            )


def _write(session: Session, posting: Posting, locked: dict[str, Row]) -> int:
    at = posting.at.astimezone(UTC)  # SQLite keeps no offset: every stored time is UTC
    values = {"key": posting.key, "kind": posting.kind, "rule": posting.rule, "at": at}
    made = insert(transactions).values(actor=posting.actor, **values)
    transaction_id = session.execute(made.returning(transactions.c.id)).scalar_one()
    rows = [
        {
            "transaction_id": transaction_id,
            "account_id": locked[leg.account].id,
            "amount": leg.amount,
            "kind": posting.kind,
            "at": at,
        }
        for leg in posting.legs
    ]
    session.execute(insert(legs), rows)
    return transaction_id


def balance(session: Session, account_id: int) -> int:
    """The latest checkpoint's sum and the legs after it: a short range of the index."""
    mark = session.execute(
        select(checkpoints.c.leg_id, checkpoints.c.balance)
        .where(checkpoints.c.account_id == account_id)
        .order_by(checkpoints.c.leg_id.desc())
        .limit(1)
    ).first()
    since, base = (mark.leg_id, mark.balance) if mark else (0, 0)
    rest = session.scalar(
        select(func.coalesce(func.sum(legs.c.amount), 0)).where(
            legs.c.account_id == account_id, legs.c.id > since
        )
    )
    return int(base) + int(rest or 0)


def summed(session: Session, account_id: int) -> int:
    """The balance summed over every leg, without checkpoints: what verify compares with."""
    query = select(func.coalesce(func.sum(legs.c.amount), 0)).where(legs.c.account_id == account_id)
    return int(session.scalar(query) or 0)


def earned_in(session: Session, account_id: int, start: datetime, end: datetime) -> int:
    """What the account earned from `start` until `end` (UTC)."""
    query = select(func.coalesce(func.sum(legs.c.amount), 0)).where(
        legs.c.account_id == account_id,
        legs.c.kind == "earn",
        legs.c.amount > 0,
        legs.c.at >= start,
        legs.c.at < end,
    )
    return int(session.scalar(query) or 0)


def checkpoint(session: Session, account_id: int, at: datetime) -> bool:
    """Append a checkpoint of the account's balance now, if legs came since the last: the
    account is locked first, so no posting to it is half-way and every leg it will get has a
    higher id than those summed here."""
    session.execute(select(accounts.c.id).where(accounts.c.id == account_id).with_for_update())
    last = session.scalar(select(func.max(legs.c.id)).where(legs.c.account_id == account_id))
    marked = session.scalar(
        select(func.max(checkpoints.c.leg_id)).where(checkpoints.c.account_id == account_id)
    )
    if last is None or (marked is not None and marked >= last):
        return False
    upto = and_(legs.c.account_id == account_id, legs.c.id <= last)
    total, count = session.execute(select(func.sum(legs.c.amount), func.count()).where(upto)).one()
    session.execute(
        insert(checkpoints).values(
            account_id=account_id, leg_id=last, balance=total, legs=count, at=at
        )
    )
    return True


def busy_accounts(session: Session, at_least: int) -> Sequence[int]:
    """Accounts with `at_least` legs since their last checkpoint: those worth a new one."""
    marked = (
        select(checkpoints.c.account_id, func.max(checkpoints.c.leg_id).label("leg_id"))
        .group_by(checkpoints.c.account_id)
        .subquery()
    )
    query = (
        select(legs.c.account_id)
        .outerjoin(marked, marked.c.account_id == legs.c.account_id)
        .where(legs.c.id > func.coalesce(marked.c.leg_id, 0))
        .group_by(legs.c.account_id)
        .having(func.count() >= at_least)
    )
    return list(session.scalars(query))


def verify(session: Session) -> list[str]:
    """What is wrong with the ledger: a transaction whose legs do not sum to zero, a checkpoint
    that is not the sum of its legs. Empty when all is well."""
    unbalanced = session.execute(
        select(legs.c.transaction_id, func.sum(legs.c.amount))
        .group_by(legs.c.transaction_id)
        .having(func.sum(legs.c.amount) != 0)
    ).all()
    found = [f"transaction {t} sums to {s}" for t, s in unbalanced]
    for mark in session.execute(select(checkpoints)).all():
        upto = and_(legs.c.account_id == mark.account_id, legs.c.id <= mark.leg_id)
        total = session.scalar(select(func.coalesce(func.sum(legs.c.amount), 0)).where(upto))
        if total != mark.balance:
            found.append(f"checkpoint {mark.id} says {mark.balance}, its legs sum to {total}")
    return found
