"""Where a message goes: a staff member's address from the directory, a resident's from the
contact intake shared for the report (decrypted here, at send time, and nowhere kept in clear)."""

from sqlalchemy.orm import Session

from notify import directory, residents
from notify.rules import RESIDENT_PREFIX


class NotYetKnown(Exception):
    """The resident's contact has not reached notify yet (it comes in an event of its own):
    try again later rather than pass the channel over."""


def address_for(
    session: Session, recipient: str, kind: str, subject: str, key: bytes
) -> str | None:
    """The recipient's address of `kind` ("phone", "email", ...), None if they have none."""
    if not recipient.startswith(RESIDENT_PREFIX):
        return directory.address_of(session, recipient, kind)
    ref = recipient.removeprefix(RESIDENT_PREFIX)
    held = [c for c in residents.contacts_of(session, subject, key) if c.ref == ref]
    if not held:
        raise NotYetKnown(f"the resident's contact for {subject} has not reached notify yet")
    return next((c.value for c in held if c.address == kind), None)
