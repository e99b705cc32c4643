"""Per-district configuration: a folder under `deploy/districts/`, validated at start-up.

    district = load_district("deploy/districts/xiguan")
    district.grid("620502001001001").grid_worker   # RosterMember(id='gw-…', role='grid_worker')
    district.category("blocked-sewer").tier        # 'grid'

Every problem is collected into one ConfigError; each ConfigProblem reads
`<file>:<line>: <field>: <message>`, e.g. `…/grids.geojson:142: features[12].properties.parent:
unknown parent grid '620502001009'`. `check_config(folder)` is what `gongzhi check-config` prints.

The core validates the shared part (code, name, timezone, grids, categories, calendar); each
installed service validates the sections it owns, named in its plugin's `config` as `Section`s,
and reads what they loaded into with `district.section(key)`.
"""

from gongzhi.district.loader import check_config, load_district
from gongzhi.district.model import (
    Attribute,
    AttributeValue,
    Category,
    District,
    Grid,
    RosterMember,
)
from gongzhi.district.problems import ConfigError, ConfigProblem
from gongzhi.district.sections import REQUIRED, Section

__all__ = [
    "REQUIRED",
    "Attribute",
    "AttributeValue",
    "Category",
    "ConfigError",
    "ConfigProblem",
    "District",
    "Grid",
    "RosterMember",
    "Section",
    "check_config",
    "load_district",
]
