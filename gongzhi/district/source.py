"""A configuration file read together with the line each value sits on.

PyYAML's composer gives every node its `start_mark`; walking the node tree maps each data path
(`categories[3].tier`) to a line. JSON is YAML as far as the composer cares, so GeoJSON gets
lines the same way, while `json` itself decides what the data is. Composing a large grid file
takes seconds, so it is done only when there is a problem to place.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from gongzhi.district.problems import ConfigError, ConfigProblem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: large grid files
_LAST_STEP = re.compile(r"(\.[^.\[]*|\[\d+\])$")


@dataclass(frozen=True)
class Source:
    """A file's data; where each value sits is worked out only once a problem needs it."""

    file: str
    data: Any
    text: str = field(repr=False)

    def problem(self, path: str, message: str) -> ConfigProblem:
        return ConfigProblem(self.file, self.line(path), path, message)

    def line(self, path: str) -> int | None:
        """The line of `path`, or of its nearest ancestor present (a missing key: its parent)."""
        while path not in self.lines and path:
            parent = _LAST_STEP.sub("", path)
            path = parent if parent != path else ""  # a top-level key: the document's line
        return self.lines.get(path)

    @cached_property
    def lines(self) -> dict[str, int]:
        try:
            node = yaml.compose(self.text, Loader=_LOADER)
        except yaml.YAMLError:  # valid JSON that PyYAML cannot compose: problems without lines
            return {}
        return _lines(node) if node else {}


def read_yaml(path: Path) -> Source:
    text = _read_text(path)
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, in C when present
    except yaml.YAMLError as error:
        raise _syntax_error(path, error) from None
    if data is None:
        raise ConfigError([ConfigProblem(str(path), None, "", "the file holds nothing")])
    return Source(str(path), data, text)


def read_json(path: Path) -> Source:
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError([ConfigProblem(str(path), error.lineno, "", error.msg)]) from None
    return Source(str(path), data, text)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)  # OSError's str repeats the path
        raise ConfigError([ConfigProblem(str(path), None, "", f"cannot read: {reason}")]) from None


def _syntax_error(path: Path, error: yaml.YAMLError) -> ConfigError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    return ConfigError([ConfigProblem(str(path), line, "", f"YAML syntax: {_explain(error)}")])


def _explain(error: yaml.YAMLError) -> str:
    if not isinstance(error, yaml.MarkedYAMLError):  # a reader error: a control character, say
        return " ".join(str(error).split())
    if error.context and error.context_mark:
        return f"{error.problem} ({error.context} at line {error.context_mark.line + 1})"
    return str(error.problem)


def _lines(node: yaml.Node, path: str = "", lines: dict[str, int] | None = None) -> dict[str, int]:
    lines = {} if lines is None else lines
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            lines[child] = key.start_mark.line + 1
            if key.value != "coordinates":  # a geometry is reported as a whole
                _lines(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, f"{path}[{index}]", lines)
    return lines
