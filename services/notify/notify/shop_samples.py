"""A sample of each of scoring's shop events notify consumes (samples.py joins them): an
order of a bag of rice in Xiguan's first community, and whom each is told to."""

from typing import Any

ORDER = {
    "order_id": 42,
    "item_id": 7,
    "item": "大米 5kg",
    "community": "620502001001",
    "provider": "m-xg-001",
    "price": 200,
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
        {**ORDER, "status": "expired", "at": "2027-01-02T10:00:00+08:00"},
    ),
}
RECIPIENTS = dict.fromkeys(SAMPLES, ORGANISER)
