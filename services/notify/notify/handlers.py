"""Notify's decisions: what each event owes whom under the district's rules (rules.py), written
as pending messages in the event's own transaction (delivery.py); the dispatcher sends them.
Plain functions, no nameko."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gongzhi.district import District
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from notify import delivery, residents, rules, templates, webhook_delivery
from notify.config import Notify
from notify.rules import RESIDENT_PREFIX


@dataclass(frozen=True)
class Plan:
    """What notify works from, built once at start: the district, its `notify:` section, its
    message templates, and the key residents' contacts are encrypted with."""

    district: District
    notify: Notify
    templates: templates.Templates
    contact_key: bytes


def tell(event: Event, *, session: Session, outbox: Outbox, clock: Any, plan: Plan) -> None:
    """Every message the district's rules owe for `event`, and the event itself to each
    subscription that wants its type (webhook_delivery.py), pending in this transaction."""
    subject = rules.subject_of(event.data)
    owed = rules.messages_for(
        event, plan.notify.rules, session, _residents(session, event.data, subject, plan)
    )
    render = _renderer(event, plan)
    delivery.owe(session, event, owed, plan.notify.channels, render, clock.now())
    webhook_delivery.queue(session, event, clock.now())


def _residents(
    session: Session, data: dict[str, Any], subject: str, plan: Plan
) -> dict[str, list[str]]:
    """The reporter's and co-reporters' refs: the one the event names (a report, a co-report)
    or, for news of the case, those whose contacts notify holds for it."""
    if data.get("reporter_ref"):
        return {"reporter": [data["reporter_ref"]], "co_reporters": []}
    held = residents.contacts_of(session, subject, plan.contact_key)
    return {
        "reporter": sorted({c.ref for c in held if not c.co_report}),
        "co_reporters": sorted({c.ref for c in held if c.co_report}),
    }


def _renderer(event: Event, plan: Plan) -> delivery.Render:
    def render(template: str, variant: str, recipient: str) -> tuple[str, str]:
        resident = recipient.startswith(RESIDENT_PREFIX)
        who = {"id": recipient, "kind": "resident" if resident else "staff", "name": None}
        context = templates.context(event, plan.district, who)
        rendered = plan.templates.render(template, variant, context)
        return rendered.title, rendered.body

    return render


def transitioned(event: Event, *, session: Session, outbox: Outbox, clock: Any, plan: Plan) -> None:
    """A step in a case's life: what it owes residents and staff under the rules, and the
    purge date of its residents' contacts when it closes (residents.track_case)."""
    tell(event, session=session, outbox=outbox, clock=clock, plan=plan)
    residents.track_case(event, session=session, outbox=outbox, policy=plan.notify.residents)
