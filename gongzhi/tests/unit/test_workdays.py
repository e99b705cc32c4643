"""Working-day arithmetic on China's calendar, cross-checked against chinesecalendar."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi import workdays

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Where the two packages disagree, with the reason we side with `holidays`.
KNOWN_DISAGREEMENTS = {
    date(2005, 12, 31),  # chinesecalendar marks the Saturday a New Year holiday; holidays a workday
}


def test_a_reply_due_in_5_working_days_from_the_eve_of_national_day_2026_is_due_on_13_october():
    cal = workdays.china([2026])
    start = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
    assert workdays.deadline(cal, start, 5) == datetime(2026, 10, 13, 10, 0, tzinfo=SHANGHAI)


def test_a_make_up_saturday_is_a_working_day_and_a_holiday_weekday_is_not():
    cal = workdays.china([2026])
    assert cal.is_working_day(date(2026, 10, 10))  # Saturday, worked instead of 7 October
    assert not cal.is_working_day(date(2026, 10, 7))  # Wednesday, National Day holiday


def test_a_year_whose_schedule_is_not_published_is_refused_with_a_clear_message():
    cal = workdays.china([2026, 2027])
    with pytest.raises(workdays.UnknownYear) as refused:
        cal.is_working_day(date(2027, 3, 1))
    assert "2027" in str(refused.value)
    assert "district" in str(refused.value)


def test_a_district_can_supply_a_year_and_its_own_closures():
    cal = workdays.china(
        [2027], extra_years=[2027], closures=[date(2027, 1, 1)], extra_workdays=[date(2027, 1, 9)]
    )
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 1, 9))  # a Saturday the district works
    assert cal.is_working_day(date(2027, 1, 4))


def test_working_days_between_counts_the_end_but_not_the_start():
    cal = workdays.china([2026])
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_day_agrees_with_chinesecalendar(year):
    cal = workdays.china([year])
    day = date(year, 1, 1)
    disagreements = []
    while day.year == year:
        if cal.is_working_day(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert set(disagreements) <= KNOWN_DISAGREEMENTS


CAL_2025_2026 = workdays.china([2025, 2026])
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 9, 30))


@given(start=DAYS, count=st.integers(min_value=1, max_value=60))
def test_counting_forward_lands_on_a_working_day_and_counts_back_the_same(start, count):
    due = CAL_2025_2026.add_working_days(start, count)
    assert CAL_2025_2026.is_working_day(due)
    assert CAL_2025_2026.working_days_between(start, due) == count


@given(start=DAYS, first=st.integers(0, 30), second=st.integers(0, 30))
def test_adding_working_days_in_two_steps_is_adding_them_at_once(start, first, second):
    step = CAL_2025_2026.add_working_days(CAL_2025_2026.add_working_days(start, first), second)
    assert step == CAL_2025_2026.add_working_days(start, first + second)
