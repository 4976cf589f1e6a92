"""The demo builder: today's conference and a course in progress, checked through core functions."""

import json
import sqlite3
from collections import Counter
from dataclasses import asdict, replace
from datetime import datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from coprod_events.core import attendance, checkin, dates, events, registrations, roster, tickets
from coprod_events.core.errors import CoprodError, NotFound
from coprod_events.core.store import Store
from coprod_events.demo import DemoSummary, build_demo, rebuild, summary_lines

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 27, 11, 0, tzinfo=LONDON)
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example.ac.uk", "example.nhs.uk",
                   "example.gov.uk")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = build_demo(store, now=NOW)
    yield store, summary
    store.close()


def all_registrations(store, event_id):
    """Every registration at an event, whatever its status (ids run from 1 with no gaps)."""
    found, reg_id = [], 1
    while True:
        try:
            registration = registrations.get_registration(store, reg_id)
        except NotFound:
            return found
        if registration.event_id == event_id:
            found.append(registration)
        reg_id += 1


def conference(store, summary):
    return events.get_event(store, summary.conference_slug)


def course(store, summary):
    return events.get_event(store, summary.course_slug)


def test_the_conference_is_today_in_london(demo):
    store, summary = demo
    event = conference(store, summary)
    assert event.kind == "conference"
    assert event.tz == "Europe/London"
    assert summary.day == NOW.date().isoformat()
    starts, ends = dates.local(event.starts_at, event.tz), dates.local(event.ends_at, event.tz)
    assert (starts.date(), starts.time(), ends.date(), ends.time()) == (
        NOW.date(), time(9), NOW.date(), time(17))
    assert str(NOW.year) in event.title
    assert event.venue and event.capacity


def test_the_conference_has_a_plenary_and_four_workshops(demo):
    store, summary = demo
    event = conference(store, summary)
    sessions = events.list_sessions(store, event.id)
    plenaries = [s for s in sessions if not s.booking_required]
    workshops = [s for s in sessions if s.booking_required]
    assert len(plenaries) == 1 and len(workshops) == 4
    plenary = plenaries[0]
    assert (event.show(plenary.starts_at, with_date=False), event.show(plenary.ends_at, with_date=False)) == (
        "09:30", "11:00")
    assert plenary.room
    assert all(w.room and w.capacity for w in workshops)
    times = Counter(event.show(w.starts_at, with_date=False) for w in workshops)
    assert times == {"11:30": 2, "14:00": 2}
    assert (summary.conference_sessions, summary.workshops) == (5, 4)


def test_a_workshop_is_full_and_has_a_waiting_list(demo):
    store, summary = demo
    event = conference(store, summary)
    confirmed = [r for r in all_registrations(store, event.id) if r.status == "confirmed"]
    places = Counter(b.session_id for r in confirmed for b in r.bookings if b.status == "confirmed")
    waiting = Counter(b.session_id for r in confirmed for b in r.bookings if b.status == "waitlisted")
    full = [s for s in events.list_sessions(store, event.id)
            if s.booking_required and places[s.id] >= s.capacity and waiting[s.id]]
    assert full
    assert not any(places[s.id] > s.capacity for s in events.list_sessions(store, event.id) if s.capacity)
    positions = [b.waitlist_position for r in confirmed for b in r.bookings
                 if b.session_id == full[0].id and b.status == "waitlisted"]
    assert all(p and p >= 1 for p in positions)
    assert summary.workshops_full == len(full)


def test_the_event_is_full_with_a_small_waiting_list(demo):
    store, summary = demo
    event = conference(store, summary)
    waiting = registrations.waiting_list(store, event.id)
    assert 1 <= len(waiting) <= 6
    assert [r.waitlist_position for r in waiting] == list(range(1, len(waiting) + 1))
    counts = next(e for e in events.list_events(store) if e.event.id == event.id)
    assert counts.confirmed == event.capacity
    assert counts.waitlisted == len(waiting) == summary.waitlisted


def test_about_150_people_with_diverse_names_and_example_emails(demo):
    store, summary = demo
    regs = all_registrations(store, conference(store, summary).id) + all_registrations(
        store, course(store, summary).id)
    people = {r.person.id: r.person for r in regs}
    assert 140 <= len(people) <= 160
    assert summary.people == len(people)
    names = {p.name for p in people.values()}
    assert "Ngozi Okonkwo-Adeyemi" in names
    for first in ("Łukasz", "Siobhán", "Zoë"):
        assert any(name.split()[0] == first for name in names), first
    assert sum(1 for name in names if not name.isascii()) >= 5
    assert len(names) == len(people)
    assert sum(1 for p in people.values() if p.preferred_name) >= 3
    assert {"she/her", "he/him", "they/them"} <= {p.pronouns for p in people.values()}
    emails = [p.email for p in people.values() if p.email]
    assert len(emails) == len(set(emails)) >= len(people) - 5
    assert all(email.isascii() and email.endswith(EXAMPLE_DOMAINS) for email in emails)
    assert any(p.organisation and "NHS" in p.organisation for p in people.values())
    assert any(p.organisation and "University" in p.organisation for p in people.values())


def test_a_realistic_mix_of_roles(demo):
    store, summary = demo
    everyone = all_registrations(store, conference(store, summary).id)
    regs = [r for r in everyone if not r.pa_for_registration_id]
    roles = Counter(role for r in regs for role in r.roles)
    for role in ("expert_by_experience", "carer", "peer_worker", "professional", "academic", "student"):
        assert roles[role] >= 5, role
    assert roles["expert_by_experience"] == max(roles.values())
    assert sum(1 for r in regs if len(r.roles) > 1) >= 10
    assert any(r.payment_eligible for r in regs)


def test_access_needs_are_kept_only_with_consent(demo):
    store, summary = demo
    regs = all_registrations(store, conference(store, summary).id)
    with_needs = [r for r in regs if r.access]
    assert 0.25 <= len(with_needs) / len(regs) <= 0.45
    assert summary.with_access_needs == len(with_needs)
    assert all(r.consent_at for r in with_needs)
    no_consent = [r for r in regs if not r.consent_at]
    assert 3 <= len(no_consent) <= 8
    assert not any(r.access or r.has_notes for r in no_consent)
    details = {(code, detail) for r in regs for code, detail in r.access}
    assert {("large_print", "18pt"), ("language_interpreter", "Polish"),
            ("allergy", "peanuts (severe)")} <= details
    assert any(code == "assisted_evacuation" for code, _ in details)


def test_pas_are_linked_to_the_person_they_support(demo):
    store, summary = demo
    regs = {r.id: r for r in all_registrations(store, conference(store, summary).id)}
    pas = [r for r in regs.values() if r.pa_for_registration_id]
    assert len(pas) >= 3 and summary.pas == len(pas)
    for pa in pas:
        supported = regs[pa.pa_for_registration_id]
        assert "pa_supporter" in pa.roles
        assert supported.status == "confirmed"
        assert "pa_attending" in {code for code, _ in supported.access}
        assert f"PA {pa.name} attending" in registrations.attention(store, supported)


def test_cancellations_promote_from_the_waiting_list(demo):
    store, summary = demo
    regs = all_registrations(store, conference(store, summary).id)
    cancelled = [r for r in regs if r.status == "cancelled"]
    assert len(cancelled) >= 5 and summary.cancelled == len(cancelled)
    assert summary.promoted >= 1


def test_people_are_checked_in_and_on_site(demo):
    store, summary = demo
    event = conference(store, summary)
    on_site = attendance.on_site(store, event.id, now=NOW)
    assert on_site and len(on_site) == summary.on_site
    assert all(dates.from_db(p.since) <= NOW for p in on_site)
    assert {p.station for p in on_site} == {"Front desk", "Side door"}
    evacuation = [p.assisted_evacuation for p in on_site]
    assert evacuation[0] and evacuation == sorted(evacuation, reverse=True)
    counts = next(e for e in events.list_events(store) if e.event.id == event.id)
    assert counts.checked_in == summary.checked_in >= 50
    confirmed = {r.id for r in all_registrations(store, event.id) if r.status == "confirmed"}
    assert {p.registration_id for p in on_site} <= confirmed


def test_the_plenary_has_attendance_marks(demo):
    store, summary = demo
    marks = attendance.attendance(store, summary.conference_slug, now=NOW)
    plenary = next(s for s in marks.sessions if not s.session.booking_required)
    assert not plenary.upcoming
    assert plenary.count("present") > 50 and plenary.count("late") >= 1 and plenary.count("absent") >= 1
    assert all(s.upcoming for s in marks.sessions if s.session.booking_required)


def test_nobody_is_in_before_the_doors_open(tmp_path):
    store = Store(tmp_path / "early.db")
    early = datetime(2026, 11, 27, 8, 0, tzinfo=LONDON)
    summary = build_demo(store, now=early)
    assert summary.checked_in == 0
    assert attendance.on_site(store, summary.conference_slug, now=early) == []
    assert summary.course_eligible >= 1  # the course's history is all in earlier weeks


def test_workshop_check_ins_later_in_the_day(tmp_path):
    store = Store(tmp_path / "afternoon.db")
    afternoon = datetime(2026, 11, 27, 14, 45, tzinfo=LONDON)
    summary = build_demo(store, now=afternoon)
    marks = attendance.attendance(store, summary.conference_slug, now=afternoon)
    workshops = [s for s in marks.sessions if s.session.booking_required]
    morning = [s for s in workshops if dates.local(s.session.starts_at, "Europe/London").hour == 11]
    assert all(not s.upcoming for s in workshops)
    assert all(s.count("present") > 5 for s in workshops)
    assert sum(s.count("left_early") for s in morning) >= 1
    on_site = attendance.on_site(store, summary.conference_slug, now=afternoon)
    assert 0 < len(on_site) < summary.checked_in  # some have gone home


def test_the_course_is_in_progress_with_six_weekly_sessions(demo):
    store, summary = demo
    event = course(store, summary)
    assert event.kind == "training" and event.repeat_rule == "FREQ=WEEKLY;COUNT=7"
    assert event.except_dates == (NOW.date().isoformat(),)  # today clashes with the conference
    sessions = events.list_sessions(store, event.id)
    assert len(sessions) == summary.course_sessions == 6
    assert [s.title for s in sessions] == [f"Week {n}" for n in range(1, 7)]
    starts = [dates.local(s.starts_at, event.tz) for s in sessions]
    assert all(s.weekday() == NOW.weekday() and s.time() == time(10) for s in starts)
    assert all(dates.local(s.ends_at, event.tz).time() == time(12, 30) for s in sessions)
    assert {b - a for a, b in pairwise(starts)} <= {timedelta(weeks=1), timedelta(weeks=2)}
    past = [s for s in starts if s < NOW]
    assert 3 <= len(past) <= 5 and len(past) < len(sessions)
    assert past[0].date() < NOW.date() - timedelta(weeks=2)


def test_the_course_has_attendance_history_and_certificate_eligibility(demo):
    store, summary = demo
    marks = attendance.attendance(store, summary.course_slug, now=NOW)
    held = [s for s in marks.sessions if not s.upcoming]
    assert held and len(held) < len(marks.sessions)
    statuses = Counter(m.status for s in held for m in s.marks)
    assert statuses["present"] > statuses["late"] >= 1
    assert statuses["absent"] >= 1 and statuses["left_early"] >= 1
    for session in held:
        window_opens = dates.from_db(session.session.starts_at) - timedelta(minutes=60)
        for mark in session.marks:
            if mark.arrived_at:
                arrived_at = dates.from_db(mark.arrived_at)
                assert window_opens <= arrived_at <= dates.from_db(session.session.ends_at)
    assert 15 <= len(marks.series) <= 20 and len(marks.series) == summary.course_learners
    eligible = [row for row in marks.series if row.eligible]
    assert eligible and len(eligible) < len(marks.series)
    assert summary.course_eligible == len(eligible)


def test_learners_are_matched_by_email_across_events(demo):
    store, summary = demo
    on_course = {r.person.id for r in all_registrations(store, course(store, summary).id)}
    at_conference = {r.person.id for r in all_registrations(store, conference(store, summary).id)}
    assert len(on_course & at_conference) >= 3
    withdrawn = [r for r in all_registrations(store, course(store, summary).id) if r.status == "cancelled"]
    assert len(withdrawn) == summary.course_withdrawn == 1


def test_the_same_seed_and_time_build_the_same_demo(tmp_path, demo):
    _, summary = demo
    again = Store(tmp_path / "again.db")
    assert build_demo(again, now=NOW) == summary
    other = Store(tmp_path / "other.db")
    assert build_demo(other, now=NOW, seed=7).people >= 140
    first_names = [r.name for r in all_registrations(again, conference(again, summary).id)]
    other_names = [r.name for r in all_registrations(other, conference(other, summary).id)]
    assert first_names != other_names


def test_a_store_with_events_is_refused(tmp_path):
    store = Store(tmp_path / "used.db")
    events.add_event(store, "Existing", kind="workshop", starts=NOW)
    with pytest.raises(CoprodError, match="empty"):
        build_demo(store, now=NOW)


def test_summary_lines(demo):
    _, summary = demo
    assert isinstance(summary, DemoSummary)
    lines = summary_lines(summary)
    text = "\n".join(lines)
    assert all(isinstance(line, str) and line for line in lines)
    assert summary.conference_slug in text and summary.course_slug in text
    assert f"{summary.people} in all" in text
    assert "Fri 27 Nov 2026" in lines[0]


def test_summary_lines_say_one_in_the_singular(demo):
    _, summary = demo
    ones = replace(summary, pas=1, conference_sessions=1, workshops=1, with_access_needs=1,
                   course_sessions=1, course_learners=1, registrations=1)
    text = "\n".join(summary_lines(ones))
    for said in ("+1 PA or supporter)", "1 session:", "a plenary and 1 workshop;",
                 "1 person with access needs", "1 weekly session (", "1 learner (", "1 registration."):
        assert said in text


def test_the_summary_is_json_ready(demo):
    _, summary = demo
    assert json.loads(json.dumps(asdict(summary)))["day"] == "2026-11-27"


def test_rebuild_replaces_a_demo_with_a_fresh_one(tmp_path):
    path = tmp_path / "my-demo.db"
    first = rebuild(path, now=NOW)
    again = rebuild(path, now=NOW + timedelta(days=1))
    assert again.day == "2026-11-28" and again.people == first.people
    with Store(path) as store:
        assert {e.event.slug for e in events.list_events(store)} == {again.conference_slug, again.course_slug}


def test_rebuild_refuses_a_file_with_real_events(tmp_path):
    path = tmp_path / "real.db"
    with Store(path) as store:
        events.add_event(store, "Carers' forum", kind="workshop", starts=NOW)
    with pytest.raises(CoprodError, match="did not make"):
        rebuild(path, now=NOW)
    with Store(path) as store:
        assert [e.event.title for e in events.list_events(store)] == ["Carers' forum"]


def test_rebuild_refuses_a_file_that_is_not_ours(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(CoprodError, match="not a coprod-events"):
        rebuild(path, now=NOW)
    assert path.exists()


def test_rebuild_always_replaces_the_usual_demo_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COPROD_EVENTS_DB", str(tmp_path / "coprod-events.db"))
    path = tmp_path / "demo.db"
    with Store(path) as store:
        events.add_event(store, "Tried out in the demo", kind="workshop", starts=NOW)
    summary = rebuild(path, now=NOW)
    with Store(path) as store:
        assert "Tried out in the demo" not in {e.event.title for e in events.list_events(store)}
        assert len(events.list_events(store)) == 2 and summary.people >= 140



@pytest.mark.parametrize("hour", [6, 21, 23])
def test_the_demo_desk_admits_at_any_hour(tmp_path, hour):
    """A newcomer trying the desk early in the morning or in the evening is not turned away."""
    now = NOW.replace(hour=hour, minute=30)
    with Store(tmp_path / "demo.db") as store:
        summary = build_demo(store, now=now)
        waiting = [row for row in roster.roster(store, summary.conference_slug, status="confirmed").rows
                   if not row.checked_in and row.pa_for_registration_id is None]
        code = tickets.issue(store, waiting[0].registration_id).code
        verdict = checkin.check_in(store, summary.conference_slug, code, at=now)
        assert verdict.reason == "ok", verdict.message
