"""Notify's decisions: what each event owes whom under the district's rules (rules.py), written
as pending messages in the event's own transaction (delivery.py); the dispatcher sends them.
Plain functions, no nameko."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from gongzhi import workdays
from gongzhi.district import District
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from gongzhi.web import HttpError
from notify import (
    delivery,
    digests,
    holding,
    own,
    preferences,
    residents,
    rules,
    subscriptions,
    templates,
    webhook_delivery,
)
from notify.config import Notify, notify_of
from notify.links import Links
from notify.preferences import Preference
from notify.rules import RESIDENT_PREFIX


@dataclass(frozen=True)
class Plan:
    """What notify works from, built once at start: the district, its `notify:` section, its
    message templates, the key residents' contacts (and recipients' own values, own.py) are
    sealed with, and the keys their links are signed with (newest last)."""

    district: District
    notify: Notify
    templates: templates.Templates
    contact_key: bytes
    link_keys: tuple[bytes, ...] = ()

    @cached_property
    def links(self) -> Links:
        r = self.notify.residents
        return Links(self.link_keys, r.public_url, r.preferences_page, r.link_days)

    @cached_property
    def holding(self) -> holding.Policy:
        """What quiet hours, throttle and digests work from (the calendar built once)."""
        n = self.notify
        return holding.Policy(
            timezone=self.district.timezone,
            calendar=workdays.of_district(self.district.calendar),
            channels=frozenset(n.channels),
            quiet=n.quiet_hours,
            throttle=n.throttle,
            digest=n.digest,
        )

    @cached_property
    def topics(self) -> frozenset[str]:
        return frozenset(rule.topic for rule in self.notify.rules)

    @cached_property
    def resident_topics(self) -> tuple[str, ...]:
        """The topics of the rules that tell residents: what a resident may choose for."""
        told = {rule.topic for rule in self.notify.rules if set(rule.to) & set(rules.RESIDENTS)}
        return tuple(sorted(told))


def plan_of(district: District, contact_key: bytes, link_keys: tuple[bytes, ...] = ()) -> Plan:
    """The plan of a loaded district: its `notify:` section and its message files (none read
    where no rule tells anyone, as in a district without a `notify:` section)."""
    notify = notify_of(district)
    folder = district.folder / notify.templates
    loaded = templates.load(folder) if notify.rules else templates.Templates({})
    return Plan(district, notify, loaded, contact_key, link_keys)


def tell(
    event: Event,
    *,
    session: Session,
    outbox: Outbox,
    clock: Any,
    plan: Plan,
    suppressed: Counter[str] | None = None,
) -> None:
    """Every message the district's rules owe for `event`, in this transaction: pending, held
    for the end of the quiet hours, or suppressed (counted by reason in `suppressed`); and the
    event itself to each subscription that wants its type (webhook_delivery.py)."""
    subject = rules.subject_of(event.data)
    looked_up = {
        **_residents(session, event.data, subject),
        "subscribers": subscriptions.subscribers(session, event.data, plan.district),
    }
    owed = only_named(event.data, rules.messages_for(event, plan.notify.rules, session, looked_up))
    render = _renderer(event, plan)
    hold = _holder(plan, Counter() if suppressed is None else suppressed)
    sealed = _sealer(event, plan)
    delivery.owe(session, event, owed, plan.notify.channels, render, clock.now(), hold, sealed)
    webhook_delivery.queue(session, event, clock.now())


def only_named(data: dict[str, Any], owed: list[rules.Owed]) -> list[rules.Owed]:
    """An event with `per_recipient` data (each recipient's own: a link, a code) tells those
    it names alone: staff by their directory id, residents by their ref."""
    if "per_recipient" not in data:
        return owed
    return [item for item in owed if _own(data, item.recipient) is not None]


def _own(data: dict[str, Any], recipient: str) -> dict[str, Any] | None:
    """What the event holds for this recipient alone (`own` in a template), if it has any."""
    mine = data.get("per_recipient") or {}
    found: dict[str, Any] | None = mine.get(recipient.removeprefix(RESIDENT_PREFIX))
    return found


def _sealer(event: Event, plan: Plan) -> delivery.Sealed:
    """Each recipient's own values as their message keeps them until it is sent (own.py)."""

    def sealed(recipient: str) -> str | None:
        mine = _own(event.data, recipient) or {}
        return own.sealed(mine, plan.district.timezone, plan.contact_key)

    return sealed


def _holder(plan: Plan, suppressed: Counter[str]) -> holding.Hold:
    def hold(session: Session, item: rules.Owed, now: datetime) -> holding.Decision:
        decision = holding.decide(session, item, now, plan.holding)
        if decision.status == "suppressed" and decision.reason:
            suppressed[decision.reason] += 1
        return decision

    return hold


def _residents(session: Session, data: dict[str, Any], subject: str) -> dict[str, list[str]]:
    """The reporter's and co-reporters' refs: the one the event names (a report, a co-report)
    or, for news of the case, those whose contacts notify holds for it (none opened here)."""
    if data.get("reporter_ref"):
        return {"reporter": [data["reporter_ref"]], "co_reporters": []}
    return residents.refs_of(session, subject)


def _renderer(event: Event, plan: Plan) -> delivery.Render:
    def render(template: str, variant: str, recipient: str) -> tuple[str, str]:
        resident = recipient.startswith(RESIDENT_PREFIX)
        who: dict[str, Any] = {"id": recipient, "kind": "resident" if resident else "staff"}
        who |= {"name": None, "own": own.placeholders(_own(event.data, recipient) or {})}
        if resident:  # the token goes in when it is sent (links.py)
            who["preferences_url"] = plan.links.preferences_url()
            who["sms_opt_out"] = plan.notify.sms_replies.hint
        context = templates.context(event, plan.district, who)
        try:
            rendered = plan.templates.render(template, variant, context)
        except (templates.RenderFailed, templates.UnknownTemplate) as failed:
            raise delivery.CannotRender(str(failed)) from failed
        return rendered.title, rendered.body

    return render


def transitioned(
    event: Event, *, session: Session, outbox: Outbox, plan: Plan, **told: Any
) -> None:
    """A step in a case's life: what it owes residents and staff under the rules, and the
    purge date of its residents' contacts when it closes (residents.track_case)."""
    tell(event, session=session, outbox=outbox, plan=plan, **told)
    residents.track_case(event, session=session, outbox=outbox, policy=plan.notify.residents)


def send_digests(session: Session, now: datetime, plan: Plan) -> int:
    """The digests due now, one per recipient, pending for the dispatcher."""
    writer = digests.Writer(plan.notify.digest.template, plan.notify.channels, _digest(plan, now))
    return digests.make_due(session, now, writer)


def _digest(plan: Plan, now: datetime) -> digests.Render:
    def render(recipient: str, variant: str, folded: Sequence[RowMapping]) -> tuple[str, str]:
        event = digests.as_event(folded, plan.district.code, now)
        who = {"id": recipient, "kind": "staff", "name": None}
        context = templates.context(event, plan.district, who)
        rendered = plan.templates.render(plan.notify.digest.template, variant, context)
        return rendered.title, rendered.body

    return render


def choose(
    session: Session, recipient: str, chosen: Sequence[Preference], *, clock: Any, plan: Plan
) -> None:
    """The staff member's choices per topic, whole; HttpError 400 naming each bad field."""
    found = preferences.problems(
        chosen,
        topics=plan.topics,
        channels=frozenset(plan.notify.channels),
        kind=preferences.kind_of(session, recipient),
        digest=plan.notify.digest,
    )
    if found:
        raise HttpError(400, "invalid", "the preferences have invalid fields", found)
    preferences.replace(session, recipient, chosen, clock.now())


def subscribe(
    session: Session, recipient: str, topics: list[str], *, clock: Any, plan: Plan
) -> None:
    """Replace the recipient's topic subscriptions; HttpError 400 naming each bad topic."""
    found = subscriptions.problems(topics, plan.district)
    if found:
        raise HttpError(400, "invalid", "the request has invalid fields", {"topics": found})
    subscriptions.replace(session, recipient, topics, clock.now())
