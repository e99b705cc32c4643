"""The events assessment reads and writes beside scoring's others: the yellow card it publishes,
and the shared contract of a case's rating, which it consumes (scoring's ratings publish it)."""

import marshmallow as ma

from gongzhi.catalogue import EventType
from scoring.assessment import VERDICTS
from scoring.assessment_config import FIGURES


class Owner(ma.Schema):
    kind = ma.fields.String(required=True)  # department, community, street, grid_worker, ...
    id = ma.fields.String(required=True)


class YellowCard(ma.Schema):
    month = ma.fields.String(required=True)  # 2026-11, the district's month
    owner = ma.fields.Nested(Owner, required=True)
    score = ma.fields.Float(required=True)
    threshold = ma.fields.Float(required=True)
    figures = ma.fields.Dict(
        ma.fields.String(validate=ma.validate.OneOf(FIGURES)),
        ma.fields.Float(allow_none=True),
        required=True,
    )
    cases = ma.fields.Integer()


class RatingRecorded(ma.Schema):
    """No personal data and no comment: the comment stays in scoring."""

    rating_id = ma.fields.String(required=True)
    issue_id = ma.fields.String(required=True)
    verdict = ma.fields.String(required=True, validate=ma.validate.OneOf(VERDICTS))
    source = ma.fields.String(
        required=True, validate=ma.validate.OneOf(("resident", "follow_up", "public", "default"))
    )
    reasons = ma.fields.List(ma.fields.String(), required=True)
    rated_at = ma.fields.AwareDateTime(required=True)
    owner = ma.fields.Nested(Owner, required=True, allow_none=True)
    department = ma.fields.String(required=True, allow_none=True)
    community = ma.fields.String(required=True, allow_none=True)
    category = ma.fields.String(required=True)


YELLOW_CARD = EventType(
    "scoring.card.yellow",
    1,
    YellowCard,
    "An owner's month scored under the district's threshold (黄牌警告, 80 by default): once per "
    "owner and month, when the month closes; its figures are rates in [0, 1].",
)
RATING_RECORDED = EventType(
    "scoring.rating.recorded",
    1,
    RatingRecorded,
    "A case's rating (一事一评): satisfied, basically satisfied or unsatisfied, by its resident, "
    "a follow-up visit, the public or by default, with the owner it counts for.",
)
