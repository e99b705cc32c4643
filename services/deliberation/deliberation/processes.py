"""Processes as data: how a district settles a matter, step by step (Xiguan's 提议 · 商议 · 审议 ·
决议, Fuguo's 五事闭环, Huanwei's 四议两公开), with the rules of its assembly vote.

Each step says who may act (`by`: parties of the council or a compound, the district's groups,
the bodies below, or grid roster roles such as grid_worker), what it must produce before the
matter moves on, its deadline in working days on the district's calendar, and how it is left:

    produced   once everything in `produces` is recorded
    approved   a review step: once approved; sent back with reasons, to `back_to`
    carried    a resolve step: once the vote is carried; not carried, to `back_to` (or it ends)
    deadline   when its deadline passes (an evaluation period, a public notice)

An evaluate step's `back_to` is where a review date set at its close brings the matter back
(evaluation.py); without one, the process's first deliberate step.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from gongzhi import workdays

KINDS = ("propose", "deliberate", "review", "resolve", "execute", "evaluate")
OUTPUTS = (
    "topic",  # the matter, its background and the parties concerned (议题)
    "minutes",  # a meeting's minutes with each party's opinion
    "plan",  # the written plan with divided duties: tasks, owners, deadlines
    "review",  # the party committee's checklist (lawful, sound, ...)
    "filing",  # the plan filed with the street party working committee
    "resolution",  # the assembly's vote, counted
    "public_decision",  # the decision published (决议公开)
    "tasks",  # the plan's tasks done, or handed to routing as cases
    "public_result",  # the outcome published (实施结果公开)
    "rating",  # residents' and the assembly's rating of the outcome
)
ADVANCES = ("produced", "approved", "carried", "deadline")
MAJORITIES = ("simple", "two_thirds", "concurrent")
BODIES = (  # who may act, beyond parties and grid roles
    "residents",  # any resident (a proposal with co-signers)
    "staff",  # community staff (社区工作者)
    "grid_meeting",  # the grid joint meeting (网格联席会议)
    "council",  # every party of the community's council
    "party_members",  # the party members' meeting (党员大会)
    "assembly",  # the representatives' assembly
    "street",  # the street party working committee
    "departments",  # departments and units given tasks
)
ADVANCE_OF_KIND = {"review": "approved", "resolve": "carried"}  # and these kinds only
KIND_OF_ADVANCE = {advance: kind for kind, advance in ADVANCE_OF_KIND.items()}


@dataclass(frozen=True)
class VoteRules:
    """How a resolve step's vote is counted (see tally.py): the defaults of deliberation.md."""

    quorum: float = 0.5  # share of eligible voters taking part (abstaining counts)
    party_quorum: float | None = None  # share taking part within every party; None: none
    majority: str = "simple"  # simple | two_thirds | concurrent
    veto: tuple[str, ...] = ()  # parties that may veto
    proxy_limit: int = 1  # appointments one holder may carry
    secret: bool = False  # keep who voted apart from how
    change_vote: bool = True  # may a ballot be changed while the vote is open


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    kind: str
    by: tuple[str, ...]
    produces: tuple[str, ...]
    within_days: int  # working days from the step's start
    advance: str = "produced"
    back_to: str | None = None


@dataclass(frozen=True)
class Process:
    id: str
    name: str
    steps: tuple[Step, ...]
    co_signers: int = 0  # residents' support a resident's proposal needs to start a matter
    vote: VoteRules | None = None  # needed when a step resolves

    def step(self, step_id: str) -> Step:
        """KeyError for an id the process has not."""
        return self.steps[self._index[step_id]]

    def after(self, step_id: str) -> Step | None:
        """The step that follows `step_id`, None after the last; KeyError for an unknown id."""
        following = self._index[step_id] + 1
        return self.steps[following] if following < len(self.steps) else None

    @cached_property
    def _index(self) -> Mapping[str, int]:
        return {step.id: index for index, step in enumerate(self.steps)}


def step_deadline(
    step: Step, start: datetime, calendar: workdays.WorkingCalendar, timezone: str
) -> datetime:
    """When `step`, started at `start`, is due: the same time of day (district time) its
    `within_days`-th working day later, on the district's calendar (`workdays.of_district`),
    as routing's working-day clocks count. UnknownYear past the calendar's known years."""
    return workdays.deadline(calendar, start.astimezone(ZoneInfo(timezone)), step.within_days)
