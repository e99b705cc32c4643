"""A recipient's own values (`own` in a template: what an event's `per_recipient` holds for them
alone, such as a resident's single-use link to rate their case) may be credentials: whoever
holds the link rates as the resident. So a message is rendered with a placeholder where each
goes, `{own.link}` (`{own.expires_at|when}` through the `when` filter, the only one they take),
and what each placeholder stands for is kept sealed beside it (Fernet under notify's contact
key, as residents' contacts are). `filled` puts them in at send time: the delivery log and the
inbox show the placeholders. The sealed values are deleted once the message is settled
(settling.py) or with the case's residents' contacts (residents.purge_due).
"""

import json
import re
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import replace
from typing import Any

from gongzhi.contacts import seal, unseal
from notify.channels import Message
from notify.wording import for_people

START, WHEN = "{own.", "|when}"
LEFT = re.compile(r"\{own\.[^}]*\}", re.IGNORECASE)  # a placeholder a filter changed


def placeholders(own: Mapping[str, Any]) -> dict[str, str]:
    """What a template sees as `own`: each value's placeholder in its place."""
    return {name: _placeholder(name) for name in own}


def _placeholder(name: str) -> str:
    return f"{START}{name}}}"


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(START) and value.endswith("}")


def when(placeholder: str) -> str:
    """The placeholder of `placeholder | when`."""
    return placeholder.removesuffix("}") + WHEN


def sealed(own: Mapping[str, Any], timezone: str, key: bytes) -> str | None:
    """What each placeholder of `own` stands for, sealed with `key`; None when the recipient
    has nothing of their own."""
    return seal(json.dumps(_shown(own, timezone), ensure_ascii=False), key) if own else None


def _shown(own: Mapping[str, Any], timezone: str) -> dict[str, str]:
    """Each placeholder's value as the message shows it: as it is, and a time also `| when`."""
    shown = {}
    for name, value in own.items():
        placeholder = _placeholder(name)
        shown[placeholder] = str(value)
        if isinstance(value, str):
            with suppress(ValueError):  # not a time: `when` never shows it
                shown[when(placeholder)] = for_people(value, timezone)
    return shown


def filled(message: Message, values: str | None, key: bytes) -> Message:
    """`message` with the sealed `values` opened with `key` in place of their placeholders."""
    if values is None:
        return message
    title, body = message.title, message.body
    for placeholder, shown in json.loads(unseal(values, key)).items():
        title, body = title.replace(placeholder, shown), body.replace(placeholder, shown)
    return replace(message, title=title, body=body)


def left_unfilled(text: str, own: Mapping[str, Any], timezone: str) -> list[str]:
    """The placeholders `text` (rendered with `placeholders(own)`) would still hold once
    filled: those a template put through a filter other than `when`, e.g. `{OWN.LINK}` from
    `own.link | upper`. check-config refuses a template that leaves one."""
    for placeholder, shown in _shown(own, timezone).items():
        text = text.replace(placeholder, shown)
    return LEFT.findall(text)
