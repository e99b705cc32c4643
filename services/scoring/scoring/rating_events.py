"""The invitation of one matter, one rating (一事一评): a resolved case's reporters invited to
rate it, each by their pseudonymous ref alone. Each rating then goes out as
scoring.rating.recorded.v1 (assessment_events.py, the contract assessment shares)."""

import marshmallow as ma

from gongzhi.catalogue import EventType


class Link(ma.Schema):
    link = ma.fields.String(required=True)  # the page to rate at: <public_url>/r/<token>
    expires_at = ma.fields.AwareDateTime(required=True)


class RatingInvited(ma.Schema):
    issue_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    round = ma.fields.Integer(required=True)  # the case's resolutions so far, this one included
    expires_at = ma.fields.AwareDateTime(required=True)
    # Each reporter's and co-reporter's own link, by their reporter ref: notify gives each
    # recipient theirs (`own` in a template) and tells no one the event does not name.
    per_recipient = ma.fields.Dict(ma.fields.String(), ma.fields.Nested(Link), required=True)


RATING_INVITED = EventType(
    "scoring.rating.invited",
    1,
    RatingInvited,
    "A resolved case's reporter and co-reporters are invited to rate it (一事一评): each their "
    "own single-use link, good until `expires_at`. For notify, which alone can reach them.",
)
