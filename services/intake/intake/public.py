"""The public view: what a caller without a key sees of reports and their updates, in the
native API and in Open311 alike. Plain functions.

A report of a category marked `private: true` in district.yaml is not there at all: absent from
every list, 404 by id (FixMyStreet's private reports). Any other shows its category, status,
grid and routing, dates, co-report count, an approximate location (the point of its grid, or
its own point rounded to about 100 m: `public_location` in the `intake:` section) and its
description with personal data masked (gongzhi.personal). Its address, attributes, photo,
channel and whoever typed it in stay in the full record. Fields are shown by name: a column
added later stays out of the public view until it is named here.
"""

from dataclasses import dataclass
from typing import Any

from gongzhi import personal
from gongzhi.district import District
from intake import geo
from intake.config import intake_of

REPORT_FIELDS = (
    "id",
    "category",
    "status",
    "submitted_at",
    "updated_at",
    "expected_at",
    "co_reports",
    "routing",
)
UPDATE_FIELDS = ("id", "report_id", "kind", "author", "created_at", "status")
STAFF_MEDIA = ("media_url", "photos")  # published with an answer; a resident's are not
# 0.001° is about 111 m north-south and 92 m east-west at Tianshui's latitude.
ROUNDED_DIGITS = 3


def is_public(category: str, district: District) -> bool:
    """A category the district has and has not marked private (an unknown one is not)."""
    known = district.categories.get(category)
    return known is not None and not known.private


def public_categories(district: District) -> tuple[str, ...]:
    return tuple(code for code in district.categories if is_public(code, district))


def public_report(report: dict[str, Any], district: District) -> dict[str, Any]:
    """A report as views.py reads it, as the public may see it."""
    lat, long = approximate_location(report, district)
    shown = {key: report[key] for key in REPORT_FIELDS if key in report}
    if report.get("answer"):  # the latest answer to the resident
        shown["answer"] = {**report["answer"], "text": personal.mask(report["answer"]["text"])}
    description = personal.mask(report["description"])
    place = {"latitude": lat, "longitude": long, "lat": lat, "long": long}
    return {**shown, **place, "description": description}


def public_update(update: dict[str, Any]) -> dict[str, Any]:
    """An update with its text masked; its photos only when staff published them."""
    shown = {key: update[key] for key in UPDATE_FIELDS if key in update}
    if update["author"] == "staff":
        shown |= {key: update[key] for key in STAFF_MEDIA if key in update}
    return {**shown, "text": personal.mask(update["text"])}


def approximate_location(
    report: dict[str, Any], district: District
) -> tuple[float | None, float | None]:
    """Rounded to about 100 m, or the point of the report's grid: none until routing has
    placed it in one (rounding instead would tell more than the district chose to)."""
    if intake_of(district).public_location == "rounded":
        lat, long = report["latitude"], report["longitude"]
        if lat is None or long is None:
            return None, None
        return round(lat, ROUNDED_DIGITS), round(long, ROUNDED_DIGITS)
    grid = report.get("grid_code")
    point = geo.grid_point(district, grid) if grid else None
    return point or (None, None)


@dataclass(frozen=True)
class Reader:
    """Whoever asks: `full` reads the whole record, anyone else the public view. The service
    decides `full` from the caller's key (IntakeService.reader); the rest follows from it."""

    district: District
    full: bool

    @property
    def categories(self) -> tuple[str, ...] | None:
        """The categories whose reports this reader may list; None for every one."""
        return None if self.full else public_categories(self.district)

    def may_read(self, report: dict[str, Any]) -> bool:
        return self.full or is_public(report["category"], self.district)

    def reports(self, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return found if self.full else [public_report(r, self.district) for r in found]

    def updates(self, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return found if self.full else [public_update(u) for u in found]
