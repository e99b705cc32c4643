"""What deliberation emits and consumes."""

EMITS = ()
CONSUMES = ("routing.issue.assigned.v1",)
