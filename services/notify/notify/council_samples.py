"""A sample of each of deliberation's events notify consumes (samples.py joins them): a
council's matter in Xiguan's first community, a blocked sewer that kept coming back, from the
vote that failed one party's quorum to the plan filed with the street; and whom each is told to."""

from typing import Any

CASE = "5b8f2c3e-7a41-4d2b-9c6e-1f0a3d4b5c6e"  # samples.py's blocked sewer, promoted
MATTER = "0d6f4c1a-3b2e-4f5a-9c8d-7e6f5a4b3c2d"  # a council's matter (议题) the case went into
MATTER_TITLE = "下水道反复堵塞"
COUNCIL_MEMBER = {"id": "p-1001", "kind": "council_member", "name": None}
WORKSTATION = {"kind": "community", "id": "620502001001", "name": "西关第一社区工作站"}
SAMPLES: dict[str, tuple[str, dict[str, Any]]] = {  # type: (its time, its data)
    "deliberation.vote.closed.v1": (
        "2026-12-16T16:00:00+08:00",
        {
            "matter_id": "m-620502001001-0001",
            "community": "620502001001",
            "carried": False,
            "counts": {"agree": 20, "abstain": 2, "disagree": 3, "block": 0},
            "turnout": {"eligible": 30, "took_part": 25, "by_proxy": 1},
            "parties": [
                {
                    "party": "owners_committee",
                    "counts": {"agree": 0, "abstain": 0, "disagree": 1, "block": 0},
                    "turnout": {"eligible": 3, "took_part": 1, "by_proxy": 0},
                },
            ],
            "reasons": [{"code": "party_quorum", "party": "owners_committee"}],
            "secret": False,
            "voters": ["p-1001", "p-1101"],
            "chain_hash": "9f" * 32,
            "chain_length": 41,
            "closed_at": "2026-12-16T16:00:00+08:00",
        },
    ),
    "deliberation.matter.opened.v1": (
        "2026-12-10T10:00:00+08:00",
        {
            "matter_id": MATTER,
            "community": "620502001001",
            "title": MATTER_TITLE,
            "process": "xiguan",
            "origin": "promoted",
            "issue_ids": [CASE],
            "opened_at": "2026-12-10T10:00:00+08:00",
        },
    ),
    "deliberation.matter.stepped.v1": (
        "2026-12-10T10:00:00+08:00",
        {
            "matter_id": MATTER,
            "community": "620502001001",
            "title": MATTER_TITLE,
            "process": "xiguan",
            "from_step": "propose",
            "step": "deliberate",
            "step_name": "商议",
            "status": "deliberating",
            "why": "produced",
            "due_at": "2026-12-24T10:00:00+08:00",
            "at": "2026-12-10T10:00:00+08:00",
            "parties": ["p-1001", "p-1009"],
        },
    ),
    "deliberation.meeting.called.v1": (
        "2026-12-10T11:00:00+08:00",
        {
            "meeting_id": 7,
            "community": "620502001001",
            "matter_ids": [MATTER],
            "titles": [MATTER_TITLE],
            "starts_at": "2026-12-14T15:00:00+08:00",
            "place": "西关第一社区议事厅",
            "agenda": "下水道改造方案",
            "standing": False,
            "parties": ["p-1001", "p-1009"],
            "called_at": "2026-12-10T11:00:00+08:00",
        },
    ),
    "deliberation.step.warned.v1": (
        "2026-12-24T10:00:00+08:00",
        {
            "matter_id": MATTER,
            "community": "620502001001",
            "title": MATTER_TITLE,
            "step": "deliberate",
            "step_name": "商议",
            "due_at": "2026-12-24T10:00:00+08:00",
            "parties": ["p-1001", "p-1002"],
        },
    ),
    "deliberation.matter.evaluated.v1": (
        "2027-02-01T16:00:00+08:00",
        {
            "matter_id": MATTER,
            "community": "620502001001",
            "title": MATTER_TITLE,
            "counts": {"satisfied": 18, "basically": 4, "unsatisfied": 1},
            "review_on": "2027-06-01",
            "evaluated_at": "2027-02-01T16:00:00+08:00",
            "parties": ["p-1001", "p-1009"],
        },
    ),
    "deliberation.review.filed.v1": (
        "2026-12-28T10:00:00+08:00",
        {
            "matter_id": MATTER,
            "community": "620502001001",
            "street": "620502001",
            "supervisors": ["ps-620502001"],
            "title": MATTER_TITLE,
            "answers": {"lawful": True, "sound": True, "fair": True},
            "plan_summary": "更换主管道,物业与社区分工",
            "tasks": 2,
            "filed_at": "2026-12-28T10:00:00+08:00",
        },
    ),
}
RECIPIENTS: dict[str, dict[str, Any]] = {
    **dict.fromkeys(SAMPLES, COUNCIL_MEMBER),
    "deliberation.vote.closed.v1": WORKSTATION,
    "deliberation.review.filed.v1": {"id": "ps-620502001", "kind": "party_secretary", "name": None},
}
