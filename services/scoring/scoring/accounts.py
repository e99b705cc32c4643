"""Accounts and the people registry.

People are registered by id, community and role, never by name: points follow an id, and a
board that shows names (rankings, later) joins them where they are kept already (the
community's own records, notify's directory). A name here would copy personal data into one
more database, and into its backups, for nothing scoring decides."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi import personal
from scoring.config import Scoring
from scoring.ledger import Policy, Refused
from scoring.model import accounts, people

EXPIRY = "expiry"


def budget(community: str) -> str:
    return f"budget:{community}"


def code_of(kind: str, holder: str) -> str:
    return EXPIRY if kind == "expiry" else f"{kind}:{holder}"


def open_account(
    session: Session, kind: str, holder: str, at: datetime, *, community=None, role=None
) -> Row:
    """The account, opened now if it was not (a second call finds the first's)."""
    code = code_of(kind, holder)
    found = session.execute(select(accounts).where(accounts.c.code == code)).first()
    if found is not None:
        return found
    values = {"code": code, "kind": kind, "community": community, "role": role, "opened_at": at}
    session.execute(insert(accounts).values(values))
    return session.execute(select(accounts).where(accounts.c.code == code)).one()


@dataclass(frozen=True)
class Person:
    """None for grid, shown or alias: not given (a new person is not shown)."""

    person: str
    community: str
    role: str
    grid: str | None = None
    shown: bool | None = None
    alias: str | None = None


def register(
    session: Session, person: Person, scoring: Scoring, at: datetime, communities=frozenset()
) -> bool:
    """Register a person with an account; True if new. The same again changes nothing; the
    same id with another community or role is refused (409): a move is a decision to make
    on purpose, not a side effect of an import. A grid, consent or alias given is set."""
    if communities and person.community not in communities:
        raise Refused("unknown_community", f"no community {person.community!r} in the district")
    if person.role not in scoring.roles:
        raise Refused(
            "unknown_role", f"no role {person.role!r} (roles: {', '.join(scoring.roles)})"
        )
    if person.grid is not None and communities and person.grid not in communities:
        raise Refused("unknown_grid", f"no grid {person.grid!r} in the district")
    found = session.execute(select(people).where(people.c.person == person.person)).first()
    if found is not None:
        if (found.community, found.role) != (person.community, person.role):
            raise Refused(
                "registered", f"{person.person} is registered in {found.community} as {found.role}"
            )
        set_board(session, person)
        return False
    account = open_account(
        session, "person", person.person, at, community=person.community, role=person.role
    )
    row = {**person.__dict__, "shown": bool(person.shown), "account_id": account.id}
    row["registered_at"] = at
    session.execute(insert(people).values(row))
    return True


def set_board(session: Session, person: Person) -> None:
    """Set what is given of the person's grid, consent to be shown and alias."""
    given = {f: getattr(person, f) for f in ("grid", "shown", "alias")}
    changes = {f: value for f, value in given.items() if value is not None}
    if changes:
        session.execute(update(people).where(people.c.person == person.person).values(changes))


def person_of(session: Session, person: str) -> Row | None:
    query = select(people, accounts.c.code).join(accounts, accounts.c.id == people.c.account_id)
    return session.execute(query.where(people.c.person == person)).first()


def policy_of(scoring: Scoring, timezone: str) -> Policy:
    """The ledger's view of the district: limits by kind and role, days and months in the
    district's time."""
    zone = ZoneInfo(timezone)

    # In UTC: SQLite keeps times without their offset, so every time stored or compared is UTC.
    def day_of(at: datetime) -> tuple[datetime, datetime]:
        start = at.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        end = (start + timedelta(days=1)).replace(hour=0)
        return start.astimezone(UTC), end.astimezone(UTC)

    def month_of(at: datetime) -> tuple[datetime, datetime]:
        start = at.astimezone(zone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        end = (start + timedelta(days=32)).replace(day=1)
        return start.astimezone(UTC), end.astimezone(UTC)

    def limits_of(account: Row):
        return scoring.limits_of(account.kind, account.role, account.community)

    return Policy(limits_of=limits_of, day_of=day_of, month_of=month_of)


def expiry_cutoff(now: datetime, after_days: int) -> datetime:
    return now - timedelta(days=after_days)


def open_holder(
    session: Session,
    kind: str,
    holder: str,
    community: str | None,
    at,
    book_communities=frozenset(),
) -> tuple[Row, bool]:
    """An organisation's or a merchant's account, opened now if it was not: (it, whether new).
    Opened again with another community is refused (409), as a person's registration is."""
    if community is not None and book_communities and community not in book_communities:
        raise Refused("unknown_community", f"no community {community!r} in the district")
    found = session.execute(
        select(accounts).where(accounts.c.code == code_of(kind, holder))
    ).first()
    if found is not None:
        if found.community != community:
            raise Refused("registered", f"{found.code} is opened in {found.community}")
        return found, False
    return open_account(session, kind, holder, at, community=community), True


def consent(session: Session, person: str, shown: bool, alias: str | None) -> None:
    """The person's choice for public boards: shown or not, under `alias` (None: a masked id).
    An alias with a phone number, an identity card number or an e-mail address is refused."""
    if alias is not None and personal.mask(alias) != alias:
        raise Refused("personal_alias", "an alias carries no phone, id card or e-mail")
    if person_of(session, person) is None:
        raise Refused("not_found", f"no person {person!r} is registered")
    changes = {"shown": shown, "alias": alias}
    session.execute(update(people).where(people.c.person == person).values(changes))


def open_holder_of(session: Session, code: str) -> Row | None:
    """The account of `code` (person:p-1, organisation:o-1), None if none is opened."""
    return session.execute(select(accounts).where(accounts.c.code == code)).first()
