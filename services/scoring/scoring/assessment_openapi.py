"""Assessment's routes in scoring's OpenAPI document (openapi.py adds them): the months, and
the property companies' inspections, ranking and files."""

from typing import Any

from gongzhi import openapi
from scoring.assessment_schemas import DepartmentMonthOut, MonthOut
from scoring.property_schemas import FileOut, InspectionIn, InspectionOut, RankingOut

KEYED_GET: list[dict[str, list]] = [{"ApiKeyHeader": []}, {"ApiKeyQuery": []}]


def _path(name: str, example: str, description: str) -> dict[str, Any]:
    schema = {"type": "string", "example": example}
    return {
        "in": "path",
        "name": name,
        "required": True,
        "schema": schema,
        "description": description,
    }


MONTH = _path("month", "2026-11", "a month, district time, e.g. 2026-11")
DEPARTMENT = _path(
    "department", "housing", "a department's code, as routing names owners, e.g. housing"
)


def paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/assessment/{month}": {"get": _month()},
        "/api/v1/assessment/{month}/departments/{department}": {"get": _department()},
        **property_paths(),
    }


def _month() -> dict[str, Any]:
    return openapi.keyed(
        "assessment_month",
        "assessment",
        "Every owner's figures and score in a month, and each community's figures",
        KEYED_GET,
        parameters=[MONTH],
        responses={
            "200": openapi.response(MonthOut, "the month"),
            "400": openapi.error("no month like 2026-11"),
        },
    )


def _department() -> dict[str, Any]:
    return openapi.keyed(
        "assessment_department",
        "assessment",
        "A department's month: ratings by verdict, every figure, its score and card",
        KEYED_GET,
        parameters=[MONTH, DEPARTMENT],
        responses={
            "200": openapi.response(DepartmentMonthOut, "the department's month"),
            "400": openapi.error("no month like 2026-11, or a NUL character in the path"),
        },
    )


YEAR = _path("year", "2026", "a year, e.g. 2026")
COMPANY = _path(
    "company", "pc-hongxing", "a property company's code in scoring.assessment.property_companies"
)
INSPECTION_EXAMPLE = {"company": "pc-hongxing", "inspected_on": "2026-10-20", "mark": 86}


def property_paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/property/inspections": {"post": _inspect()},
        "/api/v1/property/ranking/{year}": {"get": _ranking()},
        "/api/v1/property/companies/{company}/file": {"get": _file()},
    }


def _inspect() -> dict[str, Any]:
    return openapi.keyed(
        "inspect_property",
        "property",
        "A community's inspection of one of its property companies, marked out of 100",
        [{"ApiKeyHeader": []}],
        requestBody=openapi.request_body(InspectionIn, INSPECTION_EXAMPLE),
        responses={
            "201": openapi.response(InspectionOut, "the inspection"),
            "400": openapi.error("the body is not an inspection: the details say which field"),
            "404": openapi.error("no such company in the organiser's community"),
            "413": openapi.too_large(),
        },
    )


def _ranking() -> dict[str, Any]:
    return openapi.keyed(
        "property_ranking",
        "property",
        "Each property company's year, best first: ratings, inspection marks, score",
        KEYED_GET,
        parameters=[YEAR],
        responses={
            "200": openapi.response(RankingOut, "the ranking"),
            "400": openapi.error("no year like 2026"),
        },
    )


def _file() -> dict[str, Any]:
    return openapi.keyed(
        "property_file",
        "property",
        "A property company's integrity file (诚信档案): its entries in order",
        KEYED_GET,
        parameters=[COMPANY],
        responses={
            "200": openapi.response(FileOut, "the file"),
            "400": openapi.error("a NUL character in the path"),
            "404": openapi.error("no such company the key may read"),
        },
    )
