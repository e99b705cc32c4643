"""The spec's fields, to and from ours: services from the district's categories, a POST's form
to a report, our reports to request objects, filters to a query."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.datastructures import MultiDict

from gongzhi.clock import as_utc
from gongzhi.district import Category, District
from gongzhi.web import HttpError
from intake import geo, handlers, views
from intake.cases import CLOSED
from intake.config import intake_of
from intake.web_query import listed

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-23T00:00:00Z"  # bump when the services or their definitions change
MAX_DAYS, MAX_REQUESTS = 90, 1000
ROLE_CHANNELS = {
    "resident_app": "app",
    "grid_worker": "grid_worker",
    "hotline_agent": "hotline",
    "integrator": "platform",
    "staff": "walk_in",
}
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def discovery(district: District, url: str) -> dict[str, Any]:
    formats = ["text/xml", "application/json"]
    return {
        "changeset": CHANGESET,
        "contact": f"{district.name} 网格化服务管理中心",
        "key_service": "An API key is issued by the district: `gongzhi keys issue`.",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": formats,
            }
        ],
    }


def check_jurisdiction(args: MultiDict, district: District) -> None:
    given = args.get("jurisdiction_id") or ""
    if given and given != intake_of(district).jurisdiction_id:
        raise HttpError(404, "not_found", f"unknown jurisdiction_id {given!r}")


def category(district: District, code: str) -> Category:
    try:
        return district.category(code)
    except KeyError:
        raise HttpError(404, "not_found", f"unknown service_code {code!r}") from None


def service(c: Category) -> dict[str, Any]:
    return {
        "service_code": c.code,
        "service_name": c.name,
        "description": c.description,
        "metadata": bool(c.attributes),
        "type": "realtime",
        "keywords": ",".join(c.keywords),
        "group": c.group,
    }


def definition(c: Category) -> dict[str, Any]:
    attributes = [
        {
            "variable": a.variable,
            "code": a.code,
            "datatype": a.datatype,
            "required": a.required,
            "datatype_description": a.datatype_description,
            "order": a.order,
            "description": a.description,
            "values": [{"key": v.key, "name": v.name} for v in a.values],
        }
        for a in sorted(c.attributes, key=lambda a: a.order)
    ]
    return {"service_code": c.code, "attributes": attributes}


def report(form: MultiDict, district: District, role: str) -> dict[str, Any]:
    """A POST's form as the report intake takes from every channel."""
    check_jurisdiction(form, district)
    code = form.get("service_code") or ""
    if not code:
        raise HttpError(400, "invalid", "service_code is required")
    category(district, code)
    lat, long = _location(form, district)
    return {
        "category": code,
        "lat": lat,
        "long": long,
        "description": form.get("description") or "",
        "address_string": form.get("address_string") or None,
        "attributes": _attributes(form),
        "media_url": form.get("media_url") or None,
        "channel": ROLE_CHANNELS[role],
        "reporter_contact": form.get("phone") or form.get("email") or None,
    }


def _location(form: MultiDict, district: District) -> tuple[float | None, float | None]:
    if form.get("lat") and form.get("long"):
        try:
            lat, long = float(form["lat"]), float(form["long"])
        except ValueError:
            raise HttpError(400, "invalid", "lat and long must be numbers (WGS-84)") from None
        if not (-90 <= lat <= 90 and -180 <= long <= 180):
            raise HttpError(400, "invalid", "lat or long out of range")
        return lat, long
    if form.get("address_id"):  # a grid code of this district
        point = geo.grid_point(district, form["address_id"])
        if point is None:
            raise HttpError(400, "invalid", f"unknown address_id {form['address_id']!r}")
        return point
    if form.get("address_string"):
        return None, None  # no geocoder here: the street command sub-centre places it
    raise HttpError(
        400,
        "400",
        "a location is required: lat and long, address_string or address_id (a grid code)",
    )


def _attributes(form: MultiDict) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in form:
        match = _ATTRIBUTE.match(key)
        if match:
            values = form.getlist(key)
            found[match.group(1)] = values if match.group(2) else values[-1]
    return found


def accepted(result: handlers.Accepted) -> dict[str, Any]:
    notice = "已合并到附近同类的未办结诉求(附议)" if result.merged else ""
    return {"service_request_id": result.case_id, "service_notice": notice, "account_id": None}


def query(args: MultiDict, now: datetime, visible: tuple[str, ...] | None) -> views.ReportQuery:
    """The filters of a GET; `visible`: the categories the caller may list (None: every one)."""
    ids = listed(args.get("service_request_id"))
    end = _date(args, "end_date") or now
    start = _date(args, "start_date") or end - timedelta(days=MAX_DAYS)
    if end - start > timedelta(days=MAX_DAYS):
        raise HttpError(400, "invalid", f"start_date to end_date may span {MAX_DAYS} days at most")
    page, size = _int(args, "page", 1), _int(args, "page_size", MAX_REQUESTS)
    start, end = start.astimezone(UTC), end.astimezone(UTC)  # stored times are UTC
    return views.ReportQuery(
        ids=ids,
        categories=listed(args.get("service_code")),
        start=start,
        end=end,
        statuses=listed(args.get("status")),
        limit=min(size, MAX_REQUESTS),
        offset=(page - 1) * min(size, MAX_REQUESTS),
        visible=visible,
    )


def request(found: dict[str, Any], district: District) -> dict[str, Any]:
    zone = ZoneInfo(district.timezone)
    closed = found["status"] in CLOSED
    routing = found.get("routing") or {}
    return {
        "service_request_id": found["id"],
        "status": "closed" if closed else "open",
        "status_notes": _status_notes(found),
        "service_name": _name(district, found),
        "service_code": found["category"],
        "description": found["description"],
        "agency_responsible": _agency(routing),
        "service_notice": "",
        "requested_datetime": _local(found["submitted_at"], zone),
        "updated_datetime": _local(found.get("updated_at") or found["submitted_at"], zone),
        "expected_datetime": _local(found.get("expected_at"), zone),
        "address": found.get("address_string") or "",
        "address_id": routing.get("grid_code"),
        "zipcode": "",
        "lat": found["lat"],
        "long": found["long"],
        "media_url": found.get("media_url") or "",
    }


def request_update(found: dict[str, Any], district: District) -> dict[str, Any]:
    return {
        "update_id": str(found["id"]),
        "service_request_id": found["report_id"],
        "status": "CLOSED" if found["status"] in CLOSED else "OPEN",
        "updated_datetime": _local(found["created_at"], ZoneInfo(district.timezone)),
        "description": found["text"],
        "media_url": found.get("media_url") or "",
        "external_status_code": found["status"],
    }


def problems(error: HttpError) -> list[tuple[int, str]]:
    """The spec's (code, description) pairs. The code is the HTTP status, a number as in the
    spec's examples; a refusal's own code for each problem ends its description."""
    if isinstance(error.details, list) and error.details:
        return [
            (error.status, f"{p.get('field')}: {p.get('message')} ({p.get('code')})")
            for p in error.details
        ]
    return [(error.status, error.message)]


def _status_notes(found: dict[str, Any]) -> str:
    """The latest answer to the resident, then how many others reported it too (附议)."""
    answer = (found.get("answer") or {}).get("text", "")
    co = found.get("co_reports") or 0
    return "\n".join(filter(None, (answer, f"另有 {co} 位居民附议" if co else "")))


def _name(district: District, found: dict[str, Any]) -> str:
    known = district.categories.get(found["category"])
    return known.name if known else found["category"]


def _agency(routing: dict[str, Any]) -> str:
    if not routing:
        return ""
    return " ".join(filter(None, (routing.get("grid_name"), routing.get("owner_id"))))


def _local(moment: datetime | None, zone: ZoneInfo) -> str | None:
    moment = as_utc(moment)
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else None


def _date(args: MultiDict, name: str) -> datetime | None:
    text = args.get(name)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise HttpError(400, "invalid", f"{name} must be a W3C datetime with a timezone") from None
    if moment.tzinfo is None:
        raise HttpError(400, "invalid", f"{name} needs a timezone, e.g. 2026-11-23T08:00:00+08:00")
    return moment


def _int(args: MultiDict, name: str, default: int) -> int:
    try:
        value = int(args.get(name) or default)
    except ValueError:
        raise HttpError(400, "invalid", f"{name} must be a whole number") from None
    if value < 1:
        raise HttpError(400, "invalid", f"{name} must be 1 or more")
    return value
