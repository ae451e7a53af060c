"""The pure schedule planner: Korean holidays, excluded dates, counts, and its invariants (hypothesis)."""

import datetime as dt
import zoneinfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.planner import EXCLUDED, HOLIDAY, PlanError, korean_holidays, plan_sessions

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
TUE, WED = 1, 2


def plan(**overrides):
    args = {
        "first_date": dt.date(2025, 5, 1),
        "last_date": dt.date(2025, 7, 31),
        "weekdays": {TUE, WED},
        "count": 10,
        "start_time": dt.time(19, 0),
        "end_time": dt.time(21, 0),
        "zone": SEOUL,
    }
    return plan_sessions(**{**args, **overrides})


def test_the_holidays_package_knows_2025s_korean_holidays_including_the_election():
    kr = holidays.KR(years=2025, language="ko")

    assert kr.get(dt.date(2025, 5, 5)) == "부처님오신날; 어린이날"
    assert kr.get(dt.date(2025, 5, 6)) == "부처님오신날 대체 휴일; 어린이날 대체 휴일"
    assert kr.get(dt.date(2025, 6, 3)) == "대통령 선거일"
    assert kr.get(dt.date(2025, 6, 6)) == "현충일"


def test_tuesdays_and_wednesdays_of_the_pilot_skip_the_substitute_holiday_and_the_election():
    result = plan()

    assert result.dates == [
        dt.date(2025, 5, 7),
        dt.date(2025, 5, 13),
        dt.date(2025, 5, 14),
        dt.date(2025, 5, 20),
        dt.date(2025, 5, 21),
        dt.date(2025, 5, 27),
        dt.date(2025, 5, 28),
        dt.date(2025, 6, 4),
        dt.date(2025, 6, 10),
        dt.date(2025, 6, 11),
    ]
    assert [(s.date, s.reason, s.name) for s in result.skipped] == [
        (dt.date(2025, 5, 6), HOLIDAY, "부처님오신날 대체 휴일; 어린이날 대체 휴일"),
        (dt.date(2025, 6, 3), HOLIDAY, "대통령 선거일"),
    ]
    assert (result.requested, result.fits, result.is_short) == (10, 24, False)


def test_a_monday_and_friday_pattern_skips_childrens_day_and_memorial_day():
    result = plan(weekdays={0, 4}, first_date=dt.date(2025, 5, 1), last_date=dt.date(2025, 6, 13), count=20)

    skipped = {s.date: s.name for s in result.skipped}
    assert skipped == {dt.date(2025, 5, 5): "부처님오신날; 어린이날", dt.date(2025, 6, 6): "현충일"}


def test_once_a_week_moves_a_holiday_tuesday_to_the_wednesday():
    result = plan(once_a_week=True)

    assert result.dates == [
        dt.date(2025, 5, 7),  # the Tuesday 5/6 is the substitute holiday
        dt.date(2025, 5, 13),
        dt.date(2025, 5, 20),
        dt.date(2025, 5, 27),
        dt.date(2025, 6, 4),  # the Tuesday 6/3 is the presidential election
        dt.date(2025, 6, 10),
        dt.date(2025, 6, 17),
        dt.date(2025, 6, 24),
        dt.date(2025, 7, 1),
        dt.date(2025, 7, 8),
    ]
    assert [s.date for s in result.skipped] == [dt.date(2025, 5, 6), dt.date(2025, 6, 3)]


def test_excluded_dates_are_skipped_with_their_reason():
    result = plan(excluded={dt.date(2025, 5, 13), dt.date(2025, 5, 14)}, count=3)

    assert result.dates == [dt.date(2025, 5, 7), dt.date(2025, 5, 20), dt.date(2025, 5, 21)]
    assert [(s.date, s.reason) for s in result.skipped] == [
        (dt.date(2025, 5, 6), HOLIDAY),
        (dt.date(2025, 5, 13), EXCLUDED),
        (dt.date(2025, 5, 14), EXCLUDED),
    ]


def test_a_count_larger_than_the_window_says_how_many_fit():
    result = plan(first_date=dt.date(2025, 6, 1), last_date=dt.date(2025, 6, 14))

    assert result.dates == [dt.date(2025, 6, 4), dt.date(2025, 6, 10), dt.date(2025, 6, 11)]
    assert (result.fits, result.requested, result.is_short, result.is_empty) == (3, 10, True, False)


def test_a_window_with_no_possible_date_is_empty():
    result = plan(first_date=dt.date(2025, 6, 3), last_date=dt.date(2025, 6, 3))

    assert result.dates == []
    assert (result.fits, result.is_empty) == (0, True)
    assert [s.date for s in result.skipped] == [dt.date(2025, 6, 3)]


def test_times_are_in_the_cohorts_zone():
    first = plan(count=1).sessions[0]

    assert first.starts == dt.datetime(2025, 5, 7, 19, 0, tzinfo=SEOUL)
    assert first.starts.astimezone(dt.UTC) == dt.datetime(2025, 5, 7, 10, 0, tzinfo=dt.UTC)
    assert first.ends - first.starts == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    "overrides,code",
    [
        ({"first_date": dt.date(2025, 7, 1), "last_date": dt.date(2025, 6, 1)}, "window_reversed"),
        ({"last_date": dt.date(2026, 7, 1)}, "window_too_long"),
        ({"weekdays": set()}, "no_weekdays"),
        ({"weekdays": {7}}, "no_weekdays"),
        ({"count": 0}, "bad_count"),
        ({"count": 61}, "bad_count"),
        ({"end_time": dt.time(18, 0)}, "ends_before_start"),
        ({"end_time": dt.time(19, 0)}, "ends_before_start"),
    ],
)
def test_impossible_requests_are_refused_with_a_code(overrides, code):
    with pytest.raises(PlanError) as error:
        plan(**overrides)

    assert error.value.code == code


def test_holiday_names_in_english():
    names = korean_holidays("en")(dt.date(2025, 6, 1), dt.date(2025, 6, 30))

    assert names == {dt.date(2025, 6, 3): "Presidential Election Day", dt.date(2025, 6, 6): "Memorial Day"}


# Properties ----------------------------------------------------------------------------------

KR_HOLIDAYS = korean_holidays("ko")


@st.composite
def requests(draw):
    first = draw(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31)))
    length = draw(st.integers(min_value=0, max_value=200))
    weekdays = draw(st.sets(st.integers(min_value=0, max_value=6), min_size=1))
    count = draw(st.integers(min_value=1, max_value=60))
    last = first + dt.timedelta(days=length)
    excluded = draw(st.sets(st.dates(min_value=first, max_value=last), max_size=10))
    once = draw(st.booleans())
    return {
        "first_date": first,
        "last_date": last,
        "weekdays": weekdays,
        "count": count,
        "excluded": excluded,
        "once_a_week": once,
    }


@settings(max_examples=150, deadline=None)
@given(requests())
def test_every_proposed_date_is_in_the_window_on_a_chosen_free_weekday(request):
    result = plan(**request)
    days_off = KR_HOLIDAYS(request["first_date"], request["last_date"])

    assert result.dates == sorted(set(result.dates))
    assert len(result.dates) == min(request["count"], result.fits)
    for day in result.dates:
        assert request["first_date"] <= day <= request["last_date"]
        assert day.weekday() in request["weekdays"]
        assert day not in days_off
        assert day not in request["excluded"]


@settings(max_examples=150, deadline=None)
@given(requests())
def test_every_skipped_date_has_its_reason_and_none_is_proposed(request):
    result = plan(**request)
    days_off = KR_HOLIDAYS(request["first_date"], request["last_date"])

    for skip in result.skipped:
        assert skip.date not in result.dates
        assert skip.date.weekday() in request["weekdays"]
        if skip.reason == HOLIDAY:
            assert skip.name == days_off[skip.date]
        else:
            assert skip.reason == EXCLUDED
            assert skip.date in request["excluded"]
        if result.dates and not result.is_short:
            assert skip.date < result.dates[-1]


@settings(max_examples=100, deadline=None)
@given(requests())
def test_without_once_a_week_no_pattern_date_before_the_last_proposal_is_lost(request):
    request["once_a_week"] = False
    result = plan(**request)
    accounted = set(result.dates) | {s.date for s in result.skipped}
    end = result.dates[-1] if result.dates and not result.is_short else request["last_date"]

    day = request["first_date"]
    while day <= end:
        if day.weekday() in request["weekdays"]:
            assert day in accounted
        day += dt.timedelta(days=1)


@settings(max_examples=100, deadline=None)
@given(requests())
def test_once_a_week_gives_at_most_one_session_per_week(request):
    request["once_a_week"] = True
    weeks = [day.isocalendar()[:2] for day in plan(**request).dates]

    assert len(weeks) == len(set(weeks))
