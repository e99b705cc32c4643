"""A matter as its decisions read it (load once, decide, write once), and its statuses.

A matter's status follows the kind of the step it is at (STATUS_OF_KIND), except before it
opens (`collecting` co-signers) and after it ends (`closed` past its last step, `failed` when
a step with nowhere to go back to turns it down). `step_seq` counts the steps entered, so
that what a step must produce is looked for among the records made since it was entered."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from deliberation.model import matters
from deliberation.refusals import NotFound

COLLECTING = "collecting"
CLOSED, FAILED = "closed", "failed"
STATUS_OF_KIND = {
    "propose": "proposed",
    "deliberate": "deliberating",
    "review": "reviewing",
    "resolve": "voting",
    "execute": "executing",
    "evaluate": "evaluating",
}
STATUSES = (COLLECTING, *STATUS_OF_KIND.values(), CLOSED, FAILED)
ENDED = (CLOSED, FAILED)
OPEN = tuple(STATUS_OF_KIND.values())


@dataclass(frozen=True)
class Matter:
    id: str
    community: str
    title: str
    description: str
    process: str
    step: str
    step_seq: int
    status: str
    origin: str
    raised_by: str
    listed_code: str | None
    step_started_at: datetime
    step_due_at: datetime | None
    step_warned_at: datetime | None
    created_at: datetime


FIELDS = tuple(Matter.__dataclass_fields__)


def load(session: Session, matter_id: str) -> Matter:
    """The matter, or NotFound."""
    columns = [matters.c[name] for name in FIELDS]
    row = session.execute(select(*columns).where(matters.c.id == matter_id)).mappings().first()
    if row is None:
        raise NotFound(f"no matter {matter_id}")
    return Matter(**{name: utc(value) for name, value in row.items()})


def utc(value: Any) -> Any:
    """SQLite hands times back without their zone; all we store is UTC."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
    return value
