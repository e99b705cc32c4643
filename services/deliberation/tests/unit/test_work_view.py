"""A council member's work view at the assembly's vote, on the real database (SQLite, or
PostgreSQL under DATABASE_URL): the matter waits on a member while they owe a ballot, their own
or the voter's whose proxy they hold, and leaves their list once it is in; a voter who appointed
a holder owes none; someone not on the roster as it stood when the vote opened owes none."""

from deliberation import casting, proxies, records, views
from deliberation.records import Review

from .test_deliberate_and_review import CHECKED, deliberated


def at_the_vote(desk):
    matter, _ = deliberated(desk)
    desk.run(records.record_review, matter.id, Review(CHECKED, True), actor="p-1001")
    return matter


def work_of(desk, person: str) -> list[tuple[str, list[str]]]:
    found = views.work(desk.session, person, desk.policy, desk.clock.now())
    return [(item["id"], item["votes_for"]) for item in found]


def cast(desk, matter_id: str, voter: str, by: str) -> None:
    ballot = casting.Cast(voter, by, "agree", None)
    desk.run(lambda move: casting.cast(desk.session, matter_id, ballot, move.now))


def test_a_vote_waits_on_each_member_until_their_ballot_is_in(desk):
    matter = at_the_vote(desk)
    assert work_of(desk, "p-1101") == [(matter.id, ["p-1101"])]

    cast(desk, matter.id, "p-1101", "p-1101")

    assert work_of(desk, "p-1101") == []
    assert work_of(desk, "p-1103") == [(matter.id, ["p-1103"])]


def test_a_proxy_holder_owes_the_voters_ballot_and_the_voter_none(desk):
    matter = at_the_vote(desk)
    appointment = proxies.Appointment("p-1102", "p-1101", "委托书-1", "p-1102")
    desk.run(lambda move: proxies.appoint(desk.session, matter.id, appointment, move.now))

    assert work_of(desk, "p-1101") == [(matter.id, ["p-1101", "p-1102"])]
    assert work_of(desk, "p-1102") == []
    cast(desk, matter.id, "p-1102", "p-1101")
    assert work_of(desk, "p-1101") == [(matter.id, ["p-1101"])]


def test_a_council_member_off_the_assembly_owes_no_ballot(desk):
    matter = at_the_vote(desk)

    # p-1002 sits on the council (it deliberated the plan) but not in the assembly that votes
    assert [item for item, _ in work_of(desk, "p-1002")] == []
    assert matter.id in [item for item, _ in work_of(desk, "p-1101")]
