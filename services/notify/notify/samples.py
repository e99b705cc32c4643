"""A realistic event of each type notify consumes, all about one case in the sample district: a
blocked sewer in Xiguan's first grid. `gongzhi check-config` renders every template against
the sample of each type it serves, and `gongzhi notify preview` prints them; each sample is
valid against its type's JSON Schema in the committed contract (tested).

    sample_event("routing.issue.assigned.v1")     # an Event, a fresh copy each call
    sample_recipient("routing.issue.assigned.v1")  # whom a preview tells of it
"""

import copy
from datetime import datetime
from typing import Any

from gongzhi.envelope import Event
from notify import council_samples, scoring_samples

CASE = "5b8f2c3e-7a41-4d2b-9c6e-1f0a3d4b5c6e"
DISTRICT = "620502001"
GRID = {"code": "620502001001001", "name": "西关第一社区第1网格"}
GRID_WORKER = {"kind": "grid_worker", "id": "gw-620502001001001"}
COMMUNITY = {"kind": "community", "id": "620502001001"}
CO_HANDLER = {"owner": COMMUNITY, "task": "协调物业清掏化粪池", "done_at": None}
ANSWER = {
    "text": "下水道已疏通,路面污水已清理完毕。",
    "photos": ["https://img.example.cn/after.jpg"],
}
CLOCK = {
    "clock": "reply",
    "calendar": "working",
    "light": "green",
    "started_at": "2026-12-02T09:15:00+08:00",
    "stopped_at": None,
    "deadline": "2026-12-09T09:15:00+08:00",
    "yellow_at": "2026-12-08T09:15:00+08:00",
    "red_at": "2026-12-23T09:15:00+08:00",
}
CASE_NOW = {  # the case as routing's steps carry it
    "issue_id": CASE,
    "category": "blocked-sewer",
    "grid": GRID,
    "tier": "grid",
    "owner": GRID_WORKER,
    "light": "green",
    "assigned_at": "2026-12-02T09:15:00+08:00",
    "paused": False,
    "clocks": [CLOCK],
    "co_handlers": [CO_HANDLER],
}
# A resident's link as a message shows it when owed: links.py puts the token in when it goes.
PREFERENCES_URL = "https://gongzhi.xiguan.gov.cn/notify/api/v1/preferences/resident?token={token}"
RESIDENT = {
    "id": "r-7f3a9c",
    "kind": "resident",
    "name": None,
    "preferences_url": PREFERENCES_URL,
    "sms_opt_out": "回T退订",  # by the default keywords; check-config uses the district's
}
STAFF = {"id": GRID_WORKER["id"], "kind": "grid_worker", "name": None}
# A resident's own link to rate the resolved case (scoring's per_recipient entry for them).
RATING_LINK = {
    "link": "https://xg.gov.cn/r/mQ3vX9aPz2Lk.0f3Zq8V1bY7cW2xA",
    "expires_at": "2026-12-15T16:00:00+08:00",
}
SAMPLES: dict[str, tuple[str, dict[str, Any]]] = {  # type: (its time, its data)
    "intake.report.submitted.v1": (
        "2026-12-02T09:12:00+08:00",
        {
            "report_id": CASE,
            "category": "blocked-sewer",
            "location": {"lat": 34.5883, "long": 105.7016},
            "address_string": "西关街道民主西路 12 号院",
            "description": "院门口下水道堵了三天,污水漫到路面。",
            "channel": "app",
            "reporter_ref": "r-7f3a9c",
            "submitted_at": "2026-12-02T09:12:00+08:00",
        },
    ),
    "intake.report.corroborated.v1": (
        "2026-12-02T10:40:00+08:00",
        {
            "report_id": CASE,
            "category": "blocked-sewer",
            "reporter_ref": "r-2b81d0",
            "channel": "wechat",
            "co_reports": 1,
            "submitted_at": "2026-12-02T10:40:00+08:00",
        },
    ),
    "intake.report.updated.v1": (
        "2026-12-02T11:05:00+08:00",
        {
            "report_id": CASE,
            "update_id": 3,
            "kind": "photo",
            "author": "reporter",
            "text": "今天早上又漫出来了",
            "media_url": "https://img.example.cn/before.jpg",
            "created_at": "2026-12-02T11:05:00+08:00",
        },
    ),
    "routing.issue.assigned.v1": (
        "2026-12-02T09:15:00+08:00",
        {
            **CASE_NOW,
            "status": "assigned",
            "action": "assign",
            "actor": "system",
            "reason": "",
            "from_status": None,
            "from_owner": None,
            "from_tier": None,
            "at": "2026-12-02T09:15:00+08:00",
        },
    ),
    "routing.issue.transitioned.v1": (
        "2026-12-03T16:30:00+08:00",
        {
            **CASE_NOW,
            "status": "resolved",
            "action": "resolve",
            "actor": "owner",
            "reason": "已联系物业与市政管网维护班组现场处置",
            "from_status": "in_progress",
            "from_owner": None,
            "from_tier": None,
            "answer": ANSWER,
            "at": "2026-12-03T16:30:00+08:00",
        },
    ),
    "routing.issue.light_changed.v1": (
        "2026-12-08T09:15:00+08:00",
        {
            "issue_id": CASE,
            "category": "blocked-sewer",
            "clock": "reply",
            "from_light": "green",
            "to_light": "yellow",
            "tier": "grid",
            "owner": GRID_WORKER,
            "at": "2026-12-08T09:15:00+08:00",
        },
    ),
    "routing.issue.warned.v1": (
        "2026-12-07T09:15:00+08:00",
        {
            "issue_id": CASE,
            "category": "blocked-sewer",
            "clock": "reply",
            "light": "yellow",
            "turns_at": "2026-12-08T09:15:00+08:00",
            "tier": "grid",
            "owner": GRID_WORKER,
            "supervisors": ["gs-620502001001"],
        },
    ),
    "scoring.rating.invited.v1": (
        "2026-12-08T16:00:00+08:00",
        {
            "issue_id": CASE,
            "category": "blocked-sewer",
            "round": 1,
            "expires_at": "2026-12-15T16:00:00+08:00",
            "per_recipient": {RESIDENT["id"]: RATING_LINK},
        },
    ),
}
RECIPIENTS: dict[
    str, dict[str, Any]
] = {  # whom each sample is told to; a co-handler hears of an assignment, with its task
    "intake.report.submitted.v1": RESIDENT,
    "intake.report.corroborated.v1": {**RESIDENT, "id": "r-2b81d0"},
    "intake.report.updated.v1": STAFF,
    "routing.issue.assigned.v1": {**COMMUNITY, "name": "西关第一社区工作站"},
    "routing.issue.transitioned.v1": RESIDENT,
    "routing.issue.light_changed.v1": STAFF,
    "routing.issue.warned.v1": {"id": "gs-620502001001", "kind": "grid_supervisor", "name": None},
    "notify.digest.v1": {"id": "sv-620502001", "kind": "supervisor", "name": None},
    "scoring.rating.invited.v1": {**RESIDENT, "own": RATING_LINK},
}
for more in (council_samples, scoring_samples):
    SAMPLES.update(more.SAMPLES)
    RECIPIENTS.update(more.RECIPIENTS)
TYPES = tuple(SAMPLES)
# Notify's own messages, on no bus (no schema in the contract): the working day's digest.
OWN: dict[str, tuple[str, dict[str, Any]]] = {
    "notify.digest.v1": (
        "2026-12-08T08:30:00+08:00",
        {
            "count": 2,
            "messages": [
                {
                    "title": "即将亮黄灯:下水道堵塞",
                    "case_number": CASE,
                    "at": "2026-12-07T09:15:00+08:00",
                    "why": "digest",
                },
                {
                    "title": "即将亮红灯:下水道堵塞",
                    "case_number": CASE,
                    "at": "2026-12-07T16:40:00+08:00",
                    "why": "digest",
                },
            ],
        },
    ),
}


class NoSample(LookupError):
    def __init__(self, event_type: str):
        super().__init__(f"no sample event of type {event_type!r} (samples: {', '.join(TYPES)})")


def sample_event(event_type: str) -> Event:
    """A realistic event of `event_type` in the sample district; NoSample for another type."""
    if event_type not in SAMPLES and event_type not in OWN:
        raise NoSample(event_type)
    time, data = SAMPLES.get(event_type) or OWN[event_type]
    return Event(
        type=event_type,
        source=f"/gongzhi/{DISTRICT}/{event_type.split('.', 1)[0]}",
        data=copy.deepcopy(data),
        district=DISTRICT,
        correlationid=f"sample-{CASE}",
        id=f"sample-{event_type}",
        time=datetime.fromisoformat(time),
        subject=CASE,
    )


def sample_recipient(event_type: str) -> dict[str, Any]:
    """Whom the sample of `event_type` is told to: {"id", "kind", "name"}, a resident's
    "preferences_url" and "sms_opt_out" too."""
    if event_type not in RECIPIENTS:
        raise NoSample(event_type)
    return dict(RECIPIENTS[event_type])
