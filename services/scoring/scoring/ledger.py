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
a sum of legs, appended and never changed, and `verify` recomputes each one. A posting appends
one to each account whose balance it read past CHECKPOINT_EVERY legs, while it holds the lock:
so a balance never sums more than that many legs, however long the account's history."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, func, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from scoring.config import Limits
from scoring.model import accounts, checkpoints, legs, transactions

CHECKPOINT_EVERY = 500  # legs past an account's checkpoint before a posting appends the next


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
    locked = lock(session, {leg.account for leg in posting.legs})
    done = session.scalar(select(transactions.c.id).where(transactions.c.key == posting.key))
    if done is not None:
        return done, False
    deltas = _deltas(posting)
    unmarked = {
        code: _check_limits(session, locked[code], delta, posting, policy)
        for code, delta in sorted(deltas.items())
    }
    transaction_id = _write(session, posting, locked)
    for code, count in unmarked.items():
        if count + 1 >= CHECKPOINT_EVERY:  # still locked: the checkpoint misses no leg
            checkpoint(session, locked[code].id, posting.at)
    return transaction_id, True


def _check_balanced(posting: Posting) -> None:
    if len(posting.legs) < 2:
        raise Refused("unbalanced", "a posting has two legs or more")
    if any(not isinstance(leg.amount, int) or leg.amount == 0 for leg in posting.legs):
        raise Refused("unbalanced", "every leg moves a whole number of points, not 0")
    total = sum(leg.amount for leg in posting.legs)
    if total != 0:
        raise Refused("unbalanced", f"the legs sum to {total}, not 0")


def lock(session: Session, codes: set[str]) -> dict[str, Row]:
    """Lock the accounts (FOR UPDATE, in id order), as a posting does before it reads their
    balances; a writer that checks more than the ledger does (the shop) locks them first."""
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


def _check_limits(
    session: Session, account: Row, delta: int, posting: Posting, policy: Policy
) -> int:
    """Refuse what would break the account's limits; else the legs since its checkpoint."""
    limits = policy.limits_of(account)
    now, unmarked = _standing(session, account.id)
    after = now + delta
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
    return unmarked


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
    return _standing(session, account_id)[0]


def _standing(session: Session, account_id: int) -> tuple[int, int]:
    """The balance, and how many legs past the latest checkpoint it summed."""
    since, base, _ = _mark(session, account_id)
    rest, count = session.execute(
        select(func.coalesce(func.sum(legs.c.amount), 0), func.count()).where(
            legs.c.account_id == account_id, legs.c.id > since
        )
    ).one()
    return int(base) + int(rest or 0), int(count)


def _mark(session: Session, account_id: int) -> tuple[int, int, int]:
    """The latest checkpoint's leg id, balance and legs; (0, 0, 0) before the first."""
    mark = session.execute(
        select(checkpoints.c.leg_id, checkpoints.c.balance, checkpoints.c.legs)
        .where(checkpoints.c.account_id == account_id)
        .order_by(checkpoints.c.leg_id.desc())
        .limit(1)
    ).first()
    return (mark.leg_id, mark.balance, mark.legs) if mark else (0, 0, 0)


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
    last one's sum and the legs after it. The account is locked first, so no posting to it is
    half-way and every leg it will get has a higher id than those summed here."""
    session.execute(select(accounts.c.id).where(accounts.c.id == account_id).with_for_update())
    since, base, counted = _mark(session, account_id)
    after = and_(legs.c.account_id == account_id, legs.c.id > since)
    total, count, last = session.execute(
        select(func.sum(legs.c.amount), func.count(), func.max(legs.c.id)).where(after)
    ).one()
    if not count:
        return False
    values = {"leg_id": last, "balance": base + total, "legs": counted + count}
    session.execute(
        insert(checkpoints).values(account_id=account_id, at=at.astimezone(UTC), **values)
    )
    return True


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
