"""Residents reached only by SMS opt out by replying, as Chinese SMS gateways let them (上行短信:
Aliyun's SmsUp messages, Tencent Cloud's reply callback): the gateway posts what residents sent
back, POST /api/v1/sms/replies with a gateway's key. A keyword opts the sender out of every
topic the rules tell residents of (the choice their link's one-click unsubscribe makes, kept in
the same preferences, so critical messages still go), another opts them back in; any other text
is ignored, and counted. The keywords are the district's (sms_keywords.py: T, TD, N, R, 退订 out,
DY, 订阅 in, by default). The sender is known only by the ref intake gives their number
(gongzhi.contacts.reporter_ref under GONGZHI_PSEUDONYM_KEY): a number notify holds no contact
for changes nothing and is answered alike, so the answer tells no one who is a resident. Neither
the number nor the text is ever logged: the ref and the keyword's meaning only.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog
from sqlalchemy.orm import Session

from gongzhi import contacts
from notify import resident_preferences, residents
from notify.handlers import Plan
from notify.sms_keywords import IGNORED, OPT_OUT

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Reply:
    phone_number: str  # as the gateway gives it: 13800138000, +8613800138000, ...
    content: str


def ref_of(phone_number: str, key: bytes) -> str | None:
    """The ref intake gave the resident who reported with this number; None if it is none."""
    number = contacts.phone_number(phone_number)
    return contacts.reporter_ref(number, key) if number else None


def take(
    session: Session, replies: Sequence[Reply], *, key: bytes, plan: Plan, now: datetime
) -> list[str]:
    """Each reply's meaning, in order, its choice kept for a resident notify holds a contact
    for (the same answer whether it does or not)."""
    meanings = [plan.notify.sms_replies.meaning(reply.content) for reply in replies]
    for reply, meaning in zip(replies, meanings, strict=True):
        ref = ref_of(reply.phone_number, key)
        log.info("sms_reply", ref=ref, meaning=meaning)
        if meaning != IGNORED and ref and residents.address_of(session, ref) is not None:
            _choose(session, ref, meaning, plan, now)
    return meanings


def _choose(session: Session, ref: str, meaning: str, plan: Plan, now: datetime) -> None:
    if meaning == OPT_OUT:
        resident_preferences.unsubscribe(session, ref, plan, now)
    else:
        resident_preferences.resubscribe(session, ref, plan, now)
