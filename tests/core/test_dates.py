"""Dates typed the UK way, stored as UTC, and recurring courses across the clock changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod_events.core import dates, events
from coprod_events.core.errors import CoprodError

LONDON = ZoneInfo("Europe/London")
THIRD_DEC_10AM = datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)
ACCEPTED = ("3/12/2026 10:00", "3 Dec 2026 10am", "2026-12-03T10:00")


def quotes_at_most_80(typed: str, message: str) -> bool:
    """No 81 characters in a row of what was typed are in the message."""
    return all(typed[at:at + 81] not in message for at in range(len(typed) - 80))


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
    assert moment.astimezone(UTC).hour == 9  # BST is UTC+1


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
    week_of_the_change = dates.from_db(sessions[3].starts_at) - dates.from_db(sessions[2].starts_at)
    assert week_of_the_change == timedelta(days=7, hours=1)


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
    week_of_the_change = dates.from_db(sessions[3].starts_at) - dates.from_db(sessions[2].starts_at)
    assert week_of_the_change == timedelta(days=7, hours=-1)


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


# --- clock changes: a time the clocks skip or show twice ----------------------------------------


def test_a_time_the_clocks_skip_is_refused_naming_the_gap():
    with pytest.raises(CoprodError) as caught:
        dates.parse_when("29/3/2026 01:30")
    assert not isinstance(caught.value, dates.AmbiguousTime)
    assert str(caught.value) == (
        "'29/3/2026 01:30' does not exist in Europe/London: the clocks go forward from 01:00 to 02:00 "
        "on Sun 29 Mar 2026. Give a time before 01:00 or from 02:00.")


def test_the_times_either_side_of_the_gap_are_read():
    assert dates.parse_when("29/3/2026 00:59").utcoffset() == timedelta(0)
    assert dates.parse_when("29/3/2026 02:00").utcoffset() == timedelta(hours=1)
    assert dates.to_db(dates.parse_when("29/3/2026 02:00")) == "2026-03-29T01:00:00.000000Z"


@pytest.mark.parametrize(("typed", "tz", "gap"), [
    ("8/3/2026 02:30", "America/New_York", "from 02:00 to 03:00 on Sun 8 Mar 2026"),
    ("4/10/2026 02:15", "Australia/Lord_Howe", "from 02:00 to 02:30 on Sun 4 Oct 2026"),  # half an hour
    ("29 Mar 2026 1am", "Europe/London", "from 01:00 to 02:00 on Sun 29 Mar 2026"),
])
def test_the_gap_is_named_in_any_zone_and_any_form(typed, tz, gap):
    with pytest.raises(CoprodError, match=f"does not exist in {tz}: the clocks go forward {gap}"):
        dates.parse_when(typed, tz)


def test_a_time_the_clocks_show_twice_asks_which_with_both_moments():
    with pytest.raises(dates.AmbiguousTime) as caught:
        dates.parse_when("25/10/2026 01:30")
    earlier, later = caught.value.candidates
    assert [dates.to_db(moment) for moment in (earlier, later)] == [
        "2026-10-25T00:30:00.000000Z", "2026-10-25T01:30:00.000000Z"]
    assert str(caught.value) == (
        "'25/10/2026 01:30' happens twice in Europe/London: the clocks go back from 02:00 to 01:00 on "
        "Sun 25 Oct 2026. Say which with its offset: 25/10/2026 01:30 +01:00 (BST, the first time) "
        "or 25/10/2026 01:30 +00:00 (GMT, the second).")
    assert isinstance(caught.value, CoprodError)


def test_the_forms_an_ambiguous_time_suggests_are_read_as_the_moments_it_names():
    with pytest.raises(dates.AmbiguousTime) as caught:
        dates.parse_when("25 Oct 2026 1:30am")
    suggested = re.findall(r"\d\d/\d\d/\d{4} \d\d:\d\d [+-]\d\d:\d\d", str(caught.value))
    assert [dates.parse_when(text) for text in suggested] == list(caught.value.candidates)
    assert [dates.parse_when(text).utcoffset() for text in suggested] == [timedelta(hours=1), timedelta(0)]


@pytest.mark.parametrize(("typed", "utc"), [
    ("25/10/2026 01:30 +01:00", "2026-10-25T00:30:00.000000Z"),
    ("25/10/2026 01:30 +00:00", "2026-10-25T01:30:00.000000Z"),
    ("25/10/2026 01:30 GMT", "2026-10-25T01:30:00.000000Z"),
    ("25/10/2026 00:59", "2026-10-24T23:59:00.000000Z"),
    ("25/10/2026 02:00", "2026-10-25T02:00:00.000000Z"),
])
def test_an_offset_says_which_and_times_outside_the_repeated_hour_need_none(typed, utc):
    assert dates.to_db(dates.parse_when(typed)) == utc


def test_an_event_starting_in_the_repeated_hour_is_refused_and_nothing_stored(store):
    with pytest.raises(dates.AmbiguousTime):
        events.add_event(store, "Night walk", kind="workshop", starts="25/10/2026 01:30")
    assert events.list_events(store) == []


# --- day first, never swapped -------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "message"), [
    ("1/13/2027", "In '1/13/2027', 13 is not a month: dates are day first, e.g. 13/1/2027."),
    ("1/13/2027 10:00", "In '1/13/2027 10:00', 13 is not a month: dates are day first, e.g. 13/1/2027."),
    ("12/31/2026 9am", "In '12/31/2026 9am', 31 is not a month: dates are day first, e.g. 31/12/2026."),
    ("3/13 10:00", "In '3/13 10:00', 13 is not a month: dates are day first, e.g. 13/3."),
    ("Thu 1-13-27 10:00", "In 'Thu 1-13-27 10:00', 13 is not a month: dates are day first, e.g. 13/1/27."),
    ("2027/13/1 10:00", "In '2027/13/1 10:00', 13 is not a month: a date that starts with the year is "
                        "year-month-day, e.g. 2027-01-13."),
    ("20271301T1000", "In '20271301T1000', 13 is not a month: a date that starts with the year is "
                      "year-month-day, e.g. 2027-01-13."),
])
def test_a_month_first_date_is_an_error_not_a_swap(typed, message):
    with pytest.raises(CoprodError) as caught:
        dates.parse_when(typed)
    assert str(caught.value) == message


@pytest.mark.parametrize("typed", ["1/13/2027", "12/31/2026", "2027-13-01"])
def test_a_month_first_day_is_an_error_not_a_swap(typed):
    with pytest.raises(CoprodError, match="is not a month"):
        dates.parse_day(typed)


@pytest.mark.parametrize("typed", ["2026/12/3 10:00", "2026.12.03 10:00", "20261203T1000",
                                   "Thu 2026-12-3 10am"])
def test_a_date_starting_with_the_year_is_year_month_day(typed):
    assert dates.parse_when(typed) == THIRD_DEC_10AM


@pytest.mark.parametrize(("typed", "hour", "minute"), [
    ("3/12/2026 10.30am", 10, 30), ("3/12/2026 9.45 pm", 21, 45), ("3/12/2026 10.30 a.m.", 10, 30)])
def test_a_time_with_a_dot_is_read_to_the_minute(typed, hour, minute):
    moment = dates.parse_when(typed)
    assert (moment.date().isoformat(), moment.hour, moment.minute) == ("2026-12-03", hour, minute)


# --- years in range ---------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "tz"), [
    ("31/12/9999 23:00", "America/New_York"), ("1/1/9999 10:00", "Pacific/Kiritimati"),
    ("1/1/0001 10:00", "Europe/London"), ("31/12/1999 23:59", "Europe/London"),
    ("1/1/99 10:00", "Europe/London"), ("1/1/2101 00:00", "Europe/London"),
])
def test_a_year_out_of_range_is_a_coprod_error(typed, tz):
    with pytest.raises(CoprodError, match="dates run from 2000 to 2100"):
        dates.parse_when(typed, tz)


@pytest.mark.parametrize("tz", ["America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_first_and_last_moments_in_range_are_stored(tz):
    for typed in ("1/1/2000 00:00", "31/12/2100 23:59"):
        moment = dates.parse_when(typed, tz)
        assert dates.from_db(dates.to_db(moment)) == moment


@pytest.mark.parametrize("typed", ["17/12/9999", "31/12/1999", "1 Jan 2101"])
def test_a_day_out_of_range_is_a_coprod_error(typed):
    with pytest.raises(CoprodError, match="dates run from 2000 to 2100"):
        dates.parse_day(typed)


def test_an_offset_of_a_day_or_more_is_a_coprod_error():
    with pytest.raises(CoprodError, match="Cannot read '3/12/2026 10:00 \\+25:00'"):
        dates.parse_when("3/12/2026 10:00 +25:00")


@pytest.mark.parametrize("name", ["Europe", "a" * 1000, "../etc/passwd", "Europe/London\x00", "Mars/Olympus"])
def test_an_unknown_time_zone_is_a_coprod_error_quoting_at_most_80_characters(name):
    with pytest.raises(CoprodError, match="Unknown time zone") as caught:
        dates.zone(name)
    assert caught.value.field == "tz"
    assert "a" * 80 not in str(caught.value)


# --- repeat rules --------------------------------------------------------------------------------

START = datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)


def repeat(rule: str) -> list[str]:
    """The days of the sessions `rule` makes for a course starting at START."""
    made = dates.expand_repeat(rule, START, START + timedelta(hours=2))
    return [start.date().isoformat() for start, _ in made]


@pytest.mark.parametrize(("rule", "words"), [
    ("FREQ=WEEKLY;INTERVAL=0;COUNT=3", "The repeat rule's INTERVAL must be a whole number from 1 to 100"),
    ("FREQ=WEEKLY;INTERVAL=-2;COUNT=3", "INTERVAL must be a whole number from 1 to 100, not '-2'"),
    ("FREQ=WEEKLY;INTERVAL=1.5;COUNT=3", "INTERVAL must be a whole number from 1 to 100, not '1.5'"),
    ("FREQ=WEEKLY;COUNT=0", "COUNT must be a whole number from 1 to 260, not '0'"),
    ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "has both COUNT and UNTIL: give one (RFC 5545"),
    ("COUNT=3", "needs FREQ set to DAILY, WEEKLY, MONTHLY or YEARLY"),
    ("FREQ=HOURLY;COUNT=3", "needs FREQ set to DAILY, WEEKLY, MONTHLY or YEARLY"),
    ("FREQ=SECONDLY;BYSECOND=1;BYMINUTE=1;BYHOUR=1;BYMONTHDAY=31;BYMONTH=4;COUNT=1", "needs FREQ set to"),
    ("FREQ=WEEKLY", "never ends: add COUNT or UNTIL"),
    ("FREQ=WEEKLY;COUNT=3;COUNT=4", "gives COUNT twice"),
    ("FREQ=WEEKLY;BYEASTER=0;COUNT=3", "has 'BYEASTER=0', which is not NAME=VALUE"),
    ("FREQ=WEEKLY;COUNT", "has 'COUNT', which is not NAME=VALUE"),
    ("DTSTART:20200101T100000\nRRULE:FREQ=WEEKLY;COUNT=2", "is not a repeat rule"),
    ("FREQ=WEEKLY;COUNT=2\x1b]0;pwned\x07", "is not a repeat rule"),
    ("FREQ=WEEKLY;BYDAY=XX;COUNT=2", "cannot be read (invalid 'BYDAY': XX)"),
    ("FREQ=WEEKLY;UNTIL=2027", "has an UNTIL that is not a date such as 20270131"),
    ("FREQ=WEEKLY;UNTIL=20271301", "has an UNTIL that is not a date"),
    ("FREQ=WEEKLY;UNTIL=21010101", "runs until 2101: dates run from 2000 to 2100"),
    ("FREQ=YEARLY;COUNT=80", "runs past 2100"),
    ("FREQ=YEARLY;INTERVAL=100;COUNT=2", "runs past 2100"),
    ("FREQ=DAILY;UNTIL=20271231", "makes more than 260 sessions"),
])
def test_a_rule_that_cannot_make_a_courses_sessions_is_refused_saying_why(rule, words):
    with pytest.raises(CoprodError) as caught:
        repeat(rule)
    assert words in str(caught.value)
    assert caught.value.field == "repeat"


@pytest.mark.parametrize("rule", [
    "FREQ=WEEKLY;UNTIL=20261201",  # ends before it starts
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",  # 30 February
    "FREQ=DAILY;BYSETPOS=2;COUNT=3",  # the second of one a day
    "FREQ=WEEKLY;BYMONTHDAY=99999999999999999999;COUNT=2",
])
def test_a_rule_that_makes_no_session_is_refused(rule):
    with pytest.raises(CoprodError, match="makes no sessions from Thu 3 Dec 2026"):
        repeat(rule)


def test_a_course_whose_rule_makes_no_session_is_not_stored(store):
    with pytest.raises(CoprodError, match="makes no sessions"):
        events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00",
                         repeat="FREQ=WEEKLY;UNTIL=20261201")
    assert events.list_events(store) == []


def test_a_rule_error_quotes_at_most_80_characters_of_the_rule():
    rule = "FREQ=WEEKLY;" + "BYDAY=MO;" * 20
    with pytest.raises(CoprodError) as caught:
        repeat(rule)
    assert rule[:79] + "…" in str(caught.value)
    assert quotes_at_most_80(rule, str(caught.value))


@pytest.mark.parametrize(("rule", "days"), [
    ("FREQ=WEEKLY;COUNT=3", ["2026-12-03", "2026-12-10", "2026-12-17"]),
    ("RRULE:freq=weekly; count = 3;", ["2026-12-03", "2026-12-10", "2026-12-17"]),
    ("FREQ=WEEKLY;UNTIL=20261217", ["2026-12-03", "2026-12-10", "2026-12-17"]),  # a day: all of it
    ("FREQ=WEEKLY;UNTIL=20261217T095959Z", ["2026-12-03", "2026-12-10"]),  # UTC, GMT in December
    ("FREQ=WEEKLY;INTERVAL=2;COUNT=3", ["2026-12-03", "2026-12-17", "2026-12-31"]),
    ("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3", ["2026-12-03", "2026-12-08", "2026-12-10"]),
    ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=2", ["2026-12-25", "2027-01-29"]),
    ("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", ["2026-12-31", "2027-01-31", "2027-03-31"]),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=2", ["2028-02-29", "2032-02-29"]),
    ("FREQ=YEARLY;COUNT=75", [f"{year}-12-03" for year in range(2026, 2101)]),
])
def test_rules_make_their_sessions(rule, days):
    assert repeat(rule) == days


def test_until_in_utc_is_put_on_the_zones_clock_in_summer():
    start = datetime(2026, 6, 4, 10, 0, tzinfo=LONDON)  # BST: 10:00 is 09:00 UTC
    made = dates.expand_repeat("FREQ=WEEKLY;UNTIL=20260611T090000Z", start, start + timedelta(hours=1))
    assert [s.date().isoformat() for s, _ in made] == ["2026-06-04", "2026-06-11"]


RULE_NAMES = (*dates.RULE_PARTS, "BYEASTER", "DTSTART", "X-NAME", "")
RULE_VALUES = st.one_of(
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "MO,WE", "-1FR", "2TU", "0", "1", "-1",
                     "3", "260", "261", "20261231", "20261231T100000Z", "21010101", "99999999999999999999"]),
    st.text("0123456789+-,MOTUWEHFRSAZ", max_size=10),
)
rules = st.one_of(
    st.lists(st.tuples(st.sampled_from(RULE_NAMES), RULE_VALUES), max_size=5).map(
        lambda parts: ";".join(f"{name}={value}" for name, value in parts)),
    st.lists(st.tuples(st.sampled_from(dates.RULE_PARTS), RULE_VALUES), max_size=4).map(
        lambda parts: "FREQ=WEEKLY;COUNT=4;" + ";".join(f"{name}={value}" for name, value in parts)),
    st.text(max_size=200),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules)
def test_any_rule_makes_sessions_in_range_or_is_a_coprod_error(rule):
    try:
        made = dates.expand_repeat(rule, START, START + timedelta(hours=2))
    except CoprodError as error:
        assert error.field == "repeat"
        assert quotes_at_most_80(rule, str(error))
    else:
        assert 1 <= len(made) <= dates.MAX_OCCURRENCES
        assert all(START <= s < e and s.year <= dates.LAST_YEAR for s, e in made)


# --- anything typed ---------------------------------------------------------------------------

date_words = st.sampled_from([
    "3", "12", "13", "31", "2026", "26", "9999", "1999", "0", "/", "-", ".", ":", " ", "T", "Z", "am", "pm",
    "Dec", "Oct", "Mar", "Thu", "Sun", "+01:00", "+00:00", "-05:00", "+25:00", "GMT", "UTC", "BST", "EST",
    "01:30", "10:00", "10.30", "25/10/2026", "29/3/2026", "1/13/2027", "2027/13/1", "20261203", "now",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(date_words, max_size=12).map("".join),
                 st.lists(date_words, max_size=8).map(" ".join)),
       st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe", "Pacific/Kiritimati"]))
def test_any_text_is_an_aware_date_in_range_or_a_coprod_error(text, tz):
    try:
        moment = dates.parse_when(text, tz, now=THIRD_DEC_10AM)
    except CoprodError as error:
        assert str(error)
        assert quotes_at_most_80(text, str(error))
    else:
        assert moment.utcoffset() is not None
        assert dates.FIRST_YEAR <= moment.year <= dates.LAST_YEAR + 1  # 31/12/2100 23:00 -05:00 is 2101 here
        assert dates.from_db(dates.to_db(moment)) == moment
