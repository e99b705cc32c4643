"""The tally's decisions: count each report, then see whether the count is a milestone."""

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from tally.events import COUNT_CHANGED
from tally.model import counts


def count_report(event: Event, *, session: Session, outbox: Outbox) -> None:
    category = event.data["category"]
    this = counts.c.category == category
    before = session.execute(select(counts.c.reports).where(this)).scalar_one_or_none()
    reports = (before or 0) + 1
    if before is None:
        session.execute(insert(counts).values(category=category, reports=reports, milestone=0))
    else:
        session.execute(update(counts).where(this).values(reports=reports))
    outbox.add(COUNT_CHANGED, {"category": category, "reports": reports}, subject=category)


def mark_milestone(event: Event, *, session: Session, outbox: Outbox, milestone: int) -> None:
    """Every `milestone`-th report of a category is a milestone; counts may arrive out of order,
    so a lower one never undoes a higher one."""
    reports = event.data["reports"]
    reached = reports - reports % milestone
    if reached:
        category = counts.c.category == event.data["category"]
        lower = counts.c.milestone < reached
        session.execute(update(counts).where(category, lower).values(milestone=reached))
