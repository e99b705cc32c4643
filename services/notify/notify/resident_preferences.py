"""A resident's own choices, made through the link each of their messages carries (links.py): for
each topic of the rules that tell residents, the channels in place of the rule's chain (those of
the district's that reach the kind of contact notify holds for them) or no non-critical messages
at all; and RFC 8058's one-click unsubscribe, which opts out of every topic, as an SMS reply
does (sms_replies.py). They are kept as staff's are (preferences.py), under the recipient id
resident:<ref>, so the rules read them alike (holding.py): an opted-out topic's non-critical
messages are suppressed, `opted out`, and its critical ones still go.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from gongzhi.web import HttpError
from notify import preferences, residents
from notify.handlers import Plan
from notify.preferences import Preference
from notify.rules import RESIDENT_PREFIX

CONTACTS = {"email": "an e-mail address", "phone": "a phone number"}


@dataclass(frozen=True)
class Offer:
    """What a resident may choose: the kind of contact notify holds for them (None once every
    case of theirs is purged), the channels that reach it, and the topics they hear of."""

    address: str | None
    channels: tuple[str, ...]
    topics: tuple[str, ...]


def offer(session: Session, ref: str, plan: Plan) -> Offer:
    address = residents.address_of(session, ref)
    reach = tuple(
        name
        for name, channel in plan.notify.channels.items()
        if address is not None and channel.address == address
    )
    return Offer(address, reach, plan.resident_topics)


def view(session: Session, ref: str, plan: Plan) -> dict[str, Any]:
    """What the resident's page shows: the offer and their choices, by topic."""
    offered = offer(session, ref, plan)
    chosen = preferences.all_of(session, RESIDENT_PREFIX + ref)
    return {**vars(offered), "preferences": chosen}


def choose(
    session: Session, ref: str, chosen: Sequence[Preference], plan: Plan, now: datetime
) -> None:
    """The resident's choices, whole; HttpError 400 naming each bad field, nothing kept."""
    offered = offer(session, ref, plan)
    found = preferences.problems(
        chosen,
        topics=offered.topics,
        channels=frozenset(plan.notify.channels),
        kind=None,
        digest=plan.notify.digest,
    )
    found.update(_unreachable(chosen, offered, plan))
    if found:
        raise HttpError(400, "invalid", "the preferences have invalid fields", found)
    preferences.replace(session, RESIDENT_PREFIX + ref, chosen, now)


def unsubscribe(session: Session, ref: str, plan: Plan, now: datetime) -> list[str]:
    """Opt out of every topic (the channels chosen are kept for a change of mind); the topics."""
    recipient = RESIDENT_PREFIX + ref
    kept = {p.topic: p for p in preferences.all_of(session, recipient)}
    topics = plan.resident_topics
    opted = [replace(kept.get(t, Preference(t)), opted_out=True, digest=False) for t in topics]
    preferences.replace(session, recipient, opted, now)
    return list(topics)


def resubscribe(session: Session, ref: str, plan: Plan, now: datetime) -> None:
    """Opt back in to every topic (an SMS reply, sms_replies.py), the channels chosen kept."""
    recipient = RESIDENT_PREFIX + ref
    kept = [replace(p, opted_out=False) for p in preferences.all_of(session, recipient)]
    preferences.replace(session, recipient, [p for p in kept if p != Preference(p.topic)], now)


def _unreachable(chosen: Sequence[Preference], offered: Offer, plan: Plan) -> dict[str, list[str]]:
    """A district's channel that does not reach the resident's contact, by field."""
    held = CONTACTS.get(offered.address or "", "no contact")
    choices = ", ".join(offered.channels) or "none"
    return {
        f"preferences.{n}.channels.{m}": [
            f"{name!r} does not reach you (notify holds {held} for you; channels: {choices})"
        ]
        for n, one in enumerate(chosen)
        for m, name in enumerate(one.channels)
        if name in plan.notify.channels and name not in offered.channels
    }
