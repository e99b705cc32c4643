"""What an assembly vote is given, and what it may take: the roster as it stood when the vote
opened, the ballots, the proxy appointments and the process's vote rules (processes.VoteRules,
as the district's config gives them); and why a ballot or an appointment may not be taken, so
the voting API can refuse it with the reason.

A voter may appoint one holder, who must be on the roster, may not have appointed a holder
themselves (no chains) and holds at most `proxy_limit` appointments. A ballot is cast by its
voter or by the holder they appointed, for one of OPTIONS. Pure: no database, no I/O.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from deliberation.processes import VoteRules

OPTIONS = ("agree", "abstain", "disagree", "block")


@dataclass(frozen=True)
class Voter:
    """A member of the assembly as it stood when the vote opened, with the one party (or group)
    their vote is counted in."""

    person: str
    party: str


@dataclass(frozen=True)
class Ballot:
    """`voter`'s ballot, cast by the voter or by the proxy holder they appointed (`cast_by`)."""

    voter: str
    option: str
    cast_by: str

    @property
    def by_proxy(self) -> bool:
        return self.cast_by != self.voter


@dataclass(frozen=True)
class Proxy:
    """`voter` appointed `holder`, in writing, to vote for them."""

    voter: str
    holder: str


@dataclass(frozen=True)
class Refusal:
    """Why a ballot, an appointment or a roster may not be taken. Codes: not_on_roster (a voter,
    caster or holder; the API's 403 when it is the caller), unknown_option, not_their_proxy,
    own_proxy, second_proxy, proxy_chain, proxy_limit; and for a whole vote second_ballot (two
    ballots by one caster for one voter: a changed ballot replaces the old) and
    twice_on_roster."""

    code: str
    reason: str  # person ids only: no name, no phone


class InvalidVote(ValueError):
    """The count was given what the voting API should have refused; `refusals` says what."""

    def __init__(self, refusals: Iterable[Refusal]) -> None:
        self.refusals = tuple(refusals)
        super().__init__("; ".join(refusal.reason for refusal in self.refusals))


def ballot_refusal(
    ballot: Ballot, roster: Collection[Voter], proxies: Collection[Proxy]
) -> Refusal | None:
    """Why `ballot` may not be taken, given the roster and the appointments; None if it may."""
    return _ballot_refusal(ballot, _parties(roster), _holders(proxies))


def proxy_refusal(
    proxy: Proxy, roster: Collection[Voter], proxies: Collection[Proxy], rules: VoteRules
) -> Refusal | None:
    """Why `proxy` may not be appointed beside the appointments already taken (`proxies`);
    None if it may."""
    return _Appointments(proxies).refusal(proxy, _parties(roster), rules.proxy_limit)


def refusals(
    roster: Collection[Voter],
    ballots: Collection[Ballot],
    proxies: Collection[Proxy],
    rules: VoteRules,
) -> list[Refusal]:
    """Everything that keeps this input from being counted; empty when `tally` may count it."""
    party_of = _parties(roster)
    found = [
        Refusal("twice_on_roster", f"{person} is on the roster {n} times")
        for person, n in Counter(voter.person for voter in roster).items()
        if n > 1
    ]
    found += _proxy_refusals(proxies, party_of, rules.proxy_limit)
    holder_of = _holders(proxies)
    found += [r for ballot in ballots if (r := _ballot_refusal(ballot, party_of, holder_of))]
    return found + [
        Refusal("second_ballot", f"{cast_by} cast {n} ballots for {voter}")
        for (voter, cast_by), n in Counter((b.voter, b.cast_by) for b in ballots).items()
        if n > 1
    ]


def _parties(roster: Iterable[Voter]) -> dict[str, str]:
    return {voter.person: voter.party for voter in roster}


def _holders(proxies: Iterable[Proxy]) -> dict[str, str]:
    return {proxy.voter: proxy.holder for proxy in proxies}


def _ballot_refusal(
    ballot: Ballot, party_of: Mapping[str, str], holder_of: Mapping[str, str]
) -> Refusal | None:
    for person in (ballot.cast_by, ballot.voter):
        if person not in party_of:
            return Refusal("not_on_roster", f"{person} is not on the roster of this vote")
    if ballot.option not in OPTIONS:
        return Refusal("unknown_option", f"the options are {', '.join(OPTIONS)}")
    if ballot.by_proxy and holder_of.get(ballot.voter) != ballot.cast_by:
        return Refusal("not_their_proxy", f"{ballot.voter} did not appoint {ballot.cast_by}")
    return None


def _proxy_refusals(
    proxies: Iterable[Proxy], party_of: Mapping[str, str], limit: int
) -> list[Refusal]:
    """Each appointment checked against those taken before it. The rules are pairwise (one
    holder a voter, no one both appointing and holding, a limit per holder), so whether any is
    refused does not hang on the order."""
    taken, found = _Appointments(), []
    for proxy in proxies:
        if refusal := taken.refusal(proxy, party_of, limit):
            found.append(refusal)
        else:
            taken.add(proxy)
    return found


class _Appointments:
    """The appointments taken so far: who appointed a holder, and how many each holder holds."""

    def __init__(self, proxies: Iterable[Proxy] = ()) -> None:
        self.appointed: set[str] = set()
        self.holding: Counter[str] = Counter()
        for proxy in proxies:
            self.add(proxy)

    def add(self, proxy: Proxy) -> None:
        self.appointed.add(proxy.voter)
        self.holding[proxy.holder] += 1

    def refusal(self, proxy: Proxy, party_of: Mapping[str, str], limit: int) -> Refusal | None:
        voter, holder = proxy.voter, proxy.holder
        for person in (voter, holder):
            if person not in party_of:
                return Refusal("not_on_roster", f"{person} is not on the roster of this vote")
        if voter == holder:
            return Refusal("own_proxy", f"{voter} cannot hold their own proxy")
        if voter in self.appointed:
            return Refusal("second_proxy", f"{voter} has already appointed a proxy")
        if holder in self.appointed or self.holding[voter]:
            return Refusal("proxy_chain", f"{voter} → {holder} would make a chain of proxies")
        if self.holding[holder] >= limit:
            return Refusal("proxy_limit", f"{holder} may hold no more than {limit} proxies")
        return None
