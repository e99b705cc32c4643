"""What notify emits and consumes."""

EMITS = ()
CONSUMES = (
    "routing.issue.assigned.v1",
    "routing.issue.warned.v1",
    "routing.issue.light_changed.v1",
    "intake.report.corroborated.v1",
    "intake.report.updated.v1",
    "intake.contact.shared.v1",
    "routing.issue.transitioned.v1",
)
