"""The residents concerned by a matter: the reporters and co-reporters (附议) of the routing cases
promoted into it, by intake's keyed pseudonym (`reporter_ref`), never a name or a number. They
may rate the matter's outcome (evaluation.py) through a resident app's key."""

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from deliberation.model import case_residents, matter_cases


def reported(session: Session, issue_id: str, resident_ref: str | None) -> None:
    """A resident reported (or co-reported) the case; once each."""
    if not resident_ref or _known(session, issue_id, resident_ref):
        return
    session.execute(insert(case_residents).values(issue_id=issue_id, resident_ref=resident_ref))


def concerned(session: Session, matter_id: str, resident_ref: str) -> bool:
    """Whether the resident reported one of the cases promoted into the matter."""
    query = (
        select(case_residents.c.issue_id)
        .join(matter_cases, matter_cases.c.issue_id == case_residents.c.issue_id)
        .where(matter_cases.c.matter_id == matter_id, case_residents.c.resident_ref == resident_ref)
    )
    return session.execute(query.limit(1)).first() is not None


def _known(session: Session, issue_id: str, resident_ref: str) -> bool:
    query = select(case_residents.c.issue_id).where(
        case_residents.c.issue_id == issue_id, case_residents.c.resident_ref == resident_ref
    )
    return session.execute(query).first() is not None
