"""Attendance derived from the check-in log: per session, per course, and who is on site."""

from __future__ import annotations

import pytest

from coprod_events.core import attendance, checkin, events
from coprod_events.core import registrations as reg

from conftest import london, register, scan


def marks_by_name(session_attendance):
    return {mark.name: mark for mark in session_attendance.marks}


def statuses(session_attendance):
    return {mark.name: mark.status for mark in session_attendance.marks}


# --- one session ---------------------------------------------------------------------------


@pytest.fixture
def training_day(store):
    """A training day 10:00-12:00 and six people with different mornings."""
    event = events.add_event(store, "Peer support training", kind="training",
                             starts="3/12/2026 10:00", ends="3/12/2026 12:00")
    people = {name: register(store, event, name) for name in
              ("Ann Present", "Ben Late", "Cat Leaves", "Dan Absent", "Eve Refused", "Fay Undone")}
    code = {name: result.code for name, result in people.items()}
    scan(store, event, code["Ann Present"], "2026-12-03 09:50")
    scan(store, event, code["Ben Late"], "2026-12-03 10:30")
    scan(store, event, code["Cat Leaves"], "2026-12-03 09:55")
    scan(store, event, code["Cat Leaves"], "2026-12-03 11:00", direction="exit")
    refused = scan(store, event, code["Eve Refused"], "2026-12-03 08:30")  # before the door opens
    assert refused.reason == "outside_window"
    undone = scan(store, event, code["Fay Undone"], "2026-12-03 09:50")
    checkin.undo(store, undone.checkin_id)
    return event


def test_present_late_left_early_and_absent(store, training_day):
    result = attendance.attendance(store, training_day.id, now=london("2026-12-03 12:30"))
    [session] = result.sessions
    assert not session.upcoming
    assert statuses(session) == {
        "Ann Present": "present", "Ben Late": "late", "Cat Leaves": "left_early",
        "Dan Absent": "absent", "Eve Refused": "absent", "Fay Undone": "absent",
    }
    marks = marks_by_name(session)
    assert marks["Ann Present"].arrived_at == "2026-12-03T09:50:00.000000Z"
    assert marks["Ben Late"].arrived_at == "2026-12-03T10:30:00.000000Z"
    assert marks["Cat Leaves"].left_at == "2026-12-03T11:00:00.000000Z"
    assert marks["Dan Absent"].arrived_at is None
    assert (session.count("present"), session.count("late"), session.count("left_early"),
            session.count("absent")) == (1, 1, 1, 3)


def test_a_session_not_yet_started_has_no_marks(store, training_day):
    result = attendance.attendance(store, training_day.id, now=london("2026-12-03 09:00"))
    [session] = result.sessions
    assert session.upcoming and session.marks == ()


def test_failed_and_undone_scans_do_not_count_in_the_series(store, training_day):
    result = attendance.attendance(store, training_day.id, now=london("2026-12-03 12:30"))
    series = {row.name: row for row in result.series}
    assert series["Eve Refused"].attended == 0
    assert series["Fay Undone"].attended == 0
    assert series["Ann Present"].attended == 1


def test_only_confirmed_people_are_expected(store):
    event = events.add_event(store, "Workshop", kind="workshop", starts="3/12/2026 10:00",
                             ends="3/12/2026 12:00", capacity=1)
    ann = register(store, event, "Ann One")
    register(store, event, "Ben Waiting")
    cat = register(store, event, "Cat Cancelled")
    reg.cancel(store, cat.registration.id)
    scan(store, event, ann.code, "2026-12-03 09:45")
    [session] = attendance.attendance(store, event.id, now=london("2026-12-03 12:30")).sessions
    assert statuses(session) == {"Ann One": "present"}


# --- door entries and booked sessions ---------------------------------------------------------------


def test_a_door_entry_counts_for_open_sessions_that_day_but_not_booked_ones(store):
    event = events.add_event(store, "Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 10:00", ends="3/12/2026 11:00")
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", booking_required=True)
    ann = register(store, event, "Ann Door", sessions=[workshop.id])
    ben = register(store, event, "Ben Room", sessions=[workshop.id])
    cat = register(store, event, "Cat Unbooked")
    scan(store, event, ann.code, "2026-12-03 09:30")                      # door only
    scan(store, event, ben.code, "2026-12-03 13:55", session_id=workshop.id)
    scan(store, event, ben.code, "2026-12-03 14:30", session_id=workshop.id, direction="exit")
    scan(store, event, cat.code, "2026-12-03 10:20")                      # door, late
    result = attendance.attendance(store, event.id, now=london("2026-12-03 18:00"))
    by_title = {s.session.title: s for s in result.sessions}
    assert statuses(by_title["Plenary"]) == {
        "Ann Door": "present", "Ben Room": "absent", "Cat Unbooked": "late"}
    assert statuses(by_title["Workshop"]) == {"Ann Door": "absent", "Ben Room": "left_early"}
    assert marks_by_name(by_title["Workshop"])["Ben Room"].left_at == "2026-12-03T14:30:00.000000Z"
    assert by_title["Plenary"].session.id == plenary.id


def test_a_pa_is_expected_at_the_booked_session_of_the_person_they_support(store):
    """The desk counts a PA as expected where their person has booked; so does the register."""
    event = events.add_event(store, "Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", booking_required=True)
    ada = register(store, event, "Ada Booked", sessions=[workshop.id])
    register(store, event, "Pat Support", pa_for=ada.registration.id)
    register(store, event, "Cat Unbooked")
    result = attendance.attendance(store, event.id, now=london("2026-12-03 18:00"))
    [marks] = result.sessions
    assert statuses(marks) == {"Ada Booked": "absent", "Pat Support": "absent"}
    expected = checkin.counts(store, event.id, session_id=workshop.id, at=london("2026-12-03 14:00"))
    assert expected.expected == len(marks.marks)


def test_a_door_entry_on_another_day_does_not_count(store):
    event = events.add_event(store, "Two-day conference", kind="conference",
                             starts="3/12/2026 09:00", ends="4/12/2026 17:00")
    events.add_session(store, event.id, "Day 1", starts="3/12/2026 10:00", ends="3/12/2026 12:00")
    events.add_session(store, event.id, "Day 2", starts="4/12/2026 10:00", ends="4/12/2026 12:00")
    ann = register(store, event, "Ann One")
    scan(store, event, ann.code, "2026-12-03 09:45")
    result = attendance.attendance(store, event.id, now=london("2026-12-04 18:00"))
    assert [statuses(s)["Ann One"] for s in result.sessions] == ["present", "absent"]


# --- courses and certificates ------------------------------------------------------------------


def test_series_attendance_and_certificate_eligibility_at_80_percent(store):
    course = events.add_event(store, "Co-production course", kind="training",
                              starts="3/12/2026 10:00", ends="3/12/2026 12:00",
                              repeat="FREQ=WEEKLY;COUNT=6", except_dates=["17/12/2026"])
    assert course.certificate_ratio == pytest.approx(0.8)
    days = ["2026-12-03", "2026-12-10", "2026-12-24", "2026-12-31", "2027-01-07"]
    attended_days = {"Ann All": days, "Ben Four": days[:1] + days[2:], "Cat Three": days[:3],
                     "Dan None": []}
    for name, on in attended_days.items():
        code = register(store, course, name).code
        for day in on:
            assert scan(store, course, code, f"{day} 09:50").reason == "ok"
    result = attendance.attendance(store, course.id, now=london("2027-01-08 12:00"))
    assert len(result.sessions) == 5
    series = {row.name: row for row in result.series}
    assert {n: (r.attended, r.held, r.total) for n, r in series.items()} == {
        "Ann All": (5, 5, 5), "Ben Four": (4, 5, 5), "Cat Three": (3, 5, 5), "Dan None": (0, 5, 5)}
    assert {n: r.eligible for n, r in series.items()} == {
        "Ann All": True, "Ben Four": True, "Cat Three": False, "Dan None": False}


def test_series_counts_late_and_left_early_as_attended(store):
    course = events.add_event(store, "Short course", kind="training", starts="3/12/2026 10:00",
                              ends="3/12/2026 12:00", repeat="FREQ=WEEKLY;COUNT=2")
    code = register(store, course, "Ann One").code
    scan(store, course, code, "2026-12-03 10:40")                        # late
    scan(store, course, code, "2026-12-10 09:50")
    scan(store, course, code, "2026-12-10 10:30", direction="exit")      # left early
    result = attendance.attendance(store, course.id, now=london("2026-12-11 12:00"))
    assert [statuses(s)["Ann One"] for s in result.sessions] == ["late", "left_early"]
    [row] = result.series
    assert (row.attended, row.eligible) == (2, True)


def test_part_way_through_a_course_only_held_sessions_have_marks(store):
    course = events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00",
                              ends="3/12/2026 12:00", repeat="FREQ=WEEKLY;COUNT=5")
    code = register(store, course, "Ann One").code
    scan(store, course, code, "2026-12-03 09:50")
    scan(store, course, code, "2026-12-10 09:50")
    result = attendance.attendance(store, course.id, now=london("2026-12-11 12:00"))
    assert [s.upcoming for s in result.sessions] == [False, False, True, True, True]
    [row] = result.series
    assert (row.attended, row.held, row.total, row.eligible) == (2, 2, 5, False)


def test_attendance_uses_local_time_across_the_clock_change(store):
    course = events.add_event(store, "Autumn course", kind="training", starts="22/10/2026 10:00",
                              ends="22/10/2026 12:00", repeat="FREQ=WEEKLY;COUNT=2")
    code = register(store, course, "Ann One").code
    scan(store, course, code, "2026-10-22 09:55")
    scan(store, course, code, "2026-10-29 09:55")  # 09:55 GMT, after the clocks went back
    result = attendance.attendance(store, course.id, now=london("2026-10-30 12:00"))
    assert [statuses(s)["Ann One"] for s in result.sessions] == ["present", "present"]


# --- on site now -------------------------------------------------------------------------------


@pytest.fixture
def busy_door(store):
    event = events.add_event(store, "Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00", capacity=5)
    talk = events.add_session(store, event.id, "Talk", starts="3/12/2026 10:00", ends="3/12/2026 11:00")
    code = {name: register(store, event, name, **kw).code for name, kw in [
        ("Ann Able", {}),
        ("Ben Gone", {}),
        ("Zoe Zed", {"access": ["assisted_evacuation"], "consent": True}),
        ("Cat Back", {}),
        ("Dan Room", {}),
        ("Ed Waiting", {}),   # the sixth: waitlisted
    ]}
    scan(store, event, code["Ann Able"], "2026-12-03 09:30", station="Desk A")
    scan(store, event, code["Ben Gone"], "2026-12-03 09:40")
    scan(store, event, code["Ben Gone"], "2026-12-03 11:00", direction="exit")
    scan(store, event, code["Zoe Zed"], "2026-12-03 10:00", station="Desk B")
    scan(store, event, code["Cat Back"], "2026-12-03 09:35")
    scan(store, event, code["Cat Back"], "2026-12-03 10:30", direction="exit")
    scan(store, event, code["Cat Back"], "2026-12-03 11:15")
    scan(store, event, code["Dan Room"], "2026-12-03 09:45")
    scan(store, event, code["Dan Room"], "2026-12-03 10:00", session_id=talk.id)
    scan(store, event, code["Dan Room"], "2026-12-03 11:00", session_id=talk.id, direction="exit")
    assert scan(store, event, code["Ed Waiting"], "2026-12-03 09:50").reason == "waitlisted"
    scan(store, event, "NOT-A-CODE", "2026-12-03 09:51")
    return event, code


def test_on_site_is_everyone_in_with_assisted_evacuation_first(store, busy_door):
    event, _ = busy_door
    present = attendance.on_site(store, event.id, now=london("2026-12-03 12:00"))
    assert [p.name for p in present] == ["Zoe Zed", "Ann Able", "Cat Back", "Dan Room"]
    assert [p.assisted_evacuation for p in present] == [True, False, False, False]
    by_name = {p.name: p for p in present}
    assert by_name["Ann Able"].since == "2026-12-03T09:30:00.000000Z"
    assert by_name["Ann Able"].station == "Desk A"
    assert by_name["Cat Back"].since == "2026-12-03T11:15:00.000000Z"


def test_refused_and_undone_entries_are_not_on_site(store, busy_door):
    event, code = busy_door
    now = london("2026-12-03 12:00")
    names = {p.name for p in attendance.on_site(store, event.id, now=now)}
    assert "Ed Waiting" not in names and "Ben Gone" not in names
    entry = scan(store, event, code["Ed Waiting"], "2026-12-03 11:50", force=True)
    assert entry.admitted and entry.forced
    names = {p.name for p in attendance.on_site(store, event.id, now=now)}
    assert "Ed Waiting" in names
    checkin.undo(store, entry.checkin_id)
    assert "Ed Waiting" not in {p.name for p in attendance.on_site(store, event.id, now=now)}


def test_nobody_is_on_site_before_anyone_arrives(store):
    event = events.add_event(store, "Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    register(store, event, "Ann Able")
    assert attendance.on_site(store, event.id, now=london("2026-12-03 09:00")) == []


# --- issue 11: door days, own sessions, both eligibilities, the rule -------------------------


@pytest.fixture
def two_day_conference(store):
    """Day 1: an open plenary and a workshop that needs booking; day 2: a plenary."""
    event = events.add_event(store, "Two-day conference", kind="conference",
                             starts="3/12/2026 09:00", ends="4/12/2026 17:00")
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 10:00",
                                 ends="3/12/2026 11:00")
    workshop = events.add_session(store, event.id, "Workshop A", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", booking_required=True)
    events.add_session(store, event.id, "Day 2 plenary", starts="4/12/2026 10:00",
                       ends="4/12/2026 11:00")
    code = {name: register(store, event, name, **kw).code for name, kw in [
        ("Ann Booked", {"sessions": [workshop.id]}),
        ("Ben Never Booked", {}),
        ("Cat Walks In", {}),
        ("Dan Away", {}),
    ]}
    scan(store, event, code["Ann Booked"], "2026-12-03 09:30")
    scan(store, event, code["Ann Booked"], "2026-12-03 13:58", session_id=workshop.id)
    scan(store, event, code["Ben Never Booked"], "2026-12-03 09:40")
    forced = scan(store, event, code["Cat Walks In"], "2026-12-03 14:05", session_id=workshop.id,
                  force=True)  # straight into the workshop, not booked on it
    assert forced.admitted and forced.forced
    return event, plenary, workshop


def test_a_person_is_tallied_only_over_their_own_sessions(store, two_day_conference):
    event, _, _ = two_day_conference
    result = attendance.attendance(store, event.id, now=london("2026-12-03 18:00"))
    series = {row.name: (row.attended, row.held, row.total) for row in result.series}
    # Ben never booked the workshop: it is not one of his sessions (it was 1 of 2 held, 3 in all)
    assert series == {"Ann Booked": (2, 2, 3), "Ben Never Booked": (1, 1, 2),
                      "Cat Walks In": (1, 2, 3), "Dan Away": (0, 1, 2)}
    workshop = next(s for s in result.sessions if s.session.title == "Workshop A")
    assert workshop.counts_booked_only and workshop.expected == 2
    assert workshop.names("present") == ["Ann Booked", "Cat Walks In"]
    assert workshop.names("absent") == []  # Ben and Dan never booked it


def test_door_attendance_per_day(store, two_day_conference):
    event, _, _ = two_day_conference
    result = attendance.attendance(store, event.id, now=london("2026-12-03 18:00"))
    first, second = result.days
    assert (first.day, first.upcoming, first.today, first.came) == ("2026-12-03", False, True, 3)
    arrivals = {a.name: (a.arrived_at, a.via) for a in first.arrivals}
    assert arrivals == {"Ann Booked": ("2026-12-03T09:30:00.000000Z", "door"),
                        "Ben Never Booked": ("2026-12-03T09:40:00.000000Z", "door"),
                        "Cat Walks In": ("2026-12-03T14:05:00.000000Z", "session"),
                        "Dan Away": (None, None)}
    assert (second.day, second.upcoming, second.arrivals) == ("2026-12-04", True, ())
    later = attendance.attendance(store, event.id, now=london("2026-12-05 09:00"))
    assert [(d.today, d.came, len(d.arrivals)) for d in later.days] == [(False, 3, 4), (False, 0, 4)]


def test_eligibility_so_far_and_over_the_whole_course(store):
    course = events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00",
                              ends="3/12/2026 12:00", repeat="FREQ=WEEKLY;COUNT=5")
    ann = register(store, course, "Ann Keen").code
    ben = register(store, course, "Ben Missed One").code
    for day in ("2026-12-03", "2026-12-10"):
        scan(store, course, ann, f"{day} 09:50")
    scan(store, course, ben, "2026-12-10 09:50")
    result = attendance.attendance(store, course.id, now=london("2026-12-11 12:00"))
    rows = {row.name: (row.eligible_so_far, row.eligible, row.needed) for row in result.series}
    assert rows == {"Ann Keen": (True, False, 4), "Ben Missed One": (False, False, 4)}


def test_the_rule_used_comes_from_the_events_settings(store):
    course = events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00",
                              ends="3/12/2026 12:00", repeat="FREQ=WEEKLY;COUNT=4",
                              certificate_ratio=0.5, checkin_opens_minutes=30)
    code = register(store, course, "Ann Half").code
    scan(store, course, code, "2026-12-03 09:50")
    scan(store, course, code, "2026-12-10 09:50")
    result = attendance.attendance(store, course.id, now=london("2027-01-01 12:00"))
    rule = result.rule
    assert (rule.certificate_ratio, rule.checkin_opens_minutes, rule.late_after_minutes) == (0.5, 30, 10)
    text = " ".join(rule.text)
    assert "at least 50% of the sessions" in text and "opens 30 minutes before" in text
    [row] = result.series
    assert (row.attended, row.total, row.needed, row.eligible) == (2, 4, 2, True)
