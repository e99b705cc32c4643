"""What scoring emits and consumes."""

EMITS = ()
CONSUMES = ("intake.report.submitted.v1",)
