"""Projects' part of `scoring:`, `scoring.projects:` (issue 14 point 4, Huanwei's 认领):

projects:
  basic_roles: [volunteer, party_member]   # who may claim a basic project
  max_points: 200                          # the most points a project may offer
"""

from dataclasses import dataclass
from typing import Any

import marshmallow as ma


@dataclass(frozen=True)
class Projects:
    basic_roles: tuple[str, ...] = ("volunteer", "party_member")
    max_points: int = 200


class ProjectsSchema(ma.Schema):
    basic_roles = ma.fields.List(
        ma.fields.String(), load_default=lambda: ["volunteer", "party_member"]
    )
    max_points = ma.fields.Integer(load_default=200, validate=ma.validate.Range(1, 10_000))

    @ma.post_load
    def _projects(self, fields: dict[str, Any], **_: Any) -> Projects:
        return Projects(basic_roles=tuple(fields["basic_roles"]), max_points=fields["max_points"])
