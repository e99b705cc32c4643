"""A case's step from routing (routing.issue.transitioned.v1), which scoring takes from one
queue for two of its parts in one unit of work: assessment records the facts it counts
(assessment_facts.py), and a resolution invites the case's reporters to rate it (ratings.py)."""

from typing import Any

from sqlalchemy.orm import Session

from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from scoring import assessment_facts, assessment_plan, ratings


def on_step(
    event: Event,
    *,
    session: Session,
    outbox: Outbox,
    plans: tuple[assessment_plan.Plan, ratings.Plan],
    clock: Any,
    invited: list[int],
) -> None:
    """Both parts' decisions; how many were invited goes in `invited`, for the metrics."""
    assessing, rating = plans
    assessment_facts.record_transition(event, session=session, outbox=outbox, plan=assessing)
    ratings.on_transitioned(
        event, session=session, outbox=outbox, plan=rating, clock=clock, invited=invited
    )
