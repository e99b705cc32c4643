"""A reporter's contact on its way to notify: sealed for notify alone, in the same unit of work
as the report or co-report it came with. Every other event names the reporter only by
`reporter_ref`, a keyed pseudonym."""

from dataclasses import dataclass

import structlog

from gongzhi import contacts
from gongzhi.outbox import Outbox
from intake.events import CONTACT_SHARED

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ReporterKeys:
    pseudonym: bytes  # behind reporter_ref (GONGZHI_PSEUDONYM_KEY)
    contact: bytes  # Fernet, shared with notify alone (GONGZHI_CONTACT_KEY)


@dataclass(frozen=True)
class Reporter:
    """Who reported a case, or joined it as a co-report (附议)."""

    report_id: str
    ref: str
    contact: str
    co_report: bool


def share(outbox: Outbox, reporter: Reporter, key: bytes) -> None:
    """Tell notify how to reach the reporter. A contact that is neither a phone number in
    China nor an e-mail address stays in intake alone: no channel could reach it."""
    found = contacts.reachable(reporter.contact)
    if found is None:
        log.warning("contact_unreachable", report_id=reporter.report_id, ref=reporter.ref)
        return
    address, value = found
    data = {
        "report_id": reporter.report_id,
        "reporter_ref": reporter.ref,
        "co_report": reporter.co_report,
        "address": address,
        "contact": contacts.seal(value, key),
    }
    outbox.add(CONTACT_SHARED, data, subject=reporter.report_id)
