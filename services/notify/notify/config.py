"""Notify's section of `district.yaml`, `notify:`: how the district tells people. Each part is
read by the module that uses it; this file only puts them together.

    notify:
      channels: ...     # channels.py: Apprise URLs, the in-app inbox, the log
      templates: ...    # templates.py: the district's Jinja2 message files
      residents: ...    # residents.py: how long a resident's contact is kept after closing
      rules: ...        # rules.py: who hears of what, with which template, on which channels
      retry: ...        # delivery.py: how long a channel is tried before the next
      webhooks: ...     # webhooks.py: other systems' subscriptions, retried over about a day
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma

from gongzhi.district import District
from notify.channels import Channel, ChannelsField, default_channels
from notify.residents import ResidentsPolicy, ResidentsSchema
from notify.retries import Retry, RetrySchema
from notify.rules import Rule, RuleSchema
from notify.webhooks import WebhookPolicy, WebhookPolicySchema


@dataclass(frozen=True)
class Notify:
    """How notify tells people in this district."""

    templates: str = "templates"  # the folder of message files, relative to the district's
    channels: Mapping[str, Channel] = field(default_factory=default_channels)
    residents: ResidentsPolicy = field(default_factory=ResidentsPolicy)
    rules: tuple[Rule, ...] = ()
    retry: Retry = field(default_factory=Retry)
    webhooks: WebhookPolicy = field(default_factory=WebhookPolicy)


class NotifySchema(ma.Schema):
    templates = ma.fields.String(
        load_default="templates", validate=ma.validate.Regexp(r"^[^/\\]", error="a folder name")
    )
    channels = ChannelsField(load_default=default_channels)
    residents = ma.fields.Nested(ResidentsSchema, load_default=ResidentsPolicy())
    rules = ma.fields.List(ma.fields.Nested(RuleSchema), load_default=list)
    retry = ma.fields.Nested(RetrySchema, load_default=Retry)
    webhooks = ma.fields.Nested(WebhookPolicySchema, load_default=WebhookPolicy)

    @ma.post_load
    def _notify(self, fields: dict[str, Any], **_: Any) -> Notify:
        return Notify(**{**fields, "rules": tuple(fields["rules"])})


def check(notify: Notify, district: District) -> list[tuple[str, str]]:
    """What each part finds wrong against the district: (field, message) pairs."""
    from notify import events, rules, templates  # Jinja2 only once a district is checked

    found = templates.check(notify.templates, district)
    told_of = tuple(t for t in events.CONSUMES if t not in events.KEPT_ONLY)
    found += rules.problems(notify.rules, told_of, notify.channels)
    if not found:
        loaded = templates.load(district.folder / notify.templates)
        found += rules.template_problems(notify.rules, loaded.names, loaded.serves)
    return found


def notify_of(district: District) -> Notify:
    notify: Notify = district.section("notify")
    return notify
