"""Who may do what through deliberation's HTTP API, by the role of their API key.

| route (under /api/v1/matters/{id}/vote)     | member | staff | no key |
|---------------------------------------------|--------|-------|--------|
| GET    (status; the result once closed)     | yes    | yes   | yes    |
| POST   (open the vote)                      | no     | yes   | no     |
| POST   /ballots (own, or as proxy holder)   | yes    | no    | no     |
| POST   /proxies (appoint a holder)          | own    | yes   | no     |
| GET    /paper-ballots (the unconfirmed)     | no     | yes   | no     |
| POST   /paper-ballots, /{bid}/confirm       | no     | yes   | no     |
| POST   /close, /recount                     | no     | yes   | no     |

A member key's holder name is the person id (p-1101, gw-620502001001001): they vote as that
person, and appoint a holder for themselves alone. A staff key records a written appointment
for any voter, enters paper ballots and confirms another staff member's, opens, closes and
recounts. A closed vote's result is public (两公开): read with no key.
Issue keys with `gongzhi keys issue --service deliberation --name <holder> --role <role>`.
"""

from gongzhi.apikeys import Holder
from gongzhi.keyguard import role_guard
from gongzhi.web import HttpError

voter = role_guard("member", why="ballots are cast with the voter's own member key")
secretary = role_guard("staff", why="this is done with a staff key")


def appointer(holder: Holder, voter_id: str) -> Holder:
    """A member appoints for themselves; staff records any voter's written appointment."""
    if holder.role == "staff" or (holder.role == "member" and holder.name == voter_id):
        return holder
    raise HttpError(403, "forbidden", "a member appoints a proxy for themselves alone")
