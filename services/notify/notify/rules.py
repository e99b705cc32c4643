"""Who hears of what, as data: the district's `notify.rules`. Each rule names the `event` type it
is on (not `on:`, which YAML reads as true), the conditions on the event's data, the audiences,
the template and the chain of channels to try in order. `messages_for` turns one event into the
messages it owes, one per recipient.

    rules:
      - event: routing.issue.assigned.v1
        when: {action: [transfer, escalate, return]}   # only these values of data.action
        to: [previous_owner]
        template: issue.moved
        chain: [wecom, sms, inbox]
      - event: routing.issue.light_changed.v1
        to: [owner]
        template: issue.light
        critical_when: {to_light: [red]}                # bypasses quiet hours and throttles
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongzhi.envelope import Event
from notify.model import deliveries, directory

AUDIENCES = (
    "owner",  # the case's owner as the event names it (the new owner of an assignment)
    "previous_owner",  # the owner a transfer, escalation or return moved it from
    "co_handlers",  # each co-handler's owner (协办)
    "supervisors",  # those the event names as supervising
    "parties",  # the parties the event names (a deliberation's invitation: data.parties)
    "reporter",  # the resident who reported it
    "co_reporters",  # residents who reported it again (附议)
    "told",  # whoever was told of the subject before
    "subscribers",  # staff subscribed to the case's grid (or one above it) or its category
    "heads",  # the heads of the unit the event names as owner (a department's, a community's)
)
# Who a unit's heads are: directory entries of these kinds filed under the unit's code (the
# directory's `community` column: a community's code, or a department's for its staff).
HEAD_KINDS = ("department_head", "supervisor")
RESIDENTS = ("reporter", "co_reporters")
RESIDENT_PREFIX = "resident:"


@dataclass(frozen=True)
class Rule:
    event: str  # the event type it is on, e.g. routing.issue.assigned.v1
    to: tuple[str, ...]
    template: str
    chain: tuple[str, ...]  # channel names, tried in order
    topic: str = "case"  # what a recipient's preferences and the throttle count it under
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    needs: tuple[str, ...] = ()  # data fields that must be there and not empty
    critical: bool = False
    critical_when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def applies(self, data: Mapping[str, Any]) -> bool:
        met = all(str(data.get(key)) in values for key, values in self.when.items())
        return met and all(data.get(key) for key in self.needs)

    def is_critical(self, data: Mapping[str, Any]) -> bool:
        hit = any(str(data.get(key)) in values for key, values in self.critical_when.items())
        return self.critical or hit


_VALUES = ma.fields.Dict(
    keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()), load_default=dict
)


class RuleSchema(ma.Schema):
    event = ma.fields.String(required=True, validate=ma.validate.Length(min=1))
    to = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(AUDIENCES)),
        required=True,
        validate=ma.validate.Length(min=1),
    )
    template = ma.fields.String(required=True, validate=ma.validate.Length(min=1))
    chain = ma.fields.List(ma.fields.String(), required=True, validate=ma.validate.Length(min=1))
    topic = ma.fields.String(load_default="case")
    when = _VALUES
    needs = ma.fields.List(ma.fields.String(), load_default=list)
    critical = ma.fields.Boolean(load_default=False)
    critical_when = _VALUES

    @ma.post_load
    def _rule(self, fields: dict[str, Any], **_: Any) -> Rule:
        tuples = {key: tuple(fields[key]) for key in ("to", "chain", "needs")}
        maps = {
            key: {k: tuple(v) for k, v in fields[key].items()} for key in ("when", "critical_when")
        }
        return Rule(**{**fields, **tuples, **maps})


@dataclass(frozen=True)
class Owed:
    """One message an event owes one recipient under one rule."""

    recipient: str  # a directory id, or resident:<reporter_ref>
    rule: Rule
    critical: bool


def messages_for(
    event: Event, rules: tuple[Rule, ...], session: Session, looked_up: Mapping[str, list[str]]
) -> list[Owed]:
    """Every message `event` owes under `rules`, at most one per recipient and template.
    `looked_up` gives the audiences the caller finds elsewhere: the reporter's and
    co-reporters' refs of the subject, and the subscribers (subscriptions.py)."""
    owed: dict[tuple[str, str], Owed] = {}
    for rule in rules:
        if rule.event != event.type or not rule.applies(event.data):
            continue
        critical = rule.is_critical(event.data)
        for audience in rule.to:
            for recipient in _audience(audience, event.data, session, looked_up):
                owed.setdefault((recipient, rule.template), Owed(recipient, rule, critical))
    return list(owed.values())


def subject_of(data: Mapping[str, Any]) -> str:
    return str(data.get("issue_id") or data.get("report_id") or "")


def _audience(
    audience: str,
    data: Mapping[str, Any],
    session: Session,
    looked_up: Mapping[str, list[str]],
) -> list[str]:
    if audience in RESIDENTS:
        return [RESIDENT_PREFIX + ref for ref in looked_up.get(audience, [])]
    if audience == "subscribers":
        return list(looked_up.get(audience, []))
    if audience == "told":
        return _told(session, subject_of(data))
    if audience == "heads":
        return _heads(session, (data.get("owner") or {}).get("id"))
    return [str(who) for who in _named(audience, data) if who]


def _named(audience: str, data: Mapping[str, Any]) -> list[str | None]:
    if audience == "owner":
        return [(data.get("owner") or {}).get("id")]
    if audience == "previous_owner":
        return [(data.get("from_owner") or {}).get("id")]
    if audience == "co_handlers":
        return [co["owner"]["id"] for co in data.get("co_handlers") or []]
    if audience == "parties":
        return list(data.get("parties") or [])
    return list(data.get("supervisors") or [])


def _told(session: Session, subject: str) -> list[str]:
    """Staff told of the subject before (residents hear of their own reports by rule)."""
    rows = session.execute(
        select(deliveries.c.recipient)
        .where(deliveries.c.subject == subject)
        .distinct()
        .order_by(deliveries.c.recipient)
    ).scalars()
    return [r for r in rows if not r.startswith(RESIDENT_PREFIX)]


def _heads(session: Session, unit: str | None) -> list[str]:
    """The unit's heads and supervisors in the directory, e.g. housing's 住建局局长."""
    if not unit:
        return []
    query = select(directory.c.id).where(
        directory.c.community == unit, directory.c.kind.in_(HEAD_KINDS)
    )
    return list(session.execute(query.order_by(directory.c.id)).scalars())


def problems(
    rules: tuple[Rule, ...], consumed: tuple[str, ...], channels: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(field, message) for each rule on an event notify does not consume or with a chain
    naming a channel the district does not define."""
    found = []
    for n, rule in enumerate(rules):
        if rule.event not in consumed:
            found.append((f"rules[{n}].event", f"notify does not consume {rule.event!r}"))
        for m, name in enumerate(rule.chain):
            if name not in channels:
                known = ", ".join(sorted(channels))
                found.append((f"rules[{n}].chain[{m}]", f"no channel {name!r} (channels: {known})"))
    return found


def template_problems(
    rules: tuple[Rule, ...], names: frozenset[str], serves: Callable[[str], tuple[str, ...]]
) -> list[tuple[str, str]]:
    """(field, message) for each rule naming a template the district lacks, or one that does
    not declare the rule's event type (it was not checked against that type's sample)."""
    found = []
    for n, rule in enumerate(rules):
        if rule.template not in names:
            found.append((f"rules[{n}].template", f"no template {rule.template!r} in the folder"))
        elif rule.event not in serves(rule.template):
            found.append(
                (
                    f"rules[{n}].template",
                    f"{rule.template!r} does not declare it is for {rule.event}",
                )
            )
    return found
