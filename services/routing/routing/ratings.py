"""What routing takes from scoring's ratings (一事一评): a resident's or a staff follow-up's
unsatisfied verdict reopens the resolved case, by the system, and its resolution clock starts
again or runs on as the district's `routing.on_unsatisfied` says (timekeeping.py). The owner
hears of it by notify's rule on the reopening. A rating of a case routing does not hold, or of
one already reopened, is named in the log and changes nothing."""

from typing import Any

import structlog
from sqlalchemy.orm import Session

from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from routing import cases, handlers, lifecycle

log = structlog.get_logger(__name__)
REOPENING = ("resident", "follow_up")  # the sources whose unsatisfied verdict reopens
REOPENABLE = ("resolved", "closed")


def reopen_on_unsatisfied(
    event: Event, *, session: Session, outbox: Outbox, clock: Any, policy: handlers.Policy
) -> None:
    rated = event.data
    if rated["verdict"] != "unsatisfied" or rated["source"] not in REOPENING:
        return
    said = {"issue_id": rated["issue_id"], "rating_id": rated["rating_id"]}
    row = cases.load(session, rated["issue_id"])
    if row is None:
        log.warning("rating_for_unknown_case", **said)
        return
    if row["status"] not in REOPENABLE:
        log.info("rating_for_open_case", status=row["status"], **said)
        return
    reasons = ", ".join(rated["reasons"]) or "no reason given"
    request = {
        "action": "reopen",
        "actor": lifecycle.SYSTEM,
        "reason": f"unsatisfied rating {rated['rating_id']} ({rated['source']}: {reasons})",
    }
    handlers.apply_request(session, outbox, policy, row, request, clock.now())
