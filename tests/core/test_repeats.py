"""Repeats chosen in words, the RFC 5545 rules they are, and the sessions a rule makes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from coprod_events.core import repeats
from coprod_events.core.errors import CoprodError
from coprod_events.core.repeats import Choice

from conftest import LONDON

FIRST = date(2027, 1, 6)  # a Wednesday, the first in January
START = datetime(2027, 1, 6, 10, 0, tzinfo=LONDON)
END = START + timedelta(hours=2, minutes=30)


@pytest.mark.parametrize("choice, first, cancelled, rule", [
    (Choice("weekly", sessions=6), FIRST, 0, "FREQ=WEEKLY;COUNT=6"),
    (Choice("weekly", sessions=6), FIRST, 1, "FREQ=WEEKLY;COUNT=7"),  # held stays 6
    (Choice("fortnightly", sessions=4), FIRST, 0, "FREQ=WEEKLY;INTERVAL=2;COUNT=4"),
    (Choice("monthly", sessions=3), FIRST, 0, "FREQ=MONTHLY;BYDAY=1WE;COUNT=3"),
    (Choice("monthly", sessions=3), date(2027, 1, 27), 0, "FREQ=MONTHLY;BYDAY=4WE;COUNT=3"),
    (Choice("monthly", sessions=3), date(2027, 1, 29), 0, "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"),
    (Choice("daily", last_day=date(2027, 1, 8)), FIRST, 0, "FREQ=DAILY;UNTIL=20270108"),
])
def test_a_choice_is_written_as_a_rule_and_read_back(choice, first, cancelled, rule):
    assert repeats.rule_for(choice, first, cancelled) == rule
    assert repeats.choice_of(rule, first, cancelled) == choice


@pytest.mark.parametrize("rule", ["RRULE:freq=weekly;count=6", " FREQ=WEEKLY ; INTERVAL=1;COUNT=6 "])
def test_a_typed_rule_in_another_spelling_is_read_as_its_choice(rule):
    assert repeats.choice_of(rule, FIRST) == Choice("weekly", sessions=6)


@pytest.mark.parametrize("rule", [
    "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6",  # twice a week
    "FREQ=MONTHLY;BYDAY=2WE;COUNT=3",  # not the weekday the course starts on
    "FREQ=WEEKLY;COUNT=6;UNTIL=20270301",
    "FREQ=WEEKLY;COUNT=1",  # with a cancelled week: no session held
    "not a rule", "",
])
def test_a_rule_that_is_not_a_choice_is_custom(rule):
    assert repeats.choice_of(rule, FIRST, cancelled=1) is None


def test_a_cancelled_week_is_skipped_and_the_chosen_course_runs_a_week_longer():
    rule = repeats.rule_for(Choice("weekly", sessions=6), FIRST, cancelled=1)
    made = repeats.plan(rule, START, END, [date(2027, 2, 10)])
    assert [s.date().isoformat() for s, _ in made.sessions] == [
        "2027-01-06", "2027-01-13", "2027-01-20", "2027-01-27", "2027-02-03", "2027-02-17"]
    assert made.summary() == ("6 sessions: Wed 6 Jan – Wed 17 Feb 2027, 10:00–12:30; "
                              "7 weeks, 1 cancelled: Wed 10 Feb 2027.")


def test_a_typed_count_includes_the_cancelled_weeks_as_in_any_calendar():
    made = repeats.plan("FREQ=WEEKLY;COUNT=6", START, END, [date(2027, 2, 10)])
    assert len(made.sessions) == 5
    assert made.summary().startswith("5 sessions: ") and "6 weeks, 1 cancelled" in made.summary()


def test_monthly_on_the_same_weekday():
    rule = repeats.rule_for(Choice("monthly", sessions=3), FIRST)
    made = repeats.plan(rule, START, END)
    assert [s.date().isoformat() for s, _ in made.sessions] == ["2027-01-06", "2027-02-03", "2027-03-03"]
    assert made.summary() == "3 sessions: Wed 6 Jan – Wed 3 Mar 2027, 10:00–12:30."


def test_one_session_says_so_in_the_singular():
    made = repeats.plan("FREQ=DAILY;COUNT=1", START, END)
    assert made.summary() == "1 session: Wed 6 Jan 2027, 10:00–12:30."


def test_a_cancelled_date_the_rule_does_not_make_is_refused_at_its_field():
    with pytest.raises(CoprodError, match="11/02/2027 is not one of the course's dates") as refused:
        repeats.plan("FREQ=WEEKLY;COUNT=6", START, END, [date(2027, 2, 11)])
    assert refused.value.field == "except_dates"


@pytest.mark.parametrize("choice, field, words", [
    (Choice("weekly", sessions=0), "sessions", "1 to 260 sessions, not 0"),
    (Choice("weekly", sessions=10_000), "sessions", "1 to 260 sessions, not 10000"),
    (Choice("weekly"), "sessions", "How many sessions?"),
    (Choice("weekly", sessions=6, last_day=date(2027, 3, 1)), "sessions", "not both"),
    (Choice("weekly", last_day=date(2027, 1, 5)), "last_day", "05/01/2027) is before the first (06/01/2027"),
])
def test_a_choice_that_cannot_make_a_course_is_refused_in_words(choice, field, words):
    with pytest.raises(CoprodError, match=words.replace("(", r"\(").replace(")", r"\)")) as refused:
        repeats.check_choice(choice, FIRST)
    assert refused.value.field == field


def test_a_last_day_takes_in_that_whole_day():
    rule = repeats.rule_for(Choice("fortnightly", last_day=date(2027, 2, 3)), FIRST)
    assert [s.date().isoformat() for s, _ in repeats.plan(rule, START, END).sessions] == [
        "2027-01-06", "2027-01-20", "2027-02-03"]
