"""Scoring's `ratings:` subsection (一事一评): how long a resident's link to rate a resolved case
holds, the reasons they may give, what silence counts as, and where residents reach scoring.

    scoring:
      ratings:
        valid_days: 7
        silence: not_rated            # or satisfied, basically: the verdict of a link let lapse
        public_url: "https://gongzhi.xiguan.gov.cn/scoring"
        reasons: {slow: 办理不及时, not_fixed: 问题未解决, attitude: 服务态度差}
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma

VERDICTS = ("satisfied", "basically", "unsatisfied")
SOURCES = ("resident", "follow_up", "public", "default")
SILENCES = ("not_rated", "satisfied", "basically")


@dataclass(frozen=True)
class Ratings:
    """`reasons` maps a reason's code to the words a resident reads."""

    valid_days: int = 7
    silence: str = "not_rated"
    public_url: str = "http://localhost:8004"
    reasons: Mapping[str, str] = field(default_factory=dict)

    def default_verdict(self) -> str | None:
        """The verdict a lapsed link records, or None: not rated."""
        return None if self.silence == "not_rated" else self.silence


class RatingsSchema(ma.Schema):
    valid_days = ma.fields.Integer(load_default=7, validate=ma.validate.Range(1, 365))
    silence = ma.fields.String(load_default="not_rated", validate=ma.validate.OneOf(SILENCES))
    public_url = ma.fields.Url(load_default="http://localhost:8004", require_tld=False)
    reasons = ma.fields.Dict(
        ma.fields.String(validate=ma.validate.Length(1, 50)),
        ma.fields.String(validate=ma.validate.Length(1, 100)),
        load_default=dict,
    )

    @ma.post_load
    def _ratings(self, fields: dict[str, Any], **_: Any) -> Ratings:
        return Ratings(**{**fields, "public_url": fields["public_url"].rstrip("/")})
