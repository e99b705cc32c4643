"""A section of `district.yaml` that a service owns: how the core validates it without knowing
the service. A service names its sections in its plugin descriptor:

    config={"intake": Section(IntakeSchema)}                         # must be there
    config={"sla": Section(SlaSchema, default=SlaPolicy())}          # may be left out
    config={"routing": Section(RoutingSchema, RoutingPolicy(), check=routes_name_categories)}

`load_district` loads each section with `schema` at the section's key and puts what it loads
(or `default`) in `District.sections`; `check` then compares it with the shared part and
returns (field path inside the section, message) pairs, e.g. `("table[2].category",
"unknown category 'x'")`, each reported like any schema error.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from gongzhi.district.model import District


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # the section must be in district.yaml


@dataclass(frozen=True)
class Section:
    schema: type[ma.Schema]
    default: Any = REQUIRED
    check: Callable[[Any, District], list[tuple[str, str]]] | None = None
