"""Topic subscriptions: staff who want to hear of every case in a place or of a kind, beside the
owners the rules name (a community secretary watching the community's grids, a department
watching its category). A topic is `grid:<code>` (a grid, a community or a street of the
district's tree: a case in any grid under it counts) or `category:<code>`. The rules reach them
through the audience `subscribers`."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from gongzhi.district import District
from notify.model import topic_subscriptions

KINDS = ("grid", "category")


def problems(topics: Sequence[str], district: District) -> dict[str, list[str]]:
    """What is wrong with each topic, by its index: an unknown kind, grid or category."""
    found = {}
    for n, topic in enumerate(topics):
        kind, _, code = topic.partition(":")
        if kind not in KINDS or not code:
            found[str(n)] = [f"a topic is grid:<code> or category:<code>, not {topic!r}"]
        elif not _known(kind, code, district):
            found[str(n)] = [f"the district has no {kind} {code!r}"]
    return found


def _known(kind: str, code: str, district: District) -> bool:
    try:
        district.grid(code) if kind == "grid" else district.category(code)
    except KeyError:
        return False
    return True


def replace(session: Session, recipient: str, topics: Sequence[str], now: datetime) -> None:
    """The recipient's topics become `topics` (checked by `problems` before)."""
    t = topic_subscriptions.c
    session.execute(delete(topic_subscriptions).where(t.recipient == recipient))
    for topic in dict.fromkeys(topics):
        session.execute(
            insert(topic_subscriptions).values(recipient=recipient, topic=topic, created_at=now)
        )


def of(session: Session, recipient: str) -> list[str]:
    t = topic_subscriptions.c
    rows = session.execute(select(t.topic).where(t.recipient == recipient).order_by(t.topic))
    return list(rows.scalars())


def subscribers(session: Session, data: Mapping[str, Any], district: District) -> list[str]:
    """Who subscribed to a topic the event is in: its grid or a grid above it, its category."""
    wanted = _topics_of(data, district)
    if not wanted:
        return []
    t = topic_subscriptions.c
    rows = session.execute(
        select(t.recipient).where(t.topic.in_(wanted)).distinct().order_by(t.recipient)
    )
    return list(rows.scalars())


def _topics_of(data: Mapping[str, Any], district: District) -> list[str]:
    topics = [f"category:{data['category']}"] if data.get("category") else []
    code = (data.get("grid") or {}).get("code")
    while code is not None and _known("grid", code, district):
        topics.append(f"grid:{code}")
        code = district.grid(code).parent
    return topics
