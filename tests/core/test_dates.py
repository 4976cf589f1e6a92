"""Dates typed the UK way, stored as UTC, and recurring courses across the clock changes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod_events.core import dates, events
from coprod_events.core.errors import CoprodError

LONDON = ZoneInfo("Europe/London")
THIRD_DEC_10AM = datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)
ACCEPTED = ("3/12/2026 10:00", "3 Dec 2026 10am", "2026-12-03T10:00")


def assert_names_accepted_forms(message: str) -> None:
    for form in ACCEPTED:
        assert form in message, f"{form!r} missing from {message!r}"


# --- typing a date -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ACCEPTED)
def test_uk_forms_all_mean_3_december_10am_london(text):
    moment = dates.parse_when(text)
    assert moment == THIRD_DEC_10AM
    assert moment.utcoffset() is not None
    assert moment.astimezone(LONDON).replace(tzinfo=None) == datetime(2026, 12, 3, 10, 0)
    assert dates.to_db(moment) == "2026-12-03T10:00:00.000000Z"


@pytest.mark.parametrize("text", [" 3/12/2026 10:00 ", "03/12/2026 10:00", "3/12/2026 10.00am"])
def test_small_variations_of_the_uk_form_are_read(text):
    assert dates.parse_when(text) == THIRD_DEC_10AM


def test_day_comes_before_month():
    assert dates.parse_when("1/2/2027 09:30") == datetime(2027, 2, 1, 9, 30, tzinfo=LONDON)
    assert dates.parse_when("12/3/2027 09:30").month == 3


def test_summer_time_is_british_summer_time():
    moment = dates.parse_when("3/7/2026 10:00")
    assert moment.astimezone(timezone.utc).hour == 9  # BST is UTC+1


def test_event_start_typed_each_way_is_stored_the_same(store):
    stored = {
        events.add_event(store, f"Conference {n}", kind="conference", starts=text).starts_at
        for n, text in enumerate(ACCEPTED)
    }
    assert stored == {"2026-12-03T10:00:00.000000Z"}


@pytest.mark.parametrize(
    "text",
    ["hello", "next thursday-ish", "31/02/2026 10:00", "3/12/2026 25:00", "", "   ",
     "3" * 100, "//::"],
)
def test_unparseable_input_is_an_error_naming_the_accepted_forms(text):
    with pytest.raises(CoprodError) as caught:
        dates.parse_when(text)
    assert_names_accepted_forms(str(caught.value))


@pytest.mark.parametrize("text", ["10:00", "10am", "14:30", "2pm"])
def test_a_bare_time_with_no_date_is_refused(text):
    with pytest.raises(CoprodError) as caught:
        dates.parse_when(text)
    assert_names_accepted_forms(str(caught.value))


def test_a_bare_time_is_refused_as_an_event_start(store):
    with pytest.raises(CoprodError):
        events.add_event(store, "Morning workshop", kind="workshop", starts="10:00")
    assert events.list_events(store) == []


@pytest.mark.parametrize("ends", ["3/12/2026 09:00", "3/12/2026 10:00", "2/12/2026 17:00"])
def test_an_event_ending_before_or_at_its_start_is_refused(store, ends):
    with pytest.raises(CoprodError, match="must be after the start"):
        events.add_event(store, "Backwards", kind="conference", starts="3/12/2026 10:00", ends=ends)
    assert events.list_events(store) == []


def test_a_session_ending_before_its_start_is_refused(store):
    event = events.add_event(store, "Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    with pytest.raises(CoprodError, match="must be after the start"):
        events.add_session(store, event.id, "Plenary", starts="3/12/2026 11:00", ends="3/12/2026 10:30")
    assert events.list_sessions(store, event.id) == []


@pytest.mark.filterwarnings("ignore::dateutil.parser.UnknownTimezoneWarning")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(max_size=80),
    st.text(alphabet="0123456789/:-. TamApPZz+", max_size=40),
))
def test_any_typed_text_is_a_date_or_a_coprod_error(text):
    try:
        moment = dates.parse_when(text)
    except CoprodError as error:
        assert str(error)
    else:
        assert moment.tzinfo is not None


# --- repeating courses across the clock changes ------------------------------------------


def _local_starts(store, event):
    return [dates.local(s.starts_at, "Europe/London") for s in events.list_sessions(store, event.id)]


def test_course_starting_in_october_stays_at_10am_after_the_clocks_go_back(store):
    course = events.add_event(store, "Autumn recovery course", kind="training",
                              starts="8/10/2026 10:00", ends="8/10/2026 12:00",
                              repeat="FREQ=WEEKLY;COUNT=6")
    sessions = events.list_sessions(store, course.id)
    local_starts = _local_starts(store, course)
    assert [d.date().isoformat() for d in local_starts] == [
        "2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29", "2026-11-05", "2026-11-12"]
    assert all((d.hour, d.minute) == (10, 0) for d in local_starts)
    ends = [dates.local(s.ends_at, "Europe/London") for s in sessions]
    assert all((d.hour, d.minute) == (12, 0) for d in ends)
    # Clocks go back on Sunday 25 October 2026: 10:00 BST is 09:00 UTC, 10:00 GMT is 10:00 UTC.
    utc_hours = [dates.from_db(s.starts_at).hour for s in sessions]
    assert utc_hours == [9, 9, 9, 10, 10, 10]
    assert dates.from_db(sessions[3].starts_at) - dates.from_db(sessions[2].starts_at) == timedelta(days=7, hours=1)


def test_course_starting_in_march_stays_at_10am_after_the_clocks_go_forward(store):
    course = events.add_event(store, "Spring peer support course", kind="training",
                              starts="12/3/2026 10:00", ends="12/3/2026 12:00",
                              repeat="FREQ=WEEKLY;COUNT=6")
    sessions = events.list_sessions(store, course.id)
    local_starts = _local_starts(store, course)
    assert [d.date().isoformat() for d in local_starts] == [
        "2026-03-12", "2026-03-19", "2026-03-26", "2026-04-02", "2026-04-09", "2026-04-16"]
    assert all((d.hour, d.minute) == (10, 0) for d in local_starts)
    # Clocks go forward on Sunday 29 March 2026.
    assert [dates.from_db(s.starts_at).hour for s in sessions] == [10, 10, 10, 9, 9, 9]
    assert dates.from_db(sessions[3].starts_at) - dates.from_db(sessions[2].starts_at) == timedelta(days=7, hours=-1)


def test_expand_repeat_keeps_wall_clock_and_drops_excepted_days():
    start = datetime(2026, 10, 22, 10, 0, tzinfo=LONDON)
    occurrences = dates.expand_repeat("RRULE:FREQ=WEEKLY;COUNT=3", start, start + timedelta(hours=2),
                                      except_days=[datetime(2026, 11, 5).date()])
    assert [(s.date().isoformat(), s.hour, e.hour) for s, e in occurrences] == [
        ("2026-10-22", 10, 12), ("2026-10-29", 10, 12)]
    assert occurrences[0][0].utcoffset() == timedelta(hours=1)
    assert occurrences[1][0].utcoffset() == timedelta(0)


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "not a rule", "FREQ=WEEKLY;COUNT=x"])
def test_an_unreadable_repeat_rule_is_a_coprod_error(store, rule):
    with pytest.raises(CoprodError):
        events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00", repeat=rule)
    assert events.list_events(store) == []


def test_an_endless_repeat_rule_is_refused(store):
    with pytest.raises(CoprodError, match="COUNT or UNTIL"):
        events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00", repeat="FREQ=DAILY")
