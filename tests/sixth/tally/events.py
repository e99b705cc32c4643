"""What the tally emits and consumes.

The tally consumes its own `count.changed` to mark milestones. Relays publish with mandatory set,
so the contract refuses an event that nobody consumes; rather than invent a consumer elsewhere,
the tally's second step (is this count a milestone?) takes the event itself, as any later
consumer would.
"""

import marshmallow as ma

from gongzhi.catalogue import EventType


class CountChanged(ma.Schema):
    category = ma.fields.String(required=True)
    reports = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1))


COUNT_CHANGED = EventType(
    "tally.count.changed",
    1,
    CountChanged,
    "One more report of a category: `reports` is how many the tally has counted so far.",
)

EMITS = (COUNT_CHANGED,)
CONSUMES = ("intake.report.submitted.v1", "tally.count.changed.v1")
