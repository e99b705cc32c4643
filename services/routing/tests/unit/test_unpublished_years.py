"""December: deadlines that reach a year whose holidays the State Council has not published.
Each time of a clock stands on its own; one in the unpublished year is reckoned by rule and
marked provisional (or, where the district refuses to guess, left unscheduled), and the sweeper
works it out again once the district vouches for the year, without re-reading it every pass."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from routing import sla

COMPLEX = "property-dispute"  # reply 15 working days, red after 25; resolution 30, red 45


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.fixture
def inside(district):
    point = district.grid("620502001001001").polygon.representative_point()
    return point.x, point.y


def refusing(desk, district) -> None:
    calendar = replace(district.calendar, unpublished_years="refuse")
    desk.policy = replace(
        desk.policy,
        district=replace(district, calendar=calendar),
        calendar=sla.working_calendar(calendar),
    )


def vouching_for_2027(desk, district, closures: tuple[date, ...]) -> None:
    vouched = replace(desk.policy.district.calendar, closures=closures, vouched_years=(2027,))
    desk.policy = replace(desk.policy, calendar=sla.working_calendar(vouched))


def test_a_reply_due_this_year_is_exact_while_its_red_time_next_year_is_provisional(desk, inside):
    desk.at(local("2026-12-02T10:00:00+08:00"))
    desk.report("r1", COMPLEX, inside)
    reply = desk.clocks("r1")["reply"]
    # 2 Dec + 15 working days: 3–4 Dec, 7–11, 14–18, 21–23.
    assert reply["deadline"] == local("2026-12-23T10:00:00+08:00")
    assert reply["provisional"] == "red_at"  # 25 working days: into January 2027
    assert reply["red_at"] is not None
    assert reply["unscheduled"] is None
    [assigned] = desk.events("assigned")
    announced = next(c for c in assigned.data["clocks"] if c["clock"] == "reply")
    assert announced["deadline"] == "2026-12-23T02:00:00+00:00"
    assert announced["provisional"] == ["red_at"]
    response = next(c for c in assigned.data["clocks"] if c["clock"] == "response")
    assert "provisional" not in response  # four natural hours count no calendar


def test_a_district_that_refuses_to_guess_still_gets_this_years_deadline(desk, inside, district):
    refusing(desk, district)
    desk.at(local("2026-12-02T10:00:00+08:00"))
    desk.report("r1", COMPLEX, inside)
    reply = desk.clocks("r1")["reply"]
    assert reply["deadline"] == local("2026-12-23T10:00:00+08:00")
    assert reply["red_at"] is None
    assert "no working-day schedule for 2027" in reply["unscheduled"]
    desk.act("r1", "accept")  # in time: no red response clock to escalate it
    desk.at(local("2026-12-24T10:00:00+08:00"))
    desk.sweep()
    assert desk.clocks("r1")["reply"]["light"] == "yellow"  # never red until 2027 is known


def test_provisional_times_move_when_the_district_vouches_for_the_year(desk, inside, district):
    desk.at(local("2026-12-21T10:00:00+08:00"))
    desk.report("r1", COMPLEX, inside)  # reply: 15 working days, into 2027
    reply = desk.clocks("r1")["reply"]
    # By rule New Year's Day is off: 22–31 Dec (8), 4–8 Jan (5), 11–12 Jan (2).
    assert reply["deadline"] == local("2027-01-12T10:00:00+08:00")
    assert reply["provisional"] == "deadline,yellow_at,red_at"
    assert desk.sweep().recheck_read == 0  # the passes in between do not re-read it

    vouching_for_2027(desk, district, closures=(date(2027, 1, 1), date(2027, 1, 4)))
    assert desk.sweep().recheck_read == 0  # not until a recheck is due
    assert desk.sweep(recheck=True).rechecked >= 1
    reply = desk.clocks("r1")["reply"]
    assert reply["deadline"] == local("2027-01-13T10:00:00+08:00")  # 4 Jan off as well
    assert reply["provisional"] is None
    assert reply["calendar_version"] == desk.policy.calendar.version


def test_an_unscheduled_time_waits_for_the_district_and_is_rechecked_once_a_calendar(
    desk, inside, district
):
    refusing(desk, district)
    desk.at(local("2026-12-21T10:00:00+08:00"))
    desk.report("r1", COMPLEX, inside)
    assert desk.clocks("r1")["reply"]["deadline"] is None
    # Worked out with this calendar already: not read again, however often it sweeps.
    assert desk.sweep(recheck=True).recheck_read == 0

    vouching_for_2027(desk, district, closures=(date(2027, 1, 1),))
    assert desk.sweep().recheck_read == 0  # a pass that is no recheck reads none
    rechecked = desk.sweep(recheck=True)
    assert rechecked.recheck_read == 2  # reply and resolution; the response clock had its times
    assert rechecked.rechecked == 2
    assert desk.sweep(recheck=True).recheck_read == 0  # stamped with the new calendar
    reply = desk.clocks("r1")["reply"]
    assert reply["deadline"] == local("2027-01-12T10:00:00+08:00")
    assert reply["unscheduled"] is None


def test_a_recheck_of_more_than_a_batch_ends_though_nothing_can_be_scheduled(
    desk, inside, district
):
    refusing(desk, district)
    desk.at(local("2026-12-21T10:00:00+08:00"))
    for n in range(5):
        desk.report(f"r{n}", COMPLEX, inside)  # reply and resolution: unscheduled
    closed = replace(desk.policy.district.calendar, closures=(date(2026, 12, 31),))
    desk.policy = replace(desk.policy, calendar=sla.working_calendar(closed))  # still refusing

    batches = [desk.sweep(batch=2, recheck=True)]
    while batches[-1].full:
        batches.append(desk.sweep(batch=2, recheck=True))
        assert len(batches) <= 6
    assert sum(b.recheck_read for b in batches) == 10
    assert desk.sweep(batch=2, recheck=True).recheck_read == 0
