"""Per-district configuration: a folder under `deploy/districts/`, validated at start-up.

    district = load_district("deploy/districts/xiguan")
    district.grid("620502001001001").grid_worker   # RosterMember(id='gw-…', role='grid_worker')
    district.category("blocked-sewer").tier        # 'grid'

Every problem is collected into one ConfigError; each ConfigProblem reads
`<file>:<line>: <field>: <message>`, e.g. `…/grids.geojson:142: features[12].properties.parent:
unknown parent grid '620502001009'`. `check_config(folder)` is what `gongzhi check-config` prints.
"""

from gongzhi.district.loader import check_config, load_district
from gongzhi.district.model import (
    Attribute,
    AttributeValue,
    Category,
    District,
    Grid,
    Intake,
    RosterMember,
)
from gongzhi.district.problems import ConfigError, ConfigProblem

__all__ = [
    "Attribute",
    "AttributeValue",
    "Category",
    "ConfigError",
    "ConfigProblem",
    "District",
    "Grid",
    "Intake",
    "RosterMember",
    "check_config",
    "load_district",
]
