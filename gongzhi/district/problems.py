"""A problem in a district's configuration names its file, line and field."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ConfigProblem:
    """Reads `<file>:<line>: <field>: <message>`; the line or the field is left out if unknown.

    `field` is a dotted path into the file: `categories[3].tier`, `features[12].geometry`.
    """

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return ": ".join(part for part in (where, self.field, self.message) if part)


class ConfigError(Exception):
    """The configuration is unusable; `problems` lists all that were found, one per line."""

    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
