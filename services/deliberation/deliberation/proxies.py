"""Proxy appointments (委托投票) in an assembly vote: a voter appoints one holder in writing,
the holder votes for them. ballots.py decides what may be appointed (the holder on the roster,
no chains, at most `proxy_limit` per holder, one appointment per voter); the appointment, its
document's reference and who recorded it go into the matter's chain."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from deliberation import chain, voting
from deliberation.ballots import Proxy, proxy_refusal
from deliberation.model import vote_proxies
from gongzhi.web import HttpError


@dataclass(frozen=True)
class Appointment:
    """`voter` appoints `holder`; `document` is the written appointment's reference (a file
    number, a scan's id), `recorded_by` the key holder who entered it."""

    voter: str
    holder: str
    document: str
    recorded_by: str


def appoint(session: Session, matter_id: str, given: Appointment, at: datetime) -> Proxy:
    """Take the appointment while the vote is open, or refuse it with ballots.py's reason
    (403 a voter or holder not on the roster, 409 a second appointment, a chain, past the
    limit; 409 once the vote closed)."""
    vote = voting.open_for_writing(session, matter_id)
    proxy = Proxy(given.voter, given.holder)
    taken = voting.proxies_of(session, matter_id)
    refusal = proxy_refusal(proxy, vote.roster, taken, vote.rules)
    if refusal and refusal.code == "not_on_roster" and vote.party_of(proxy.voter):
        raise HttpError(400, refusal.code, refusal.reason)  # the holder: a wrong appointment
    voting.refuse(refusal)
    session.execute(
        insert(vote_proxies).values(
            matter_id=matter_id,
            voter=proxy.voter,
            holder=proxy.holder,
            document=given.document,
            recorded_by=given.recorded_by,
            appointed_at=at,
        )
    )
    data = {"voter": proxy.voter, "holder": proxy.holder, "document": given.document}
    chain.append(session, matter_id, "proxy_appointed", given.recorded_by, data, at)
    return proxy
