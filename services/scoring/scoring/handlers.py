"""Scoring's decisions on events: record who took part (by pseudonym only) and earn what the
district's rules say the event earns. Anonymous reports earn nobody points."""

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from gongzhi.clock import SystemClock
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from scoring import earning
from scoring.model import participations


def record_report(event: Event, *, session: Session, outbox: Outbox, **earns) -> None:
    _took_part(event, session, "reported")
    _earn(event, session, **earns)


def record_co_report(event: Event, *, session: Session, outbox: Outbox, **earns) -> None:
    """A co-report (附议) is taking part too."""
    _took_part(event, session, "co_reported")
    _earn(event, session, **earns)


def earn_by_rules(event: Event, *, session: Session, outbox: Outbox, **earns) -> None:
    """An event that earns only what the rules name, e.g. a closed council vote's `voters`
    (deliberation.vote.closed.v1), each registered person once."""
    _earn(event, session, **earns)


def _took_part(event: Event, session: Session, kind: str) -> None:
    data = event.data
    if not data.get("reporter_ref"):
        return
    session.execute(
        insert(participations).values(
            participant_ref=data["reporter_ref"],
            kind=kind,
            subject=data["report_id"],
            occurred_at=datetime.fromisoformat(data["submitted_at"]),
        )
    )


def _earn(
    event: Event,
    session: Session,
    book: earning.Book | None = None,
    clock: SystemClock | None = None,
    issued: list[tuple[str, int]] | None = None,
    skipped: list[str] | None = None,
) -> None:
    """What the rules earn, posted now; each posting's (community, points) in `issued`, and
    each earner skipped as not registered in `skipped`, for the metrics once committed."""
    if book is None or clock is None:
        return  # a caller that only records taking part
    key = f"{event.source}/{event.id}"
    done = earning.from_event(session, key, event.type, event.data, clock.now(), book)
    if issued is not None:
        posted = [made for outcome, made in done if outcome == "posted" and made is not None]
        issued += [(made.community or book.district, made.points) for made in posted]
    if skipped is not None:
        skipped += [outcome for outcome, _ in done if outcome == "unregistered"]
