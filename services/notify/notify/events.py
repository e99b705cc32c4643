"""What notify emits and consumes."""

EMITS = ()
CONSUMES = (
    "intake.report.submitted.v1",
    "intake.report.corroborated.v1",
    "intake.report.updated.v1",
    "intake.contact.shared.v1",
    "routing.issue.assigned.v1",
    "routing.issue.transitioned.v1",
    "routing.issue.warned.v1",
    "routing.issue.light_changed.v1",
    "deliberation.vote.closed.v1",  # the assembly's result per party, the moment it closes
    "deliberation.matter.opened.v1",
    "deliberation.matter.stepped.v1",
    "deliberation.meeting.called.v1",
    "deliberation.step.warned.v1",
    "deliberation.matter.evaluated.v1",  # the outcome's ratings, told to the council
    "scoring.card.yellow.v1",  # an owner's month under the threshold: its heads hear
    "scoring.project.claimed.v1",  # a project's steps: the community that published it hears
    "scoring.project.done.v1",
    "scoring.project.rated.v1",
    "deliberation.review.filed.v1",  # a plan filed with the street: its supervisors are told
    "scoring.rating.invited.v1",  # each reporter's own link to rate the case (per_recipient)
    "scoring.order.placed.v1",  # the shop's orders (scoring_news.py)
    "scoring.order.redeemed.v1",
    "scoring.order.cancelled.v1",
    "scoring.order.expired.v1",
)
# Consumed to be kept, never the subject of a message: there is no sample of it to render a
# template against (notify.samples), so check-config refuses any template that serves it and
# no template can show a resident's contact.
KEPT_ONLY = ("intake.contact.shared.v1",)
