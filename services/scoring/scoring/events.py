"""What scoring emits and consumes."""

from scoring import project_events
from scoring.assessment_events import RATING_RECORDED, YELLOW_CARD

EMITS = (RATING_RECORDED, YELLOW_CARD, *project_events.EMITS)
CONSUMES = (
    "intake.report.submitted.v1",
    "intake.report.corroborated.v1",
    "routing.issue.transitioned.v1",
    "scoring.rating.recorded.v1",
)
