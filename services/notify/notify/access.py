"""Who may do what through notify's HTTP API, by the role of their API key.

| role       | the delivery log, GET /api/v1/deliveries | their own inbox, GET /api/v1/inbox |
|------------|------------------------------------------|------------------------------------|
| operator   | yes                                      | no                                 |
| staff      | no                                       | yes, and marks its messages read   |
| integrator | no                                       | no                                 |
| gateway    | no                                       | no                                 |

An integrator key's holder (another system) makes, reads, deletes and enables again its own
webhook subscriptions, /api/v1/webhooks; no other role touches them, and no holder another's.
A gateway key (an SMS gateway's, say) only posts delivery receipts, POST /api/v1/receipts, and
residents' replies to SMS, POST /api/v1/sms/replies.

Preferences (GET/PUT /api/v1/preferences) and topic subscriptions (GET/PUT
/api/v1/subscriptions) are a staff key's holder's own: no one reads or sets another's, and an
operator's, an integrator's or a gateway's key none.

A resident has no key: their own preferences (GET/PUT /api/v1/preferences/resident, and RFC
8058's one-click POST /api/v1/preferences/resident/unsubscribe) take the token of the link each
of their messages carries (`?token=`, links.py), and nothing else: an API key of any role is no
use there. No token or a malformed one is a 400; a forged, altered or expired one a 403.

A staff key's holder name is the person's id in the directory (gw-620502001001001, a community
code, a department id): the inbox is that id's. No key reads nothing but /metrics and /health.
Issue keys with `gongzhi keys issue --service notify --name <holder> --role <role>`.
"""

from collections.abc import Callable
from datetime import datetime

from gongzhi.apikeys import Holder
from gongzhi.web import HttpError
from notify.links import BadLink, Links

ROLES = ("operator", "staff", "integrator", "gateway")


def _only(role: str, why: str) -> Callable[[Holder], Holder]:
    """A guard: the holder, if its key has `role`; else a 403 saying `why`."""

    def guard(holder: Holder) -> Holder:
        if holder.role != role:
            raise HttpError(403, "forbidden", why)
        return holder

    return guard


operator = _only("operator", "the delivery log is for an operator's key")
reader = _only("staff", "an inbox is read with its holder's staff key")
integrator = _only("integrator", "webhooks are subscribed with an integrator's key")
chooser = _only("staff", "preferences are set with their holder's staff key")
gateway = _only("gateway", "delivery receipts come with a gateway's key")
replies = _only("gateway", "residents' SMS replies come with a gateway's key")


def resident(links: Links, token: str | None, now: datetime) -> str:
    """The ref of the resident whose link's token this is; a 400 or 403 saying why not."""
    try:
        return links.ref_of(token, now)
    except BadLink as bad:
        code = "bad_token" if bad.status == 400 else "forbidden"
        raise HttpError(bad.status, code, bad.reason) from None
