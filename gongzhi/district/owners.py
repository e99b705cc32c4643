"""The sections of `district.yaml` beyond the shared part: each owned by an installed service,
which names it in its plugin's `config` with the Section that loads it."""

from collections.abc import Mapping
from typing import Any

from gongzhi.district.grid_files import validated
from gongzhi.district.model import District
from gongzhi.district.problems import ConfigProblem
from gongzhi.district.schema import DistrictSchema
from gongzhi.district.sections import REQUIRED, Section
from gongzhi.district.source import Source
from gongzhi.plugins import Plugin

_SHARED = frozenset(DistrictSchema().fields)  # the keys the core validates itself


def owned_sections(plugins: Mapping[str, Plugin]) -> dict[str, Section]:
    """Each section by its key; ValueError if two services, or a service and the core, own one."""
    sections: dict[str, Section] = {}
    owners: dict[str, str] = {}
    for plugin in plugins.values():
        for key, section in plugin.config.items():
            if key in _SHARED or key in owners:
                owner = owners.get(key, "the core")
                raise ValueError(f"{plugin.name} and {owner} both own district.yaml's {key!r}")
            owners[key], sections[key] = plugin.name, section
    return sections


def split(
    source: Source, owned: Mapping[str, Section], names: str, problems: list[ConfigProblem]
) -> tuple[Any, dict[str, Any]]:
    """The shared part of the data and the services' sections in it; a key no one owns is a
    problem. Data that is not a mapping is left whole to DistrictSchema to report."""
    if not isinstance(source.data, dict):
        return source.data, {}
    shared, given = {}, {}
    for key, value in source.data.items():
        if key in _SHARED:
            shared[key] = value
        elif key in owned:
            given[key] = value
        else:
            message = f"no installed service owns this section (installed: {names})"
            problems.append(source.problem(str(key), message))
    return shared, given


def load_section(
    source: Source,
    key: str,
    given: Mapping[str, Any],
    section: Section,
    district: District | None,
    problems: list[ConfigProblem],
) -> Any:
    """What section `key` loads into, its default if left out; its problems put in `problems`."""
    if key not in given:
        if section.default is REQUIRED:
            problems.append(source.problem(key, "Missing data for required field."))
        return section.default
    value = validated(section.schema(), given[key], source, key, problems)
    if value is not None and section.check and district is not None:
        for path, message in section.check(value, district):
            problems.append(source.problem(_within(key, path), message))
    return value


def _within(key: str, path: str) -> str:
    return f"{key}{path}" if not path or path.startswith("[") else f"{key}.{path}"
