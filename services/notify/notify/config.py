"""Notify's section of `district.yaml`, `notify:`: how the district tells people. Each part is
read by the module that uses it; this file only puts them together.

    notify:
      channels: ...     # channels.py: Apprise URLs, the in-app inbox, the log
      templates: ...    # templates.py: the district's Jinja2 message files
      residents: ...    # residents.py: how long a resident's contact is kept after closing
"""

from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from gongzhi.district import District


@dataclass(frozen=True)
class Notify:
    """How notify tells people in this district."""


class NotifySchema(ma.Schema):
    @ma.post_load
    def _notify(self, fields: dict[str, Any], **_: Any) -> Notify:
        return Notify(**fields)


def notify_of(district: District) -> Notify:
    notify: Notify = district.section("notify")
    return notify
