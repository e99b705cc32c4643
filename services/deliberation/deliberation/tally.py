"""The count of an assembly vote (决议): which ballot counts for each voter, the counts and
turnout overall and per party, and whether the vote is carried or every reason it is not.

Pure: no database, no clock, no I/O, and nothing hangs on the order of its input. A recount is
this same function over the same stored ballots, so it gives the same result.

The rules are a process's `vote:` keys (deliberation.md). A vote is carried when the quorum
holds, every party quorum holds, the majority holds and no party vetoes:
- quorum: at least that share of the eligible voters took part (abstain is taking part);
- simple: agree > disagree + block; two_thirds: agree >= 2/3 of agree + disagree + block, of
  which there is at least one; concurrent: the simple majority overall and within every party
  that cast any ballot other than abstain;
- a veto party vetoes when more than half of its ballots are block; elsewhere block counts only
  as disagree.
`secret` and `change_vote` change how ballots are kept, not how they are counted.

The count takes only valid input (ballots.py says what is valid): given what the voting API
should have refused, it raises InvalidVote naming every refusal.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from deliberation.ballots import Ballot, InvalidVote, Proxy, Voter, refusals
from deliberation.processes import VoteRules


@dataclass(frozen=True)
class Counts:
    agree: int = 0
    abstain: int = 0
    disagree: int = 0
    block: int = 0

    @classmethod
    def of(cls, options: Iterable[str]) -> "Counts":
        return cls(**Counter(options))

    @property
    def against(self) -> int:
        return self.disagree + self.block

    @property
    def decided(self) -> int:
        """Ballots other than abstain: those a majority is reckoned on."""
        return self.agree + self.against

    @property
    def total(self) -> int:
        return self.decided + self.abstain

    @property
    def simple_majority(self) -> bool:
        return self.agree > self.against


@dataclass(frozen=True)
class Turnout:
    eligible: int  # on the roster
    took_part: int  # with a ballot counted, abstain included
    by_proxy: int  # of those, counted from their proxy holder's ballot


@dataclass(frozen=True)
class PartyResult:
    party: str
    counts: Counts
    turnout: Turnout


@dataclass(frozen=True)
class Reason:
    """One reason a vote was not carried: quorum, party_quorum, majority, party_majority or
    veto, with the party where one applies."""

    code: str
    party: str | None = None


@dataclass(frozen=True)
class Result:
    carried: bool
    counts: Counts
    turnout: Turnout
    parties: tuple[PartyResult, ...]  # every party on the roster, by name
    reasons: tuple[Reason, ...]  # empty when carried

    def as_json(self) -> dict[str, Any]:
        """Plain dicts and lists, for the board and the API."""
        return {
            "carried": self.carried,
            "counts": asdict(self.counts),
            "turnout": asdict(self.turnout),
            "parties": [asdict(party) for party in self.parties],
            "reasons": [asdict(reason) for reason in self.reasons],
        }


def tally(
    roster: Collection[Voter],
    ballots: Collection[Ballot],
    proxies: Collection[Proxy],
    rules: VoteRules,
) -> Result:
    """Count the vote. Each voter's own ballot counts if they cast one, else their proxy
    holder's for them. A recount is this call over the same stored ballots: the same result."""
    if problems := refusals(roster, ballots, proxies, rules):
        raise InvalidVote(problems)
    counted = _counted(ballots)
    members: dict[str, list[str]] = {}
    for voter in roster:
        members.setdefault(voter.party, []).append(voter.person)
    parties = tuple(_party_result(party, members[party], counted) for party in sorted(members))
    counts = Counts.of(ballot.option for ballot in counted.values())
    by_proxy = sum(ballot.by_proxy for ballot in counted.values())
    turnout = Turnout(len(roster), len(counted), by_proxy)
    reasons = _reasons(counts, turnout, parties, rules)
    return Result(not reasons, counts, turnout, parties, reasons)


def _at_least(count: int, share: float, of: int) -> bool:
    """Against the share as written, exactly: the nearest fraction to the float the config
    read, so 0.7 is 7/10 and 5/6 is 5/6, and 7 of 10 or 5 of 6 voters reach them."""
    return count >= Fraction(share).limit_denominator(10**6) * of


def _counted(ballots: Iterable[Ballot]) -> dict[str, Ballot]:
    """The ballot that counts for each voter who has one: their own over their holder's."""
    counted = {ballot.voter: ballot for ballot in ballots if ballot.by_proxy}
    return counted | {ballot.voter: ballot for ballot in ballots if not ballot.by_proxy}


def _party_result(party: str, members: list[str], counted: Mapping[str, Ballot]) -> PartyResult:
    ballots = [counted[person] for person in members if person in counted]
    by_proxy = sum(ballot.by_proxy for ballot in ballots)
    turnout = Turnout(len(members), len(ballots), by_proxy)
    return PartyResult(party, Counts.of(ballot.option for ballot in ballots), turnout)


def _reasons(
    counts: Counts, turnout: Turnout, parties: tuple[PartyResult, ...], rules: VoteRules
) -> tuple[Reason, ...]:
    reasons = []
    if not _at_least(turnout.took_part, rules.quorum, turnout.eligible):
        reasons.append(Reason("quorum"))
    if rules.party_quorum is not None:
        reasons += [
            Reason("party_quorum", p.party)
            for p in parties
            if not _at_least(p.turnout.took_part, rules.party_quorum, p.turnout.eligible)
        ]
    if not _majority(counts, rules.majority):
        reasons.append(Reason("majority"))
    if rules.majority == "concurrent":
        reasons += [
            Reason("party_majority", p.party)
            for p in parties
            if p.counts.decided and not p.counts.simple_majority
        ]
    vetoes = [p for p in parties if p.party in rules.veto and 2 * p.counts.block > p.counts.total]
    return (*reasons, *(Reason("veto", p.party) for p in vetoes))


def _majority(counts: Counts, majority: str) -> bool:
    if majority == "two_thirds":
        return counts.decided > 0 and 3 * counts.agree >= 2 * counts.decided
    return counts.simple_majority  # simple, and concurrent overall
