"""Events and their sessions: slugs, kinds, time zones, capacity, repeating courses."""

from __future__ import annotations

from datetime import datetime

import pytest

from coprod_events.core import checkin, dates, events, registrations
from coprod_events.core.errors import CoprodError, NotFound

from conftest import london


def conference(store, title="Co-production Conference 2026", **kw):
    kw.setdefault("starts", "3/12/2026 09:00")
    kw.setdefault("ends", "3/12/2026 17:00")
    return events.add_event(store, title, kind="conference", **kw)


# --- slug, kind, zone, capacity ------------------------------------------------------------


def test_slug_is_made_from_the_title(store):
    event = conference(store, "Co-production Week: Lived Experience & Research 2026")
    assert event.slug == "co-production-week-lived-experience-research-2026"
    assert event.title == "Co-production Week: Lived Experience & Research 2026"


def test_slug_of_an_accented_title_is_plain_ascii(store):
    event = conference(store, "Café Évènement")
    assert event.slug == "cafe-evenement"


def test_slugs_are_unique_when_titles_repeat(store):
    slugs = [conference(store, "Annual Conference").slug for _ in range(3)]
    assert len(set(slugs)) == 3
    assert slugs[0] == "annual-conference"
    assert all(slug.startswith("annual-conference") for slug in slugs)
    for slug in slugs:
        assert events.get_event(store, slug).slug == slug


def test_an_event_is_found_by_slug_or_id(store):
    event = conference(store)
    assert events.get_event(store, event.slug) == event
    assert events.get_event(store, event.id) == event
    assert events.get_event(store, str(event.id)) == event


def test_an_unknown_event_is_not_found(store):
    conference(store)
    with pytest.raises(NotFound):
        events.get_event(store, "no-such-event")
    with pytest.raises(NotFound):
        events.get_event(store, 999)


def test_an_all_digit_slug_does_not_shadow_another_event_id(store):
    numbered = conference(store, "2")
    other = conference(store, "Other")
    assert other.title == "Other"
    assert events.get_event(store, other.id).title == "Other"
    assert events.get_event(store, numbered.slug).title == "2"


def test_an_odd_unicode_digit_reference_is_not_found_rather_than_a_crash(store):
    conference(store)
    with pytest.raises(NotFound):
        events.get_event(store, "²")


@pytest.mark.parametrize("kind", ["conference", "training", "workshop"])
def test_the_three_kinds_are_accepted(store, kind):
    event = events.add_event(store, f"A {kind}", kind=kind, starts="3/12/2026 10:00")
    assert event.kind == kind


@pytest.mark.parametrize("kind", ["seminar", "webinar", "", "party"])
def test_other_kinds_are_refused_and_the_message_lists_the_valid_ones(store, kind):
    with pytest.raises(CoprodError) as caught:
        events.add_event(store, "Something", kind=kind, starts="3/12/2026 10:00")
    for valid in ("conference", "training", "workshop"):
        assert valid in str(caught.value)
    assert events.list_events(store) == []


def test_an_event_needs_a_title(store):
    with pytest.raises(CoprodError):
        events.add_event(store, "   ", kind="conference", starts="3/12/2026 10:00")


def test_default_time_zone_is_europe_london(store):
    assert conference(store).tz == "Europe/London"


def test_another_time_zone_is_kept_and_used_to_read_times(store):
    event = conference(store, "Dublin event", tz="Europe/Dublin",
                       starts="3/7/2026 10:00", ends="3/7/2026 12:00")
    assert event.tz == "Europe/Dublin"
    assert event.starts_at == "2026-07-03T09:00:00.000000Z"


def test_an_unknown_time_zone_is_refused(store):
    with pytest.raises(CoprodError, match="time zone"):
        conference(store, tz="Mars/Olympus_Mons")


def test_capacity_is_optional(store):
    assert conference(store, "Open event").capacity is None
    assert conference(store, "Small event", capacity=30).capacity == 30


def test_negative_capacity_is_refused(store):
    with pytest.raises(CoprodError):
        conference(store, capacity=-1)


def test_an_event_without_an_end_gets_a_default_length(store):
    event = events.add_event(store, "Short workshop", kind="workshop", starts="3/12/2026 10:00")
    assert dates.from_db(event.ends_at) > dates.from_db(event.starts_at)


# --- sessions --------------------------------------------------------------------------------


def test_a_conference_starts_with_no_sessions_and_can_have_some_added(store):
    event = conference(store)
    assert events.list_sessions(store, event.id) == []
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 10:00",
                                 ends="3/12/2026 11:00", room="Main hall")
    workshop = events.add_session(store, event.slug, "Workshop A", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:30", room="Room 2", capacity=12,
                                  booking_required=True)
    sessions = events.list_sessions(store, event.id)
    assert [s.title for s in sessions] == ["Plenary", "Workshop A"]
    assert sessions[0] == plenary and sessions[1] == workshop
    assert workshop.room == "Room 2" and workshop.capacity == 12 and workshop.booking_required
    assert plenary.capacity is None and not plenary.booking_required


def test_a_session_outside_the_event_hours_widens_the_event(store):
    event = conference(store)
    events.add_session(store, event.id, "Evening social", starts="3/12/2026 18:00", ends="3/12/2026 20:00")
    assert events.get_event(store, event.id).ends_at == "2026-12-03T20:00:00.000000Z"


def test_a_single_training_day_has_one_session(store):
    event = events.add_event(store, "Peer support training", kind="training",
                             starts="3/12/2026 10:00", ends="3/12/2026 16:00", venue="Room 4")
    [session] = events.list_sessions(store, event.id)
    assert session.starts_at == event.starts_at and session.ends_at == event.ends_at
    assert session.room == "Room 4"


# --- repeating training courses ----------------------------------------------------------


def test_weekly_course_with_an_excepted_week_has_one_session_per_remaining_occurrence(store):
    course = events.add_event(store, "Co-production in practice", kind="training",
                              starts="3/12/2026 10:00", ends="3/12/2026 12:00",
                              repeat="FREQ=WEEKLY;COUNT=6", except_dates=["17/12/2026"])
    sessions = events.list_sessions(store, course.id)
    local_days = [dates.local(s.starts_at, course.tz).date().isoformat() for s in sessions]
    assert local_days == ["2026-12-03", "2026-12-10", "2026-12-24", "2026-12-31", "2027-01-07"]
    assert "2026-12-17" not in local_days
    for session in sessions:
        assert dates.local(session.starts_at, course.tz).strftime("%H:%M") == "10:00"
        assert dates.local(session.ends_at, course.tz).strftime("%H:%M") == "12:00"
    assert len({s.id for s in sessions}) == 5
    assert course.repeat_rule == "FREQ=WEEKLY;COUNT=6"
    assert course.except_dates == ("2026-12-17",)
    assert course.starts_at == sessions[0].starts_at and course.ends_at == sessions[-1].ends_at


def test_excepting_a_day_that_is_not_a_course_date_is_refused(store):
    with pytest.raises(CoprodError, match="18/12/2026"):
        events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00",
                         repeat="FREQ=WEEKLY;COUNT=6", except_dates=["18/12/2026"])
    assert events.list_events(store) == []


def test_an_unreadable_excepted_day_is_refused(store):
    with pytest.raises(CoprodError):
        events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00",
                         repeat="FREQ=WEEKLY;COUNT=6", except_dates=["the week after next"])


def test_list_events_counts_sessions(store):
    events.add_event(store, "Course", kind="training", starts="3/12/2026 10:00",
                     repeat="FREQ=WEEKLY;COUNT=4")
    [summary] = events.list_events(store)
    assert summary.sessions == 4
    assert summary.confirmed == summary.waitlisted == summary.checked_in == 0


def test_moving_a_session_later_widens_the_event(store):
    event = events.add_event(store, "Moved", kind="conference", starts="3/12/2026 09:00",
                             ends="3/12/2026 17:00")
    talk = events.add_session(store, event.slug, "Talk", starts="3/12/2026 10:00")
    events.update_session(store, event.slug, talk.id, title="Talk", starts="4/12/2026 10:00",
                          ends="4/12/2026 18:00")
    assert events.get_event(store, event.slug).ends_at == "2026-12-04T18:00:00.000000Z"


def test_moving_a_workshops_only_session_moves_the_workshop(store):
    """A workshop or course spans its sessions: its door hours and tickets follow a move."""
    event = events.add_event(store, "Writing workshop", kind="workshop", starts="3/12/2026 10:00",
                             ends="3/12/2026 12:00")
    [session] = events.list_sessions(store, event.id)
    events.update_session(store, event.id, session.id, title=session.title,
                          starts="10/12/2026 14:00", ends="10/12/2026 16:00")
    moved = events.get_event(store, event.id)
    assert (moved.starts_at, moved.ends_at) == ("2026-12-10T14:00:00.000000Z",
                                                "2026-12-10T16:00:00.000000Z")
    conference = events.add_event(store, "Day", kind="conference", starts="3/12/2026 09:00",
                                  ends="3/12/2026 17:00")
    talk = events.add_session(store, conference.id, "Talk", starts="3/12/2026 10:00")
    events.update_session(store, conference.id, talk.id, title="Talk", starts="3/12/2026 11:00")
    kept = events.get_event(store, conference.id)  # a conference keeps its own hours
    assert (kept.starts_at, kept.ends_at) == ("2026-12-03T09:00:00.000000Z", "2026-12-03T17:00:00.000000Z")


def test_titles_venues_and_rooms_lose_terminal_escapes_and_invisible_characters(store):
    event = events.add_event(store, "Spring\x1b]0;pwned\x07 Forum\u202e", kind="conference",
                             starts="3/12/2026 09:00", venue="Hall\u200b A")
    session = events.add_session(store, event.id, "Talk\x1b[2J", starts="3/12/2026 10:00",
                                 room="Room\u2066 1")
    assert event.title == "Spring ]0;pwned Forum" and event.venue == "Hall A"
    assert session.title == "Talk [2J" and session.room == "Room 1"


@pytest.mark.parametrize("capacity", [-1, 99999999999999999999, "lots", True, 100_001])
def test_a_capacity_out_of_range_is_refused_naming_the_field(store, capacity):
    with pytest.raises(CoprodError) as refused:
        events.add_event(store, "Big", kind="conference", starts="3/12/2026 09:00", capacity=capacity)
    assert refused.value.field == "capacity"
    assert events.list_events(store) == []


def test_a_datetime_given_directly_is_held_to_the_same_years(store):
    with pytest.raises(CoprodError, match="2000 to 2100"):
        events.add_event(store, "Far", kind="workshop", starts=datetime(9999, 1, 1, 10, 0))


# --- editing when an event runs ----------------------------------------------------------------


def course(store, rule="FREQ=WEEKLY;COUNT=6", **kw):
    return events.add_event(store, "Recovery course", kind="training", starts="6/1/2027 10:00",
                            ends="6/1/2027 12:30", repeat=rule, venue="Room 2", **kw)


def days(store, event):
    return [dates.local(s.starts_at, event.tz).strftime("%a %d/%m %H:%M")
            for s in events.list_sessions(store, event.id, include_cancelled=True)]


def reschedule(store, event, repeat, *, starts="6/1/2027 10:00", ends="6/1/2027 12:30", skipped=()):
    return events.update_event(store, event.id, title=event.title, venue=event.venue,
                               capacity=event.capacity,
                               schedule=events.Schedule(starts, ends, repeat, tuple(skipped)))


def test_a_conferences_own_hours_are_edited(store):
    event = conference(store)
    events.add_session(store, event.id, "Plenary", starts="3/12/2026 10:00", ends="3/12/2026 11:00")
    saved = events.update_event(store, event.id, title=event.title,
                                schedule=events.Schedule("3/12/2026 09:30", "3/12/2026 16:00"))
    assert (saved.show(saved.starts_at), saved.show(saved.ends_at)) == (
        "Thu 3 Dec 2026 09:30", "Thu 3 Dec 2026 16:00")


def test_a_conference_moved_to_another_day_takes_its_sessions_along(store):
    event = conference(store)
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 10:00")
    saved = events.update_event(store, event.id, title=event.title,
                                schedule=events.Schedule("10/12/2026 09:00", "10/12/2026 17:00"))
    assert days(store, saved) == ["Thu 10/12 10:00"]
    assert events.list_sessions(store, event.id)[0].id == plenary.id


def test_a_conferences_hours_must_hold_its_sessions(store):
    event = conference(store)
    events.add_session(store, event.id, "Evening social", starts="3/12/2026 16:30", ends="3/12/2026 18:00")
    with pytest.raises(CoprodError, match="Evening social .* would be outside") as refused:
        events.update_event(store, event.id, title=event.title,
                            schedule=events.Schedule("3/12/2026 09:00", "3/12/2026 17:00"))
    assert refused.value.field == "ends"
    assert events.get_event(store, event.id).ends_at == "2026-12-03T18:00:00.000000Z"  # unchanged


def test_a_conference_people_checked_into_keeps_its_day(store):
    event = conference(store)
    result = registrations.register(store, event.id, "Ada Okafor")
    checkin.check_in(store, event.id, result.code, at=london("2026-12-03 09:30"))
    with pytest.raises(CoprodError, match="its day cannot move"):
        events.update_event(store, event.id, title=event.title,
                            schedule=events.Schedule("4/12/2026 09:00", "4/12/2026 17:00"))
    events.update_event(store, event.id, title=event.title,  # its hours still can change
                        schedule=events.Schedule("3/12/2026 08:30", "3/12/2026 17:00"))


def test_more_weeks_add_numbered_sessions_and_keep_the_ones_there_are(store):
    event = course(store)
    before = [s.id for s in events.list_sessions(store, event.id)]
    saved = reschedule(store, event, "FREQ=WEEKLY;COUNT=8")
    sessions = events.list_sessions(store, event.id)
    assert [s.id for s in sessions][:6] == before
    assert [s.title for s in sessions][6:] == ["Week 7", "Week 8"]
    assert saved.repeat_rule == "FREQ=WEEKLY;COUNT=8" and saved.ends_at == sessions[-1].ends_at


def test_a_cancelled_week_added_later_renumbers_and_the_course_runs_on(store):
    event = course(store)
    saved = reschedule(store, event, "FREQ=WEEKLY;COUNT=7", skipped=["10/2/2027"])
    assert days(store, saved) == ["Wed 06/01 10:00", "Wed 13/01 10:00", "Wed 20/01 10:00",
                                  "Wed 27/01 10:00", "Wed 03/02 10:00", "Wed 17/02 10:00"]
    assert [s.title for s in events.list_sessions(store, event.id)][-1] == "Week 6"
    assert saved.except_dates == ("2027-02-10",)


def test_a_course_moved_to_thursdays_keeps_its_sessions_and_bookings(store):
    event = course(store)
    week_3 = events.list_sessions(store, event.id)[2]
    registrations.register(store, event.id, "Ada Okafor", sessions=[week_3.id])
    reschedule(store, event, "FREQ=WEEKLY;COUNT=6", starts="7/1/2027 14:00", ends="7/1/2027 16:00")
    moved = events.get_session(store, event.id, week_3.id)
    assert (moved.title, event.show(moved.starts_at)) == ("Week 3", "Thu 21 Jan 2027 14:00")
    assert events.session_places(store, event.id)[week_3.id].booked == 1


def test_fewer_weeks_remove_the_sessions_nobody_booked_after_saying_which(store):
    event = course(store)
    changes = events.schedule_changes(store, event.id, events.Schedule(
        "6/1/2027 10:00", "6/1/2027 12:30", "FREQ=WEEKLY;COUNT=4"))
    assert [s.title for s in changes.removed] == ["Week 5", "Week 6"]
    assert changes.summary() == "Sessions: 2 removed."
    assert len(events.list_sessions(store, event.id)) == 6  # asking changes nothing
    reschedule(store, event, "FREQ=WEEKLY;COUNT=4")
    assert [s.title for s in events.list_sessions(store, event.id)] == [f"Week {n}" for n in range(1, 5)]


def test_a_booked_session_is_not_removed_but_can_be_cancelled_first(store):
    event = course(store)
    week_6 = events.list_sessions(store, event.id)[5]
    registrations.register(store, event.id, "Ada Okafor", sessions=[week_6.id])
    with pytest.raises(CoprodError, match=r"leave out Week 6 \(Wed 10 Feb 2027 10:00\), which has "
                                          r"bookings.*Cancel it on the Sessions tab") as refused:
        reschedule(store, event, "FREQ=WEEKLY;COUNT=5")
    assert refused.value.field == "repeat"
    assert len(events.list_sessions(store, event.id)) == 6  # nothing half-done
    events.cancel_session(store, event.id, week_6.id)
    reschedule(store, event, "FREQ=WEEKLY;COUNT=5")  # the cancelled one stays, as a record
    kept = events.list_sessions(store, event.id, include_cancelled=True)
    assert [(s.title, s.cancelled) for s in kept][-2:] == [("Week 5", False), ("Week 6", True)]


def test_a_session_people_were_checked_into_neither_moves_nor_goes(store):
    event = course(store)
    result = registrations.register(store, event.id, "Ada Okafor")
    week_1 = events.list_sessions(store, event.id)[0]
    checkin.check_in(store, event.id, result.code, session_id=week_1.id,
                     at=london("2027-01-06 10:05"))
    with pytest.raises(CoprodError, match="Week 1 .* has check-ins, so it has happened"):
        reschedule(store, event, "FREQ=WEEKLY;COUNT=6", starts="7/1/2027 10:00", ends="7/1/2027 12:30")
    saved = reschedule(store, event, "FREQ=WEEKLY;COUNT=6", starts="6/1/2027 10:30",
                       ends="6/1/2027 13:00")  # a later time from now on: week 1 keeps its own
    assert days(store, saved)[:2] == ["Wed 06/01 10:00", "Wed 13/01 10:30"]


def test_a_one_off_workshop_moves_its_session(store):
    event = events.add_event(store, "Writing workshop", kind="workshop", starts="3/12/2026 10:00",
                             ends="3/12/2026 12:00")
    saved = events.update_event(store, event.id, title=event.title,
                                schedule=events.Schedule("4/12/2026 14:00", "4/12/2026 16:00"))
    [session] = events.list_sessions(store, event.id)
    assert (session.title, saved.show(session.starts_at)) == ("Writing workshop", "Fri 4 Dec 2026 14:00")
    assert saved.starts_at == session.starts_at


def test_a_new_session_starts_on_the_events_next_day(store):
    event = course(store, rule="FREQ=WEEKLY;COUNT=7", except_dates=["20/1/2027"])
    start = events.new_session_start(event, london("2027-01-14 09:00"))
    assert event.show(start) == "Wed 27 Jan 2027 10:00"  # 20 Jan is a cancelled week
    assert event.show(events.new_session_start(event, london("2027-06-01 09:00"))) == "Wed 6 Jan 2027 10:00"
    day = conference(store)
    assert day.show(events.new_session_start(day, london("2026-10-01 09:00"))) == "Thu 3 Dec 2026 09:00"


# --- an edit of times moves every session, however many a day has ------------------------------


def spans(store, event):
    return [(s.title, dates.local(s.starts_at, event.tz).strftime("%a %d/%m %H:%M"),
             dates.local(s.ends_at, event.tz).strftime("%H:%M"))
            for s in events.list_sessions(store, event.id, include_cancelled=True)]


def workshop_with_an_afternoon(store):
    event = events.add_event(store, "Writing workshop", kind="workshop", starts="3/12/2026 10:00",
                             ends="3/12/2026 12:00")
    events.add_session(store, event.id, "Afternoon part", starts="3/12/2026 14:00",
                       ends="3/12/2026 15:30")
    return events.get_event(store, event.id)  # now 10:00-15:30, as the form shows it


def test_a_workshop_moved_half_an_hour_takes_all_its_sessions_along(store):
    event = workshop_with_an_afternoon(store)
    later = events.Schedule("3/12/2026 10:30", "3/12/2026 16:00")
    changes = events.schedule_changes(store, event.id, later)
    assert (changes.removed, changes.added, changes.moved) == ([], 0, 2)
    saved = events.update_event(store, event.id, title=event.title, schedule=later)
    assert spans(store, saved) == [("Writing workshop", "Thu 03/12 10:30", "12:30"),
                                   ("Afternoon part", "Thu 03/12 14:30", "16:00")]
    assert (saved.show(saved.starts_at), saved.show(saved.ends_at)) == (
        "Thu 3 Dec 2026 10:30", "Thu 3 Dec 2026 16:00")
    moved = events.update_event(store, event.id, title=event.title,  # and to another day
                                schedule=events.Schedule("8/12/2026 09:30", "8/12/2026 15:00"))
    assert spans(store, moved) == [("Writing workshop", "Tue 08/12 09:30", "11:30"),
                                   ("Afternoon part", "Tue 08/12 13:30", "15:00")]


def test_a_workshops_new_end_moves_the_end_of_its_last_session_only_while_it_fits(store):
    event = workshop_with_an_afternoon(store)
    saved = events.update_event(store, event.id, title=event.title,
                                schedule=events.Schedule("3/12/2026 10:00", "3/12/2026 17:00"))
    assert spans(store, saved) == [("Writing workshop", "Thu 03/12 10:00", "12:00"),
                                   ("Afternoon part", "Thu 03/12 14:00", "17:00")]
    with pytest.raises(CoprodError, match=r"Afternoon part would end at 13:00, before it starts "
                                          r"\(Thu 3 Dec 2026 14:00\)") as refused:
        events.update_event(store, event.id, title=event.title,
                            schedule=events.Schedule("3/12/2026 10:00", "3/12/2026 13:00"))
    assert refused.value.field == "ends"
    assert spans(store, saved)[1] == ("Afternoon part", "Thu 03/12 14:00", "17:00")  # unchanged


def test_a_one_off_over_two_days_keeps_its_second_days_sessions(store):
    event = events.add_event(store, "Facilitation training", kind="training", starts="3/12/2026 10:00",
                             ends="3/12/2026 16:00")
    events.add_session(store, event.id, "Day 2", starts="4/12/2026 10:00", ends="4/12/2026 16:00")
    event = events.get_event(store, event.id)
    changes = events.schedule_changes(store, event.id, events.Schedule("10/12/2026 10:00",
                                                                       "11/12/2026 16:00"))
    assert (changes.removed, changes.moved) == ([], 2)
    saved = events.update_event(store, event.id, title=event.title,
                                schedule=events.Schedule("10/12/2026 10:00", "11/12/2026 16:00"))
    assert spans(store, saved) == [("Facilitation training", "Thu 10/12 10:00", "16:00"),
                                   ("Day 2", "Fri 11/12 10:00", "16:00")]


def course_with_practice(store):
    """A weekly course whose first two weeks each have a practice hour in the afternoon."""
    event = course(store)
    for week in ("6/1/2027", "13/1/2027"):
        events.add_session(store, event.id, "Practice", starts=f"{week} 14:00", ends=f"{week} 15:00")
    return events.get_event(store, event.id)


def test_a_course_with_two_sessions_a_week_keeps_both_when_its_times_change(store):
    event = course_with_practice(store)
    later = events.Schedule("6/1/2027 10:30", "6/1/2027 13:00", event.repeat_rule)
    assert events.schedule_changes(store, event.id, later).removed == []
    saved = events.update_event(store, event.id, title=event.title, schedule=later)
    assert spans(store, saved)[:5] == [("Week 1", "Wed 06/01 10:30", "13:00"),
                                       ("Practice", "Wed 06/01 14:30", "15:30"),
                                       ("Week 2", "Wed 13/01 10:30", "13:00"),
                                       ("Practice", "Wed 13/01 14:30", "15:30"),
                                       ("Week 3", "Wed 20/01 10:30", "13:00")]
    assert len(spans(store, saved)) == 8
    thursdays = reschedule(store, saved, event.repeat_rule, starts="7/1/2027 10:30", ends="7/1/2027 13:00")
    assert spans(store, thursdays)[:3] == [("Week 1", "Thu 07/01 10:30", "13:00"),
                                           ("Practice", "Thu 07/01 14:30", "15:30"),
                                           ("Week 2", "Thu 14/01 10:30", "13:00")]


def test_a_week_dropped_from_a_course_takes_all_its_sessions_unless_one_is_booked(store):
    event = course_with_practice(store)
    later_first = events.Schedule("13/1/2027 10:00", "13/1/2027 12:30", "FREQ=WEEKLY;COUNT=5")
    changes = events.schedule_changes(store, event.id, later_first)
    assert [(s.title, event.show(s.starts_at)) for s in changes.removed] == [
        ("Week 1", "Wed 6 Jan 2027 10:00"), ("Practice", "Wed 6 Jan 2027 14:00")]
    practice = events.list_sessions(store, event.id)[1]
    registrations.register(store, event.id, "Ada Okafor", sessions=[practice.id])
    with pytest.raises(CoprodError, match=r"leave out Practice .* which has bookings"):
        events.schedule_changes(store, event.id, later_first)


def test_a_conferences_new_hours_leave_its_sessions_as_they_are(store):
    event = conference(store)
    for title, starts, ends in (("Plenary", "09:30", "10:30"), ("Panel", "11:00", "12:00"),
                                ("Workshop A", "14:00", "15:30"), ("Workshop B", "14:00", "15:30")):
        events.add_session(store, event.id, title, starts=f"3/12/2026 {starts}", ends=f"3/12/2026 {ends}")
    before = events.list_sessions(store, event.id)
    hours = events.Schedule("3/12/2026 09:15", "3/12/2026 16:30")
    changes = events.schedule_changes(store, event.id, hours)
    assert (changes.removed, changes.added, changes.moved) == ([], 0, 0)
    events.update_event(store, event.id, title=event.title, schedule=hours)
    assert events.list_sessions(store, event.id) == before
