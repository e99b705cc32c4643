"""The heads of the matters' logs (chain.py) as published: when a vote closes or a matter ends,
the log's length and last hash go out in the closing event and on the public board, and into
the `chain_heads` table in the same unit of work. A log rewritten whole or cut short at its end
still walks clean; against a head it does not: `verify` here walks the chain, then holds it to
every head recorded (and to one copied from the board, `--head 12:3f5a...`), and names a log
shorter than a head as cut short, one whose entry at a head's length has another hash as
rewritten."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from deliberation import chain
from deliberation.model import chain_entries, chain_heads

VOTE_CLOSED, MATTER_ENDED = "vote_closed", "matter_ended"


@dataclass(frozen=True)
class Head:
    length: int  # the seq of the last entry
    hash: str
    why: str = "given"  # vote_closed, matter_ended; given on the command line
    at: datetime | None = None

    def said(self) -> str:
        """e.g. "the head recorded when the vote closed at 2026-12-02 10:30 UTC"."""
        if self.at is None:
            return "the head given"
        what = self.why.replace("_", " ")
        return f"the head recorded when the {what} at {self.at:%Y-%m-%d %H:%M} UTC"


def record(session: Session, last: chain.Entry, why: str) -> dict[str, Any]:
    """Write the head of `last`'s chain in the caller's unit of work; what to publish of it,
    e.g. `{"length": 12, "hash": "3f5a..."}`."""
    values = {"matter_id": last.matter_id, "length": last.seq, "hash": last.hash, "why": why}
    session.execute(insert(chain_heads).values(**values, at=last.at))
    return {"length": last.seq, "hash": last.hash}


def latest(session: Session, matter_id: str) -> dict[str, Any] | None:
    """The newest head published of `matter_id`'s log, for the board; None before any."""
    heads = recorded(session, matter_id)
    if not heads:
        return None
    head = heads[-1]
    return {"length": head.length, "hash": head.hash, "why": head.why, "at": head.at}


def recorded(session: Session, matter_id: str) -> list[Head]:
    query = select(chain_heads).where(chain_heads.c.matter_id == matter_id)
    return [_head(row) for row in session.execute(query.order_by(chain_heads.c.length))]


def verify(session: Session, matter_id: str, given: Iterable[Head] = ()) -> chain.Verdict:
    """The chain's verdict, held to its recorded heads and to any `given`."""
    entries = chain.entries(session, matter_id)
    return held_to([*recorded(session, matter_id), *given], chain.walk(matter_id, entries), entries)


def verify_all(session: Session) -> Iterator[chain.Verdict]:
    """Every matter's verdict, by matter id; a matter whose log is gone while a head of it
    is recorded is cut short at its first entry."""
    query = select(chain_heads).order_by(chain_heads.c.matter_id, chain_heads.c.length)
    heads = {
        matter_id: [_head(row) for row in rows]
        for matter_id, rows in groupby(session.execute(query), lambda row: row.matter_id)
    }
    for verdict, entries in _chains(session):
        yield held_to(heads.pop(verdict.matter_id, []), verdict, entries)
    for matter_id, left in sorted(heads.items()):
        yield held_to(left, chain.Verdict(matter_id, 0, None), [])


def held_to(heads: list[Head], verdict: chain.Verdict, entries: list[chain.Entry]) -> chain.Verdict:
    """`verdict` if it is broken already; else broken at the first head the log fails."""
    if not verdict.holds:
        return verdict
    hashes = {entry.seq: entry.hash for entry in entries}
    for head in sorted(heads, key=lambda h: h.length):
        if head.length > verdict.entries:
            detail = (
                f"the log ends at seq {verdict.entries}, but {head.said()} says it had "
                f"{head.length} entries, the last with hash {head.hash[:16]}…"
            )
            return chain.Verdict(
                verdict.matter_id, verdict.entries, chain.Break(verdict.entries + 1, "cut", detail)
            )
        if hashes[head.length] != head.hash:
            detail = f"its hash is not {head.hash[:16]}…, the one {head.said()} gives"
            return chain.Verdict(
                verdict.matter_id, verdict.entries, chain.Break(head.length, "head", detail)
            )
    return verdict


def parse(given: str) -> Head:
    """A head copied from the board or the closing event, `LENGTH:HASH`; ValueError else."""
    length, _, hash_ = given.partition(":")
    if not length.isdigit() or int(length) < 1 or len(hash_) != 64:
        raise ValueError(f"a head is LENGTH:HASH (a length from 1, a 64-digit hash), not {given}")
    return Head(int(length), hash_.lower())


def _chains(session: Session) -> Iterator[tuple[chain.Verdict, list[chain.Entry]]]:
    query = select(chain_entries).order_by(chain_entries.c.matter_id, chain_entries.c.seq)
    rows = session.execute(query.execution_options(yield_per=1000)).mappings()
    for matter_id, found in groupby(map(chain.read, rows), lambda entry: entry.matter_id):
        entries = list(found)
        yield chain.walk(matter_id, entries), entries


def _head(row: Any) -> Head:
    return Head(row.length, row.hash, row.why, chain.utc(row.at))
