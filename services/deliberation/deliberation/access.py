"""Who may do what through deliberation's HTTP API, by the role of their API key.

Matters:

| route                                          | staff | superv. | res. app | member | operator |
|------------------------------------------------|-------|---------|----------|--------|----------|
| POST /matters (grid meeting, staff, listed)    | yes   | no      | no       | no     | no       |
| POST /proposals, /matters/{id}/co-signers      | no    | no      | yes      | no     | no       |
| POST /promotions (routing's cases)             | no    | yes     | no       | no     | no       |
| POST /matters/{id}/meetings, /minutes, /plan   | yes   | no      | no       | no     | no       |
| POST /meetings/{mid}/attendance                | yes   | no      | no       | no     | no       |
| POST /matters/{id}/review                      | no    | no      | no       | review | no       |
| GET  /matters, /matters/{id}                   | yes   | yes     | no       | yes    | yes      |
| GET  /work (what waits on the member)          | no    | no      | no       | yes    | no       |
| POST /matters/{id}/tasks/{tid}/done            | yes   | no      | no       | no     | no       |
| POST /matters/{id}/ratings                     | no    | no      | yes      | yes    | no       |
| POST /matters/{id}/evaluation (close it)       | yes   | no      | no       | no     | no       |
| GET  /streets/{code}/filings                   | no    | street  | no       | no     | no       |

Staff are the community's staff and the council's secretary. A resident app acts for residents
by their refs (never names or phones). A member is a council or assembly member; the key's
holder name is their person id: a review (`review`) is theirs only if they act on the
review step. Staff mark done the tasks a carried plan gives the council itself (owner kind
`council`); a department's or a unit's task is done when its routing case is. A rating is a
member's own (403 off the assembly) or a resident app's for a reporter of the matter's cases by
ref (403 for anyone else); one each. A street's filings (the plans its communities' party
committees approved) are read with a supervisor's key of that street (`street`): its holder
name the street's code or an id on the street grid's roster (e.g. ps-620502001).

The vote (under /api/v1/matters/{id}/vote):

| route                                       | member | staff | no key |
|---------------------------------------------|--------|-------|--------|
| GET    (status; the result once closed)     | yes    | yes   | yes    |
| POST   (open a vote on no matter of ours)   | no     | yes   | no     |
| POST   /ballots (own, or as proxy holder)   | yes    | no    | no     |
| POST   /proxies (appoint a holder)          | own    | yes   | no     |
| GET    /paper-ballots (the unconfirmed)     | no     | yes   | no     |
| POST   /paper-ballots, /{bid}/confirm       | no     | yes   | no     |
| POST   /close, /recount                     | no     | yes   | no     |

A member key's holder name is the person id (p-1101, gw-620502001001001): they vote as that
person, and appoint a holder for themselves alone. A staff key records a written appointment
for any voter, enters paper ballots and confirms another staff member's, opens, closes and
recounts. A closed vote's result is public (两公开): read with no key. A matter's vote opens with
its resolve step, never by hand.
Issue keys with `gongzhi keys issue --service deliberation --name <holder> --role <role>`.

The public board (两公开) is for anyone: no key is needed and none is read (board_service.py).

| route                                                               | any key | no key |
|---------------------------------------------------------------------|---------|--------|
| GET /api/v1/public/communities/{code}/matters, /public/matters/{id} | yes     | yes    |
| GET /board/{code}, /board/matters/{id} (HTML pages)                 | yes     | yes    |
"""

from gongzhi.apikeys import Holder
from gongzhi.keyguard import role_guard
from gongzhi.web import HttpError

voter = role_guard("member", why="ballots are cast with the voter's own member key")
secretary = role_guard("staff", why="this is done with a staff key")
opener = role_guard("staff", why="a matter is opened with a staff key")
supervisor = role_guard("supervisor", why="cases are promoted with a supervisor's key")
resident_app = role_guard("resident_app", why="proposals and co-signing come from a resident app")
member = role_guard("member", why="a review and a work list are a member's, with their own key")
rater = role_guard(
    "member", "resident_app", why="an outcome is rated with a member's key or a resident app's"
)
reader = role_guard(
    "operator", "staff", "supervisor", "member", why="matters are read with a keyed role's key"
)


def appointer(holder: Holder, voter_id: str) -> Holder:
    """A member appoints for themselves; staff records any voter's written appointment."""
    if holder.role == "staff" or (holder.role == "member" and holder.name == voter_id):
        return holder
    raise HttpError(403, "forbidden", "a member appoints a proxy for themselves alone")


def rater_of(holder: Holder, resident_ref: str | None) -> tuple[str, str]:
    """Who rates, and as what: a member as themselves (on the assembly), a resident app for
    the resident it names (a reporter of the matter's cases)."""
    if holder.role == "member":
        return holder.name, "assembly"
    if not resident_ref:
        raise HttpError(400, "invalid", "a resident app rates for a resident: resident_ref")
    return resident_ref, "resident"


def acts_on(holder: Holder, people: list[str]) -> None:
    """A member acts on a step only if they are one of those who act on it."""
    if holder.name not in people:
        raise HttpError(403, "forbidden", "the key's holder does not act on this step")
