"""The count of an assembly vote (deliberation.tally) over 10,000 ballots: a roster of 12,000 in
the eight parties of a "1+4+N" council, 1,000 of whom appointed a proxy (two to a holder), the
concurrent majority with a party quorum and a veto. Beside it, measured in the same run on the
same ballots: the checks alone (deliberation.ballots.refusals, which tally runs first), and the
bare limit, a plain loop that only counts options into a dict. Median of ROUNDS rounds, each
alternating the three. Then the same ballots stored and a vote of them closed through the
database path, beside a bare GROUP BY of them (bench/voteclosebench.py). Prints figures; judges
nothing. `python -m bench.tallybench`.
"""

import random
import statistics
import time
from collections.abc import Callable

from bench import report
from deliberation.ballots import Ballot, Proxy, Voter, refusals
from deliberation.processes import VoteRules
from deliberation.tally import tally

BALLOTS = 10_000
ROSTER = 12_000
APPOINTED = 1_000  # voters who appointed a holder; each holder holds two
OWN_TOO = 100  # of those, the voters who cast their own ballot as well (it wins)
PARTIES = {  # party: share of the roster
    "party_core": 0.05,
    "residents_committee": 0.05,
    "mediation_committee": 0.05,
    "community_police": 0.05,
    "residents_representatives": 0.5,
    "owners_committee": 0.1,
    "property_company": 0.05,
    "social_organisations": 0.15,
}
OPTIONS = {"agree": 0.6, "abstain": 0.1, "disagree": 0.2, "block": 0.1}
RULES = VoteRules(
    quorum=0.5, party_quorum=0.3, majority="concurrent", veto=("owners_committee",), proxy_limit=2
)
ROUNDS = 21
SEED = 13

Vote = tuple[list[Voter], list[Ballot], list[Proxy], VoteRules]


def main() -> None:
    from bench import voteclosebench  # the same ballots stored, closed through the database

    print_figures(measure(assembly()))
    voteclosebench.main()


def assembly(seed: int = SEED) -> Vote:
    rng = random.Random(seed)
    parties = rng.choices(list(PARTIES), weights=list(PARTIES.values()), k=ROSTER)
    roster = [Voter(f"p-{n:05}", party) for n, party in enumerate(parties)]
    people = [voter.person for voter in roster]
    rng.shuffle(people)
    appointing, holders = people[:APPOINTED], people[APPOINTED : APPOINTED + APPOINTED // 2]
    proxies = [Proxy(voter, holders[n // 2]) for n, voter in enumerate(appointing)]
    own = people[APPOINTED : BALLOTS - OWN_TOO] + appointing[:OWN_TOO]
    casts = [(person, person) for person in own] + [(p.voter, p.holder) for p in proxies]
    options = rng.choices(list(OPTIONS), weights=list(OPTIONS.values()), k=len(casts))
    ballots = [
        Ballot(voter, option, by) for (voter, by), option in zip(casts, options, strict=True)
    ]
    rng.shuffle(ballots)
    return roster, ballots, proxies, RULES


def bare_count(ballots: list[Ballot]) -> dict[str, int]:
    """The least a count can do: each ballot's option into a dict."""
    counts: dict[str, int] = {}
    for ballot in ballots:
        counts[ballot.option] = counts.get(ballot.option, 0) + 1
    return counts


def measure(vote: Vote) -> dict:
    roster, ballots, proxies, rules = vote
    runs: dict[str, Callable[[], object]] = {
        "tally": lambda: tally(roster, ballots, proxies, rules),
        "checks": lambda: refusals(roster, ballots, proxies, rules),
        "bare": lambda: bare_count(ballots),
    }
    took: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(ROUNDS):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            took[name].append(time.perf_counter() - started)
    figures = {name: statistics.median(seconds) for name, seconds in took.items()}
    return figures | {"ballots": len(ballots), "result": tally(*vote)}


def print_figures(f: dict) -> None:
    ballots, result = f["ballots"], f["result"]
    bare = ("bare count of options into a dict", report.rate(ballots, f["bare"]), "ballots/s")
    label = f"tally of {ballots:,} ballots"
    print(report.against(label, (report.rate(ballots, f["tally"]), "ballots/s"), bare))
    print(report.plain("  per tally", report.millis(f["tally"])))
    print(report.plain("  of which the checks", report.millis(f["checks"])))
    print(report.plain("  bare count per pass", report.millis(f["bare"])))
    turnout, why = result.turnout, ", ".join(r.code for r in result.reasons) or "carried"
    print(
        report.plain(
            "  the vote",
            f"{turnout.took_part:,} of {turnout.eligible:,} took part "
            f"({turnout.by_proxy:,} by proxy); {why}",
        )
    )


if __name__ == "__main__":
    main()
