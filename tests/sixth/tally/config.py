"""The tally's section of `district.yaml`, which may be left out:

tally:
  milestone: 100   # every 100th report of a category is a milestone
"""

from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from gongzhi.district import District


@dataclass(frozen=True)
class Tally:
    milestone: int = 100


class TallySchema(ma.Schema):
    milestone = ma.fields.Integer(load_default=100, strict=True, validate=ma.validate.Range(min=1))

    @ma.post_load
    def _tally(self, fields: dict[str, Any], **_: Any) -> Tally:
        return Tally(**fields)


def tally_of(district: District) -> Tally:
    tally: Tally = district.section("tally")
    return tally
