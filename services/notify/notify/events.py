"""What notify emits and consumes."""

EMITS = ()
CONSUMES = (
    "routing.issue.assigned.v1",
    "intake.report.corroborated.v1",
    "intake.report.updated.v1",
)
