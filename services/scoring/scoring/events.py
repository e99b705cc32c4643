"""What scoring emits and consumes: the shop's order events are in shop_events.py."""

from scoring import project_events, shop_events
from scoring.assessment_events import RATING_RECORDED, YELLOW_CARD
from scoring.rating_events import RATING_INVITED

EMITS = (RATING_RECORDED, YELLOW_CARD, RATING_INVITED, *project_events.EMITS, *shop_events.EMITS)
CONSUMES = (
    "intake.report.submitted.v1",
    "intake.report.corroborated.v1",
    "routing.issue.transitioned.v1",  # assessment's facts; a resolution's rating invitations
    "scoring.rating.recorded.v1",
    "deliberation.vote.closed.v1",  # its voters earn by the rules (council members)
    "deliberation.matter.evaluated.v1",  # a rated plan, if a rule names it
)
