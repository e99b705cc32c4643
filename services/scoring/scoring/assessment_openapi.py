"""Assessment's routes in scoring's OpenAPI document (openapi.py adds them)."""

from typing import Any

from gongzhi import openapi
from scoring.assessment_schemas import DepartmentMonthOut, MonthOut

KEYED_GET: list[dict[str, list]] = [{"ApiKeyHeader": []}, {"ApiKeyQuery": []}]
MONTH = {
    "in": "path",
    "name": "month",
    "required": True,
    "schema": {"type": "string", "example": "2026-11"},
    "description": "a month, district time, e.g. 2026-11",
}
DEPARTMENT = {
    "in": "path",
    "name": "department",
    "required": True,
    "schema": {"type": "string", "example": "housing"},
    "description": "a department's code, as routing names owners, e.g. housing",
}


def paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/assessment/{month}": {"get": _month()},
        "/api/v1/assessment/{month}/departments/{department}": {"get": _department()},
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
