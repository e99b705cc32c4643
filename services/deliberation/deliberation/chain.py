"""The log every matter keeps of itself, so that a result can be trusted after the fact: each
step, ballot, proxy and correction is one entry, chained to the entry before by its hash. An
entry changed, removed or slipped in afterwards breaks the chain, and `verify` (the command
`gongzhi deliberation verify MATTER`) names the first broken link.

An entry's hash is the SHA-256 (hex) of the previous entry's hash followed by the canonical JSON
of its fields, `{"actor","at","data","kind","matter_id","seq"}` with sorted keys, no spaces and
UTF-8 unescaped; `at` in ISO 8601 UTC. The first entry's previous hash is GENESIS. Anyone with a
copy of the rows can check the chain with nothing but a JSON library and SHA-256.

Append-only in the database too: migration 0002 makes triggers refuse UPDATE and DELETE. A log a
DBA rewrites whole (every hash recomputed), or cuts short at its end, still walks clean; the
heads published when a vote closes or a matter ends (the closing event, the board) and recorded
beside the log are what find it (heads.py, which `gongzhi deliberation verify` runs).

Racing appends: each matter numbers its entries 1, 2, ... under a unique (matter_id, seq) key.
Two units of work appending to one matter at once read the same last entry; the second to
insert fails with Contended and its whole unit of work must roll back and run again from the
start (what it decided may no longer hold: the vote may have closed meanwhile). An event
handler lets it propagate and gongzhi.retry redelivers the message after a delay; an HTTP route
retries its unit of work or answers 409. The session is unusable after Contended.

Secret ballots (`vote.secret`) keep who voted apart from how. The chain never holds both in one
entry, nor anything that pairs them up:
- when a ballot is cast, an entry of kind TOOK_PART saying that the voter took part (and by which
  proxy holder, if one), with no option: `append` refuses a TOOK_PART entry carrying one;
- the options wait outside the chain with no voter, no time and no order of their own (counts
  per party and option, say: not rows numbered as they came, which would pair with the
  TOOK_PART entries' order);
- when the vote closes, one entry of kind SEALED whose data holds `sealed(ballots)`: each
  party's options, sorted, without voters.
A secret ballot cannot then be changed (nothing says which option was the voter's), unless the
voter was handed a receipt for it; that is voting's choice, not the chain's.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import RowMapping, exc, insert, select
from sqlalchemy.orm import Session

from deliberation.model import ACTOR_LENGTH, KIND_LENGTH, chain_entries
from gongzhi.personal import mask

GENESIS = "0" * 64
TOOK_PART = "took_part"  # a secret ballot was cast: by whom, never how
SEALED = "ballots_sealed"  # a secret vote closed: its options, sorted, never by whom
REASONS = {
    "gap": "a gap in the sequence",
    "previous": "previous-hash mismatch",
    "hash": "hash mismatch",
    "cut": "cut short",  # shorter than a published head (heads.py)
    "head": "rewritten",  # the entry at a published head's length has another hash
}


@dataclass(frozen=True)
class Entry:
    """One link of a matter's chain, as stored."""

    matter_id: str
    seq: int
    at: datetime
    kind: str
    actor: str  # a person id or a key's name; never a name or a phone number
    data: dict[str, Any]
    previous: str = GENESIS
    hash: str = ""

    def fields(self) -> dict[str, Any]:
        """What the hash covers, besides the previous hash."""
        names = ("matter_id", "seq", "kind", "actor", "data")
        return {"at": utc(self.at).isoformat(), **{name: getattr(self, name) for name in names}}


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain: the seq where it breaks, and why (a key of REASONS)."""

    seq: int
    reason: str
    detail: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {REASONS[self.reason]} ({self.detail})"


@dataclass(frozen=True)
class Verdict:
    matter_id: str
    entries: int
    broken: Break | None

    @property
    def holds(self) -> bool:
        return self.broken is None

    def __str__(self) -> str:
        said = "holds" if self.broken is None else f"broken at {self.broken}"
        return f"matter {self.matter_id}: {self.entries} entries, {said}"


class Contended(Exception):
    """Another unit of work appended to this matter first: roll back and run again."""

    def __init__(self, matter_id: str, seq: int):
        super().__init__(f"matter {matter_id}: seq {seq} was taken meanwhile; run again")
        self.matter_id, self.seq = matter_id, seq


def canonical(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def hash_of(entry: Entry) -> str:
    """The hash `entry` must carry, from its previous hash and its fields."""
    return hashlib.sha256((entry.previous + canonical(entry.fields())).encode()).hexdigest()


def append(
    session: Session, matter_id: str, kind: str, actor: str, data: dict[str, Any], at: datetime
) -> Entry:
    """Add an entry to `matter_id`'s chain in the caller's transaction; Contended if another
    unit of work took its seq first, ValueError for an entry that may not be written."""
    _check(kind, actor, data, at)
    last = session.execute(
        select(chain_entries.c.seq, chain_entries.c.hash)
        .where(chain_entries.c.matter_id == matter_id)
        .order_by(chain_entries.c.seq.desc())
        .limit(1)
    ).first()
    seq, previous = (last.seq + 1, last.hash) if last else (1, GENESIS)
    # Through JSON and back: the hash covers the data as it will be read, not a tuple or a
    # subclass that the column would store as something else. In UTC: SQLite keeps a time's
    # wall clock and drops its zone.
    data = json.loads(canonical(data))
    entry = Entry(matter_id, seq, utc(at), kind, actor, data, previous)
    entry = replace(entry, hash=hash_of(entry))
    try:
        session.execute(insert(chain_entries).values(**asdict(entry)))
    except exc.IntegrityError as error:
        raise Contended(matter_id, seq) from error
    return entry


def _check(kind: str, actor: str, data: dict[str, Any], at: datetime) -> None:
    if not 0 < len(kind) <= KIND_LENGTH or not 0 < len(actor) <= ACTOR_LENGTH:
        raise ValueError(
            f"an entry needs a kind (at most {KIND_LENGTH} characters) and an actor "
            f"(at most {ACTOR_LENGTH})"
        )
    if mask(actor) != actor:
        raise ValueError("an entry's actor is a person id or a key's name, not contact details")
    if not isinstance(data, dict):
        raise ValueError(f"an entry's data is a JSON object, not {type(data).__name__}")
    if at.tzinfo is None:
        raise ValueError("an entry's time needs its zone")
    if kind == TOOK_PART and "option" in data:
        raise ValueError("a took_part entry says who took part in a secret vote, never how")


def sealed(ballots: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The data of a SEALED entry from a secret vote's (party, option) pairs: each party's
    options sorted, so that neither voters nor the order they voted in can be read from it."""
    by_party: dict[str, list[str]] = {}
    for party, option in ballots:
        by_party.setdefault(party, []).append(option)
    return {party: sorted(options) for party, options in sorted(by_party.items())}


def entries(session: Session, matter_id: str) -> list[Entry]:
    """`matter_id`'s chain, in order."""
    query = select(chain_entries).where(chain_entries.c.matter_id == matter_id)
    rows = session.execute(query.order_by(chain_entries.c.seq)).mappings()
    return [read(row) for row in rows]


def verify(session: Session, matter_id: str) -> Verdict:
    """Walk `matter_id`'s chain: how many entries, and its first broken link if any."""
    return walk(matter_id, entries(session, matter_id))


def read(row: RowMapping) -> Entry:
    return Entry(**{**row, "at": utc(row["at"])})


def utc(moment: datetime) -> datetime:
    """SQLite hands times back without their zone; all we store is UTC."""
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)


def walk(matter_id: str, chain: Iterable[Entry]) -> Verdict:
    """The verdict on one matter's entries, given in seq order."""
    count, broken, previous = 0, None, GENESIS
    for entry in chain:
        count += 1
        broken = broken or _broken_link(entry, count, previous)
        previous = entry.hash
    return Verdict(matter_id, count, broken)


def _broken_link(entry: Entry, expected_seq: int, previous: str) -> Break | None:
    if entry.seq != expected_seq:
        detail = f"it is missing: the chain goes on at seq {entry.seq}"
        return Break(expected_seq, "gap", detail)
    if entry.previous != previous:
        detail = "the entry before it was changed, removed or replaced after it was written"
        return Break(entry.seq, "previous", detail)
    if entry.hash != hash_of(entry):
        return Break(entry.seq, "hash", "its fields do not give its hash: changed after writing")
    return None
