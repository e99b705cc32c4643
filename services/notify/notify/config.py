"""Notify's section of `district.yaml`, `notify:`: how the district tells people. Each part is
read by the module that uses it; this file only puts them together.

    notify:
      channels: ...     # channels.py: Apprise URLs, the in-app inbox, the log
      templates: ...    # templates.py: the district's Jinja2 message files
      residents: ...    # residents.py: how long a resident's contact is kept after closing,
                        #   and where the link to their preferences points (links.py)
      rules: ...        # rules.py: who hears of what, with which template, on which channels
      retry: ...        # delivery.py: how long a channel is tried before the next
      webhooks: ...     # webhooks.py: other systems' subscriptions, retried over about a day
      quiet_hours: ...  # holding.py: when non-critical messages wait (district time)
      throttle: ...     # holding.py: messages per recipient and topic in an hour
      digest: ...       # digests.py: when a working day's digest goes, and who may take one
      sms_replies: ...  # sms_keywords.py: what residents reply to an SMS to opt out or back in
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma

from gongzhi.district import District
from notify.channels import Channel, ChannelsField, default_channels
from notify.digests import DigestPolicy, DigestSchema
from notify.holding import QuietHours, QuietHoursSchema, Throttle, ThrottleSchema
from notify.residents import ResidentsPolicy, ResidentsSchema
from notify.retries import Retry, RetrySchema, WebhookPolicy, WebhookPolicySchema
from notify.rules import RESIDENTS, Rule, RuleSchema
from notify.sms_keywords import SmsReplies, SmsRepliesSchema


@dataclass(frozen=True)
class Notify:
    """How notify tells people in this district."""

    templates: str = "templates"  # the folder of message files, relative to the district's
    channels: Mapping[str, Channel] = field(default_factory=default_channels)
    residents: ResidentsPolicy = field(default_factory=ResidentsPolicy)
    rules: tuple[Rule, ...] = ()
    retry: Retry = field(default_factory=Retry)
    webhooks: WebhookPolicy = field(default_factory=WebhookPolicy)
    quiet_hours: QuietHours = field(default_factory=QuietHours)
    throttle: Throttle = field(default_factory=Throttle)
    digest: DigestPolicy = field(default_factory=DigestPolicy)
    sms_replies: SmsReplies = field(default_factory=SmsReplies)


class NotifySchema(ma.Schema):
    templates = ma.fields.String(
        load_default="templates", validate=ma.validate.Regexp(r"^[^/\\]", error="a folder name")
    )
    channels = ChannelsField(load_default=default_channels)
    residents = ma.fields.Nested(ResidentsSchema, load_default=ResidentsPolicy())
    rules = ma.fields.List(ma.fields.Nested(RuleSchema), load_default=list)
    retry = ma.fields.Nested(RetrySchema, load_default=Retry)
    webhooks = ma.fields.Nested(WebhookPolicySchema, load_default=WebhookPolicy)
    quiet_hours = ma.fields.Nested(QuietHoursSchema, load_default=QuietHours)
    throttle = ma.fields.Nested(ThrottleSchema, load_default=Throttle)
    digest = ma.fields.Nested(DigestSchema, load_default=DigestPolicy)
    sms_replies = ma.fields.Nested(SmsRepliesSchema, load_default=SmsReplies)

    @ma.post_load
    def _notify(self, fields: dict[str, Any], **_: Any) -> Notify:
        return Notify(**{**fields, "rules": tuple(fields["rules"])})


def check(notify: Notify, district: District) -> list[tuple[str, str]]:
    """What each part finds wrong against the district: (field, message) pairs."""
    from notify import events, rules, templates  # Jinja2 only once a district is checked

    found = templates.check(notify.templates, district, notify.sms_replies.hint)
    found += _residents_problems(notify)
    told_of = tuple(t for t in events.CONSUMES if t not in events.KEPT_ONLY)
    found += rules.problems(notify.rules, told_of, notify.channels)
    if not found:
        loaded = templates.load(district.folder / notify.templates)
        found += rules.template_problems(notify.rules, loaded.names, loaded.serves)
        found += _digest_problems(notify.digest, loaded)
    return found


def _residents_problems(notify: Notify) -> list[tuple[str, str]]:
    """Rules that tell residents need `residents.public_url`: each message carries their link."""
    telling = [n for n, rule in enumerate(notify.rules) if set(rule.to) & set(RESIDENTS)]
    if not telling or notify.residents.public_url:
        return []
    why = (
        f"rules[{telling[0]}] tells residents, and each message carries a link to their "
        "preferences: say where residents reach notify's API, e.g. https://gongzhi.example.cn/notify"
    )
    return [("residents.public_url", why)]


def _digest_problems(digest: DigestPolicy, loaded: Any) -> list[tuple[str, str]]:
    from notify.digests import DIGEST_TYPE

    if digest.template not in loaded.names:
        return [("digest.template", f"no template {digest.template!r} in the folder")]
    if DIGEST_TYPE not in loaded.serves(digest.template):
        declared = f"{digest.template!r} does not declare it is for {DIGEST_TYPE}"
        return [("digest.template", declared)]
    return []


def notify_of(district: District) -> Notify:
    notify: Notify = district.section("notify")
    return notify
