"""Random assembly votes for the properties of the count and of what it may take."""

from fractions import Fraction

from hypothesis import strategies as st

from deliberation.ballots import OPTIONS, Ballot, Proxy, Voter
from deliberation.processes import VoteRules

PARTIES = ["party_core", "residents_committee", "owners_committee", "property_company"]
SHARES = [
    Fraction(0),
    Fraction(1, 4),
    Fraction(1, 2),
    Fraction(3, 5),
    Fraction(2, 3),
    Fraction(7, 10),
    Fraction(1),
]


@st.composite
def random_votes(draw):
    """A roster, rules, proxies that keep the rules, and for each voter and each holder maybe
    a ballot: everything the count must take."""
    parties = draw(st.lists(st.sampled_from(PARTIES), min_size=1, max_size=4, unique=True))
    roster = [
        Voter(f"p-{n}", draw(st.sampled_from(parties))) for n in range(draw(st.integers(0, 25)))
    ]
    rules = VoteRules(
        quorum=draw(st.sampled_from(SHARES)),
        party_quorum=draw(st.none() | st.sampled_from(SHARES)),
        majority=draw(st.sampled_from(["simple", "two_thirds", "concurrent"])),
        veto=tuple(draw(st.lists(st.sampled_from(PARTIES), max_size=2, unique=True))),
        proxy_limit=draw(st.integers(0, 3)),
    )
    people = [voter.person for voter in roster]
    pairs = (
        draw(st.lists(st.tuples(st.sampled_from(people), st.sampled_from(people))))
        if people
        else []
    )
    proxies = kept_proxies(pairs, rules.proxy_limit)
    maybe = st.none() | st.sampled_from(OPTIONS)
    ballots = [Ballot(person, option, person) for person in people if (option := draw(maybe))]
    ballots += [Ballot(p.voter, option, p.holder) for p in proxies if (option := draw(maybe))]
    return roster, ballots, proxies, rules


def kept_proxies(pairs: list[tuple[str, str]], limit: int) -> list[Proxy]:
    kept: list[Proxy] = []
    for voter, holder in pairs:
        voters = [p.voter for p in kept]
        holders = [p.holder for p in kept]
        if (
            voter != holder
            and voter not in voters + holders
            and holder not in voters
            and holders.count(holder) < limit
        ):
            kept.append(Proxy(voter, holder))
    return kept


@st.composite
def any_votes(draw):
    """A vote as random_votes draws it, often with something added that the rules may refuse:
    anyone's ballot or appointment, an outsider's, a person twice on the roster."""
    roster, ballots, proxies, rules = draw(random_votes())
    person = st.sampled_from([voter.person for voter in roster] + ["outsider"])
    option = st.sampled_from([*OPTIONS, "maybe"])
    extra = st.lists(st.builds(Proxy, person, person), max_size=1)
    proxies += draw(extra)
    ballots += draw(st.lists(st.builds(Ballot, person, option, person), max_size=1))
    roster += draw(st.lists(st.sampled_from(roster), max_size=1)) if roster else []
    return roster, ballots, proxies, rules
