"""Where a message goes: a staff member's address from the directory, a resident's from the
contact intake shared for the report (decrypted here, at send time, and nowhere kept in clear)."""

from sqlalchemy.orm import Session

from notify import directory, residents
from notify.residents import ResidentContact
from notify.rules import RESIDENT_PREFIX


class NotYetKnown(Exception):
    """The resident's contact has not reached notify yet (it comes in an event of its own):
    try again later rather than pass the channel over."""


class AddressBook:
    """Addresses for one dispatcher pass: `book(session, recipient, kind, subject)` is the
    recipient's address of `kind` ("phone", "email", ...), None if they have none. Each case's
    residents' contacts are opened once a pass, not once a message (a case may have a thousand
    co-reporters); they are kept in clear in memory for that pass alone."""

    def __init__(self, key: bytes):
        self._key = key
        self._opened: dict[str, list[ResidentContact]] = {}

    def __call__(self, session: Session, recipient: str, kind: str, subject: str) -> str | None:
        if not recipient.startswith(RESIDENT_PREFIX):
            return directory.address_of(session, recipient, kind)
        ref = recipient.removeprefix(RESIDENT_PREFIX)
        held = [c for c in self._contacts(session, subject) if c.ref == ref]
        if not held:
            raise NotYetKnown(f"the resident's contact for {subject} has not reached notify yet")
        return next((c.value for c in held if c.address == kind), None)

    def _contacts(self, session: Session, subject: str) -> list[ResidentContact]:
        if subject not in self._opened:
            self._opened[subject] = residents.contacts_of(session, subject, self._key)
        return self._opened[subject]
