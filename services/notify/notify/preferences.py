"""What a staff member chose for each topic of the rules (`topic`: case, warnings, ...), kept
in notify's database and set with their own staff key (PUT /api/v1/preferences):

    {"preferences": [{"topic": "warnings", "channels": ["wecom", "sms"], "digest": true},
                     {"topic": "case", "opted_out": true}]}

`channels` replace the rule's chain for that recipient, as far as the district has them;
`opted_out` suppresses the topic's non-critical messages; `digest` (a digest taker's kinds and
topic only, digests.py) folds them into one message a working day. Residents choose theirs
through the link in their messages (resident_preferences.py), kept here as resident:<ref>.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from notify.digests import DigestPolicy
from notify.model import directory, preferences


@dataclass(frozen=True)
class Preference:
    topic: str
    channels: tuple[str, ...] = ()  # none: the rule's chain
    opted_out: bool = False
    digest: bool = False


def of(session: Session, recipient: str, topic: str) -> Preference | None:
    p = preferences.c
    row = (
        session.execute(select(preferences).where(p.recipient == recipient, p.topic == topic))
        .mappings()
        .first()
    )
    return _preference(row) if row else None


def all_of(session: Session, recipient: str) -> list[Preference]:
    p = preferences.c
    rows = session.execute(
        select(preferences).where(p.recipient == recipient).order_by(p.topic)
    ).mappings()
    return [_preference(row) for row in rows]


def replace(session: Session, recipient: str, chosen: Sequence[Preference], now: datetime) -> None:
    """The recipient's choices become `chosen`, whole: a topic left out is back to the rules."""
    session.execute(delete(preferences).where(preferences.c.recipient == recipient))
    if chosen:
        mine = {"recipient": recipient, "updated_at": now}
        rows = [{**vars(c), "channels": list(c.channels), **mine} for c in chosen]
        session.execute(insert(preferences), rows)


def chain(
    chosen: Preference | None, rule_chain: tuple[str, ...], channels: Collection[str]
) -> tuple[str, ...]:
    """The recipient's channels where the district has them; the rule's chain otherwise."""
    mine = tuple(name for name in (chosen.channels if chosen else ()) if name in channels)
    return mine or rule_chain


def problems(
    chosen: Sequence[Preference],
    *,
    topics: Collection[str],
    channels: Collection[str],
    kind: str | None,
    digest: DigestPolicy,
) -> dict[str, list[str]]:
    """What is wrong with `chosen`, by field (`preferences.0.channels.1`); empty if nothing."""
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for n, one in enumerate(chosen):
        at = f"preferences.{n}"
        if one.topic not in topics:
            known = ", ".join(sorted(topics))
            found[f"{at}.topic"] = [f"no topic {one.topic!r} in the rules (topics: {known})"]
        elif one.topic in seen:
            found[f"{at}.topic"] = [f"{one.topic!r} is chosen twice"]
        seen.add(one.topic)
        for m, name in enumerate(one.channels):
            if name not in channels:
                found[f"{at}.channels.{m}"] = [f"no channel {name!r} in the district"]
        found.update(_digest_problems(one, at, kind, digest))
    return found


def _digest_problems(
    one: Preference, at: str, kind: str | None, digest: DigestPolicy
) -> dict[str, list[str]]:
    if not one.digest:
        return {}
    if one.opted_out:
        return {f"{at}.digest": ["an opted-out topic has no digest"]}
    if one.topic != digest.topic:
        return {f"{at}.digest": [f"only {digest.topic!r} come as a digest"]}
    if kind not in digest.kinds:
        kinds = ", ".join(digest.kinds)
        return {f"{at}.digest": [f"a digest is for these kinds in the directory: {kinds}"]}
    return {}


def kind_of(session: Session, recipient: str) -> str | None:
    """The recipient's kind in the directory (supervisor, ...); None if it has no such id."""
    return session.execute(select(directory.c.kind).where(directory.c.id == recipient)).scalar()


def _preference(row) -> Preference:
    return Preference(row["topic"], tuple(row["channels"]), row["opted_out"], row["digest"])
