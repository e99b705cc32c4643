"""Reading a district's template folder: each `*.j2` compiled in the sandbox, and its shape
checked (the `for:` line, known blocks, a title and a body) before anything renders it.
templates.py describes the files; this module finds what is wrong with them, all at once."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateSyntaxError,
    nodes,
    pass_context,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from notify import own
from notify.wording import for_people

BLOCKS = ("title", "body", "sms", "markdown")
REQUIRED = ("title", "body")
FOR_LINE = re.compile(r"\{#\s*for:\s*(?P<types>[^#]*?)\s*#\}")
EVENT_TYPE = re.compile(r"^[a-z_]+(\.[a-z_]+)+\.v[0-9]+$")
EXAMPLE_FOR = "{# for: routing.issue.assigned.v1 #}"

Problem = tuple[str, int | None, str]  # (file, line or None, message)


def where(file: str, line: int | None, message: str) -> str:
    return f"{file}:{line}: {message}" if line else f"{file}: {message}"


class TemplateProblems(Exception):
    """A template folder that cannot be used: (file, line or None, message) for each problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(where(*problem) for problem in problems))


@dataclass(frozen=True)
class Message:
    """One message file: `templates/issue.assigned.j2`, the event types it serves, its blocks."""

    file: str
    serves: tuple[str, ...]
    template: Template
    lines: Mapping[str, int]  # the line of each block


def read_folder(folder: Path) -> dict[str, Message]:
    """The message files in `folder` by name (file name less `.j2`); TemplateProblems."""
    if not folder.is_dir():
        raise TemplateProblems([(folder.name, None, f"no template folder {str(folder)!r}")])
    environment = _environment(folder)
    found: list[Problem] = []
    messages = {}
    for path in sorted(folder.glob("*.j2")):
        message = _read(environment, folder, path, found)
        if message is not None:
            messages[path.name.removesuffix(".j2")] = message
    if not messages and not found:
        found.append((folder.name, None, "no message files (*.j2) in the template folder"))
    if found:
        raise TemplateProblems(found)
    return messages


def _environment(folder: Path) -> Environment:
    environment = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(folder, encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=False,  # plain text and markdown, never HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # a shared part ends its lines as it is written
        auto_reload=False,
    )
    environment.filters["when"] = _when
    return environment


@pass_context
def _when(values: Any, moment: str) -> str:
    """{{ data.at | when }}: an ISO time from the data, as people read it in the district; a
    recipient's own time, a placeholder until the message is sent, stays one (own.py)."""
    if own.is_placeholder(moment):
        return own.when(moment)
    return for_people(moment, values["timezone"])


def _read(
    environment: Environment, folder: Path, path: Path, found: list[Problem]
) -> Message | None:
    """The message in `path`, None for a shared part (`_*.j2`) or a file with problems."""
    file = f"{folder.name}/{path.name}"
    try:
        source = path.read_text(encoding="utf-8")
        template = environment.get_template(path.name)
        tree = environment.parse(source)
    except UnicodeDecodeError:
        found.append((file, None, "not UTF-8 text"))
        return None
    except TemplateSyntaxError as error:
        found.append((file, error.lineno, error.message or "syntax error"))
        return None
    if path.name.startswith("_"):
        return None
    shape = _for_line_problems(file, serves(source)) + _block_problems(file, tree)
    found.extend(shape)
    lines = {block.name: block.lineno for block in tree.find_all(nodes.Block)}
    return None if shape else Message(file, serves(source), template, lines)


def serves(source: str) -> tuple[str, ...]:
    """The event types a file's first line names: `{# for: a.b.c.v1, d.e.f.v1 #}`."""
    matched = FOR_LINE.fullmatch(source.split("\n", 1)[0].strip())
    if matched is None:
        return ()
    return tuple(part.strip() for part in matched["types"].split(",") if part.strip())


def _for_line_problems(file: str, types: tuple[str, ...]) -> list[Problem]:
    if not types:
        return [(file, 1, f"the first line names the event types it serves: {EXAMPLE_FOR}")]
    wrong = [t for t in types if not EVENT_TYPE.match(t)]
    return [(file, 1, f"{t!r} is not an event type, e.g. intake.report.updated.v1") for t in wrong]


def _block_problems(file: str, tree: nodes.Template) -> list[Problem]:
    blocks = list(tree.find_all(nodes.Block))
    known = ", ".join(BLOCKS)
    found: list[Problem] = [
        (file, block.lineno, f"unknown block {block.name!r} (blocks: {known})")
        for block in blocks
        if block.name not in BLOCKS
    ]
    for missing in sorted(set(REQUIRED) - {block.name for block in blocks}):
        found.append((file, None, f"no {{% block {missing} %}}: a message has a title and a body"))
    for extends in tree.find_all(nodes.Extends):
        found.append((file, extends.lineno, "{% extends %} is not supported: {% include %} a part"))
    return found
