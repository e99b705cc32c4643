"""What scoring emits and consumes."""

EMITS = ()
CONSUMES = ("intake.report.submitted.v1", "intake.report.corroborated.v1")
