"""What projects emit, `scoring.project.*.v1`: a project claimed, reported done, rated by the
resident who ordered it. Each names the community that published it as its `owner`, which
notify tells (its workstation follows the project up). No personal data: a claimant is an id
(a registered person's or an organisation's), the resident is not named, the title is masked."""

import marshmallow as ma

from gongzhi.catalogue import EventType


class Unit(ma.Schema):
    kind = ma.fields.String(required=True)
    id = ma.fields.String(required=True)


class ProjectStep(ma.Schema):
    project_id = ma.fields.Integer(required=True)
    community = ma.fields.String(required=True)
    owner = ma.fields.Nested(Unit, required=True)  # the community: {kind: community, id: code}
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(("basic", "key")))
    title = ma.fields.String(required=True)  # personal data masked
    points = ma.fields.Integer(required=True)  # on offer; posted once rated satisfied
    status = ma.fields.String(required=True)  # claimed, done, confirmed
    claimant = ma.fields.Nested(Unit, required=True)  # {kind: person|organisation, id}
    verdict = ma.fields.String(allow_none=True, load_default=None)  # once rated
    at = ma.fields.String(required=True)  # ISO 8601


def _step(name: str, what: str) -> EventType:
    return EventType(f"scoring.project.{name}", 1, ProjectStep, what)


CLAIMED = _step("claimed", "A person (basic project) or an organisation (key project) claimed it.")
DONE = _step("done", "Its claimant reported the work done; the resident is to rate it.")
RATED = _step(
    "rated",
    "The resident who ordered it rated the work: satisfied or basically, the project is "
    "confirmed and its points posted to the claimant; unsatisfied, it is claimed again (rework).",
)
EMITS = (CLAIMED, DONE, RATED)
