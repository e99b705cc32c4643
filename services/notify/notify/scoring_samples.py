"""A sample of each of scoring's events notify consumes but the rating invitation (samples.py
joins them): an order of a bag of rice in Xiguan's first community, a volunteer's project there,
the housing department's yellow card; and whom each is told to."""

from typing import Any

ORDER = {
    "order_id": 42,
    "item_id": 7,
    "item": "大米 5kg",
    "community": "620502001001",
    "owner": {"kind": "community", "id": "620502001001"},
    "provider": "m-xg-001",
    "price": 200,
}
PROJECT = {  # a basic project of the first community, claimed by a volunteer
    "project_id": 7,
    "community": "620502001001",
    "owner": {"kind": "community", "id": "620502001001"},
    "kind": "basic",
    "title": "帮独居老人买菜",
    "points": 10,
    "status": "claimed",
    "claimant": {"kind": "person", "id": "p-1001"},
    "verdict": None,
    "at": "2026-12-05T10:00:00+08:00",
}
ORGANISER = {"id": "620502001001", "kind": "community", "name": "西关第一社区工作站"}
SAMPLES: dict[str, tuple[str, dict[str, Any]]] = {
    "scoring.order.placed.v1": (
        "2026-12-03T10:00:00+08:00",
        {
            **ORDER,
            "status": "pending",
            "at": "2026-12-03T10:00:00+08:00",
            "expires_at": None,
        },
    ),
    "scoring.order.redeemed.v1": (
        "2026-12-05T16:30:00+08:00",
        {**ORDER, "status": "redeemed", "at": "2026-12-05T16:30:00+08:00"},
    ),
    "scoring.order.cancelled.v1": (
        "2026-12-04T09:00:00+08:00",
        {
            **ORDER,
            "status": "refused",
            "at": "2026-12-04T09:00:00+08:00",
            "by": "organiser",
            "refused": True,
        },
    ),
    "scoring.order.expired.v1": (
        "2027-01-02T10:00:00+08:00",
        {**ORDER, "status": "expired", "at": "2027-01-02T10:00:00+08:00", "unapproved": False},
    ),
    "scoring.card.yellow.v1": (
        "2026-12-01T00:10:00+08:00",
        {
            "month": "2026-11",
            "owner": {"kind": "department", "id": "housing"},
            "score": 72.5,
            "threshold": 80.0,
            "figures": {
                "response_on_time": 0.9,
                "reply_on_time": 0.6,
                "resolution": 0.8,
                "satisfaction": 0.7,
                "repeat": 0.1,
            },
            "cases": 24,
        },
    ),
    **{
        f"scoring.project.{step}.v1": ("2026-12-05T10:00:00+08:00", data)
        for step, data in (
            ("claimed", PROJECT),
            ("done", {**PROJECT, "status": "done"}),
            ("rated", {**PROJECT, "status": "confirmed", "verdict": "satisfied"}),
        )
    },
}
RECIPIENTS: dict[str, dict[str, Any]] = {
    **dict.fromkeys(SAMPLES, ORGANISER),
    "scoring.card.yellow.v1": {"id": "dh-housing", "kind": "department_head", "name": None},
}
