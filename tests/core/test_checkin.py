"""Check-in verdicts, the door once a day, force, attention, undo and replay."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from coprod_events.core import attendance, badge_codes, checkin, dates, events, tickets
from coprod_events.core import registrations as reg
from coprod_events.core.errors import CoprodError, NotFound

from conftest import conference, london, register, scan

REASONS = ("ok", "already_checked_in", "unknown_code", "revoked_code", "wrong_event",
           "not_booked", "cancelled", "waitlisted", "outside_window", "badge_not_ticket")
FORCEABLE = ("already_checked_in", "revoked_code", "not_booked", "cancelled", "waitlisted",
             "outside_window")


def row(store, checkin_id):
    return store.db["checkins"].get(checkin_id)


def test_reason_names_are_spelled_exactly():
    assert set(checkin.REASONS) == set(REASONS)
    assert set(checkin.FORCEABLE) == set(FORCEABLE)


# --- one scenario per reason -----------------------------------------------------------------


@dataclass
class Scenario:
    event: events.Event
    code: str
    kwargs: dict = field(default_factory=dict)
    registration_id: int | None = None


def scenario(store, reason) -> Scenario:
    """A scan that gives `reason`, for Ada Lovelace (BSL need, PA Sam Support) where she is known."""
    event = conference(store)
    other = conference(store, "Peer Support Training Day")
    small = conference(store, "Small Workshop", capacity=1)
    workshop = events.add_session(store, event.id, "Booked workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", room="Room 2", booking_required=True)
    at = london("2026-12-03 10:00")
    target = {"wrong_event": other, "waitlisted": small}.get(reason, event)
    if reason == "waitlisted":
        register(store, small, "Filler Person")
    ada = register(store, target, "Ada Lovelace", access=["bsl"], consent=True,
                   preferred_name="Addie")
    register(store, target, "Sam Support", pa_for=ada.registration.id)
    code, kwargs = ada.code, {"at": at}
    if reason == "already_checked_in":
        checkin.check_in(store, event.id, code, at=london("2026-12-03 09:15"), station="Desk A")
        kwargs = {"at": at, "station": "Desk B"}
    elif reason == "unknown_code":
        code = "NOT-A-TICKET-AT-ALL"
    elif reason == "revoked_code":
        tickets.issue(store, ada.registration.id, reissue=True)
    elif reason == "not_booked":
        kwargs = {"at": london("2026-12-03 14:00"), "session_id": workshop.id}
    elif reason == "cancelled":
        reg.cancel(store, ada.registration.id)
    elif reason == "outside_window":
        kwargs = {"at": london("2026-12-03 07:00")}
    elif reason == "badge_not_ticket":  # a badge's code before the ticket admitted her today
        code = badge_codes.issue_for(store, [ada.registration.id])[ada.registration.id]
    check_event = event if reason != "waitlisted" else small
    return Scenario(check_event, code, kwargs,
                    None if reason == "unknown_code" else ada.registration.id)


@pytest.mark.parametrize("reason", REASONS)
def test_each_reason_is_given_and_logged(store, reason):
    s = scenario(store, reason)
    verdict = checkin.check_in(store, s.event.id, s.code, **s.kwargs)
    assert verdict.reason == reason
    assert verdict.admitted is (reason == "ok")
    assert verdict.forced is False
    assert verdict.forceable is (reason in FORCEABLE)
    assert verdict.message
    logged = row(store, verdict.checkin_id)
    assert logged["reason"] == reason and logged["success"] == (reason == "ok") and logged["forced"] == 0
    assert logged["registration_id"] == s.registration_id


@pytest.mark.parametrize("reason", [r for r in REASONS if r != "unknown_code"])
def test_every_known_verdict_carries_the_name_and_staff_actions(store, reason):
    s = scenario(store, reason)
    verdict = checkin.check_in(store, s.event.id, s.code, **s.kwargs)
    assert verdict.name == "Ada Lovelace"
    assert verdict.first_name == "Addie"
    assert verdict.registration_id == s.registration_id
    assert any("BSL" in action for action in verdict.attention), verdict.attention
    # Cancelling someone also cancels the PA who comes only for them.
    assert ("PA Sam Support attending" in verdict.attention) is (reason != "cancelled")


def test_an_unknown_code_has_no_person(store):
    s = scenario(store, "unknown_code")
    verdict = checkin.check_in(store, s.event.id, s.code, **s.kwargs)
    assert verdict.registration_id is None and verdict.name is None and verdict.attention == []


def test_ok_says_who_and_records_the_time(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    verdict = scan(store, event, ada.code, "2026-12-03 10:07", station="Desk 1")
    assert (verdict.admitted, verdict.reason, verdict.forced) == (True, "ok", False)
    assert verdict.at == "2026-12-03T10:07:00.000000Z"
    assert verdict.direction == "entry"
    assert "Ada Lovelace" in verdict.message
    logged = row(store, verdict.checkin_id)
    assert logged["at"] == verdict.at and logged["station"] == "Desk 1" and logged["success"] == 1


def test_at_given_as_typed_text_records_the_scan_at_that_time(store):
    event = conference(store, starts="2/11/2026 09:00", ends="2/11/2026 17:00")
    ada = register(store, event, "Ada Lovelace")
    verdict = checkin.check_in(store, event.id, ada.code, at="2/11/2026 10:15")
    assert verdict.reason == "ok"
    assert verdict.at == "2026-11-02T10:15:00.000000Z"


def test_a_naive_time_and_a_bad_direction_are_refused(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    with pytest.raises(CoprodError):
        checkin.check_in(store, event.id, ada.code, at=london("2026-12-03 10:00").replace(tzinfo=None))
    with pytest.raises(CoprodError):
        checkin.check_in(store, event.id, ada.code, at=london("2026-12-03 10:00"), direction="sideways")


def test_already_checked_in_reports_when_and_where_the_first_was(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    first = scan(store, event, ada.code, "2026-12-03 09:15", station="Desk A")
    second = scan(store, event, ada.code, "2026-12-03 11:30", station="Desk B")
    assert second.reason == "already_checked_in" and not second.admitted
    assert second.first_checked_in_at == first.at == "2026-12-03T09:15:00.000000Z"
    assert second.first_station == "Desk A"
    assert "09:15" in second.message and "Desk A" in second.message


def test_wrong_event_names_the_event_the_code_belongs_to(store):
    here = conference(store, "Co-production Conference")
    there = conference(store, "Peer Support Training Day")
    ada = register(store, there, "Ada Lovelace")
    verdict = scan(store, here, ada.code, "2026-12-03 10:00")
    assert verdict.reason == "wrong_event"
    assert verdict.other_event == "Peer Support Training Day"
    assert "Peer Support Training Day" in verdict.message


def test_not_booked_only_applies_to_sessions_that_need_booking(store):
    event = conference(store)
    booked = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                ends="3/12/2026 15:00", room="Room 2", booking_required=True)
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 10:00",
                                 ends="3/12/2026 11:00", room="Hall")
    ada = register(store, event, "Ada Lovelace", sessions=[booked.id])
    ben = register(store, event, "Ben Two")
    assert scan(store, event, ada.code, "2026-12-03 14:00", session_id=booked.id).reason == "ok"
    refused = scan(store, event, ben.code, "2026-12-03 14:00", session_id=booked.id)
    assert refused.reason == "not_booked" and "Ben Two" in refused.message
    open_session = scan(store, event, ben.code, "2026-12-03 10:00", session_id=plenary.id)
    assert open_session.reason == "ok" and open_session.room == "Hall"


def test_a_waitlisted_booking_is_not_booked(store):
    event = conference(store)
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", capacity=1, booking_required=True)
    register(store, event, "Ann One", sessions=[workshop.id])
    ben = register(store, event, "Ben Two", sessions=[workshop.id])
    assert scan(store, event, ben.code, "2026-12-03 14:00", session_id=workshop.id).reason == "not_booked"


# --- the check-in window ---------------------------------------------------------------------


def test_door_opens_60_minutes_before_the_start_and_says_when(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    early = scan(store, event, ada.code, "2026-12-03 07:59")
    assert early.reason == "outside_window" and not early.admitted
    assert early.opens_at == "2026-12-03T08:00:00.000000Z"
    assert "08:00" in early.message
    assert scan(store, event, ada.code, "2026-12-03 08:00").reason == "ok"


def test_door_closes_when_the_event_ends(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    ben = register(store, event, "Ben Two")
    assert scan(store, event, ada.code, "2026-12-03 17:00").reason == "ok"
    late = scan(store, event, ben.code, "2026-12-03 17:01")
    assert late.reason == "outside_window" and not late.admitted
    assert late.opens_at is None


def test_a_session_window_opens_an_hour_before_and_closes_at_its_end(store):
    event = conference(store)
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", room="Room 2")
    ada = register(store, event, "Ada Lovelace")
    early = scan(store, event, ada.code, "2026-12-03 12:59", session_id=workshop.id)
    assert early.reason == "outside_window"
    assert early.opens_at == "2026-12-03T13:00:00.000000Z" and "13:00" in early.message
    ok = scan(store, event, ada.code, "2026-12-03 13:00", session_id=workshop.id)
    assert ok.reason == "ok" and ok.room == "Room 2" and ok.session_id == workshop.id
    ben = register(store, event, "Ben Two")
    assert scan(store, event, ben.code, "2026-12-03 15:00", session_id=workshop.id).reason == "ok"
    cat = register(store, event, "Cat Three")
    assert scan(store, event, cat.code, "2026-12-03 15:01", session_id=workshop.id).reason == "outside_window"


def test_between_course_weeks_the_door_says_when_the_next_week_opens(store):
    course = events.add_event(store, "Peer course", kind="training", starts="3/12/2026 10:00",
                              ends="3/12/2026 12:00", repeat="FREQ=WEEKLY;COUNT=3")
    ada = register(store, course, "Ada Lovelace")
    verdict = scan(store, course, ada.code, "2026-12-05 10:00")
    assert verdict.reason == "outside_window"
    assert verdict.opens_at == "2026-12-10T09:00:00.000000Z"
    assert "10 Dec 2026 09:00" in verdict.message


def test_the_window_follows_wall_clock_time_after_the_clocks_go_back(store):
    course = events.add_event(store, "Autumn course", kind="training", starts="22/10/2026 10:00",
                              ends="22/10/2026 12:00", repeat="FREQ=WEEKLY;COUNT=3")
    ada = register(store, course, "Ada Lovelace")
    ben = register(store, course, "Ben Two")
    too_early = scan(store, course, ada.code, "2026-10-29 08:59")
    assert too_early.reason == "outside_window"
    assert too_early.opens_at == "2026-10-29T09:00:00.000000Z"  # 09:00 GMT
    assert scan(store, course, ben.code, "2026-10-29 09:00").reason == "ok"
    assert scan(store, course, ada.code, "2026-10-22 09:00").reason == "ok"  # 09:00 BST


# --- the door, once a day ------------------------------------------------------------------------


def test_door_entry_counts_once_a_day_and_re_entry_after_an_exit_is_allowed(store):
    event = conference(store, starts="3/12/2026 09:00", ends="4/12/2026 17:00")
    ada = register(store, event, "Ada Lovelace")
    assert scan(store, event, ada.code, "2026-12-03 09:30", station="Desk A").reason == "ok"
    again = scan(store, event, ada.code, "2026-12-03 10:00", station="Desk B")
    assert again.reason == "already_checked_in"
    assert again.first_checked_in_at == "2026-12-03T09:30:00.000000Z" and again.first_station == "Desk A"
    out = scan(store, event, ada.code, "2026-12-03 12:30", direction="exit")
    assert (out.admitted, out.reason, out.direction) == (True, "ok", "exit")
    assert scan(store, event, ada.code, "2026-12-03 13:15").reason == "ok"
    assert scan(store, event, ada.code, "2026-12-03 14:00").reason == "already_checked_in"
    # A new day is a new check-in, without an exit the night before.
    assert scan(store, event, ada.code, "2026-12-04 09:30").reason == "ok"
    assert scan(store, event, ada.code, "2026-12-04 09:45").reason == "already_checked_in"


def test_already_checked_in_names_the_entry_after_the_person_came_back(store):
    event = conference(store, starts="3/12/2026 09:00", ends="3/12/2026 23:00")
    ada = register(store, event, "Ada Lovelace")
    scan(store, event, ada.code, "2026-12-03 21:00", station="Desk A")
    scan(store, event, ada.code, "2026-12-03 21:41", direction="exit")
    scan(store, event, ada.code, "2026-12-03 21:42", station="Desk B")
    again = scan(store, event, ada.code, "2026-12-03 21:50", checkin_id="again-1")
    assert (again.reason, again.first_station) == ("already_checked_in", "Desk B")
    assert "already checked in at 21:42 (desk Desk B)" in again.message
    assert checkin.replay(store, "again-1").message == again.message


def test_the_day_is_the_local_day_not_the_utc_day(store):
    event = conference(store, "Summer gathering", starts="1/7/2026 09:00", ends="2/7/2026 17:00")
    ada = register(store, event, "Ada Lovelace")
    # 23:30 and 00:30 BST are both on 1 July in UTC, but on two local days.
    assert scan(store, event, ada.code, "2026-07-01 23:30").reason == "ok"
    assert scan(store, event, ada.code, "2026-07-02 00:30").reason == "ok"


def test_each_course_week_is_a_new_door_check_in(store):
    course = events.add_event(store, "Peer course", kind="training", starts="3/12/2026 10:00",
                              ends="3/12/2026 12:00", repeat="FREQ=WEEKLY;COUNT=3")
    ada = register(store, course, "Ada Lovelace")
    assert scan(store, course, ada.code, "2026-12-03 09:45").reason == "ok"
    assert scan(store, course, ada.code, "2026-12-10 09:45").reason == "ok"
    assert scan(store, course, ada.code, "2026-12-10 10:30").reason == "already_checked_in"


@pytest.mark.parametrize("situation", ["no entry", "checked in", "after the end", "before opening",
                                       "waitlisted", "cancelled"])
def test_exits_are_always_accepted(store, situation):
    event = conference(store, capacity=1)
    register(store, event, "Ann One")
    ada = register(store, event, "Ada Lovelace")  # waitlisted: the event holds one
    if situation != "waitlisted":
        reg.promote(store, ada.registration.id)
    if situation == "cancelled":
        reg.cancel(store, ada.registration.id)
    if situation == "checked in":
        scan(store, event, ada.code, "2026-12-03 10:00", force=True)
    when = {"after the end": "2026-12-03 19:00", "before opening": "2026-12-03 06:00"}.get(
        situation, "2026-12-03 12:00")
    verdict = scan(store, event, ada.code, when, direction="exit")
    assert (verdict.admitted, verdict.reason, verdict.direction) == (True, "ok", "exit")


# --- force -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", FORCEABLE)
def test_refusable_reasons_can_be_forced_and_the_row_says_so(store, reason):
    s = scenario(store, reason)
    verdict = checkin.check_in(store, s.event.id, s.code, force=True, **s.kwargs)
    assert (verdict.admitted, verdict.forced, verdict.reason) == (True, True, reason)
    assert "override" in verdict.message.lower()
    assert verdict.name == "Ada Lovelace"
    logged = row(store, verdict.checkin_id)
    assert (logged["forced"], logged["success"], logged["reason"]) == (1, 1, reason)
    assert checkin.replay(store, verdict.checkin_id).forced is True


def test_forcing_a_waitlisted_person_confirms_them(store):
    s = scenario(store, "waitlisted")
    assert reg.get_registration(store, s.registration_id).status == "waitlisted"
    verdict = checkin.check_in(store, s.event.id, s.code, force=True, **s.kwargs)
    assert verdict.admitted and verdict.forced
    registration = reg.get_registration(store, s.registration_id)
    assert registration.status == "confirmed" and registration.waitlist_position is None
    assert reg.waiting_list(store, s.event.id) == []
    assert "now holds a place" in verdict.message and "not confirmed" not in verdict.message
    assert checkin.replay(store, verdict.checkin_id).message == verdict.message


@pytest.mark.parametrize("reason", ["unknown_code", "wrong_event"])
def test_unknown_and_wrong_event_cannot_be_forced(store, reason):
    s = scenario(store, reason)
    verdict = checkin.check_in(store, s.event.id, s.code, force=True, **s.kwargs)
    assert (verdict.admitted, verdict.forced, verdict.reason) == (False, False, reason)
    assert verdict.forceable is False
    logged = row(store, verdict.checkin_id)
    assert (logged["forced"], logged["success"]) == (0, 0)


def test_a_forced_check_in_keeps_why_in_its_row_its_replay_and_the_live_list(store):
    s = scenario(store, "waitlisted")
    verdict = checkin.check_in(store, s.event.id, s.code, force=True, reason="Speaker's guest",
                               checkin_id="why-1", **s.kwargs)
    assert verdict.force_reason == verdict.as_dict()["force_reason"] == "Speaker's guest"
    assert row(store, "why-1")["force_reason"] == "Speaker's guest"
    again = checkin.check_in(store, s.event.id, s.code, force=True, checkin_id="why-1", **s.kwargs)
    assert again.replayed and again.force_reason == "Speaker's guest"
    assert checkin.replay(store, "why-1").force_reason == "Speaker's guest"
    assert [e.force_reason for e in checkin.recent(store, s.event.id)] == ["Speaker's guest"]


def test_a_reason_is_cleaned_like_any_typed_text(store):
    s = scenario(store, "already_checked_in")
    verdict = checkin.check_in(store, s.event.id, s.code, force=True,
                               reason="  Lost\ther\u200b  wristband\x1b ", **s.kwargs)
    assert verdict.force_reason == "Lost her wristband"
    assert row(store, verdict.checkin_id)["force_reason"] == "Lost her wristband"


def test_a_forced_check_in_without_a_reason_is_still_allowed(store):
    s = scenario(store, "outside_window")
    verdict = checkin.check_in(store, s.event.id, s.code, force=True, reason="  ", **s.kwargs)
    assert verdict.forced and verdict.force_reason is None
    assert row(store, verdict.checkin_id)["force_reason"] is None


def test_a_reason_too_long_is_refused_and_nothing_is_logged(store):
    s = scenario(store, "cancelled")
    with pytest.raises(CoprodError, match=r"The override reason is too long \(201 characters; 200 at most\)"):
        checkin.check_in(store, s.event.id, s.code, force=True, reason="x" * 201, **s.kwargs)
    assert store.value("SELECT count(*) FROM checkins") == 0
    assert checkin.check_in(store, s.event.id, s.code, force=True, reason="x" * 200,
                            **s.kwargs).force_reason == "x" * 200


def test_a_reason_without_force_is_refused(store):
    s = scenario(store, "waitlisted")
    with pytest.raises(CoprodError, match="A reason goes with a staff override"):
        checkin.check_in(store, s.event.id, s.code, reason="Speaker's guest", **s.kwargs)
    assert store.value("SELECT count(*) FROM checkins") == 0


def test_a_reason_is_not_kept_when_nothing_needed_forcing(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    verdict = scan(store, event, ada.code, "2026-12-03 10:00", force=True, reason="Just in case")
    assert (verdict.reason, verdict.forced, verdict.force_reason) == ("ok", False, None)
    assert row(store, verdict.checkin_id)["force_reason"] is None


def test_force_on_an_admissible_scan_is_a_plain_ok(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    verdict = scan(store, event, ada.code, "2026-12-03 10:00", force=True)
    assert (verdict.admitted, verdict.reason, verdict.forced) == (True, "ok", False)


# --- attention: staff actions, never notes ----------------------------------------------------------


def test_attention_lists_access_actions_and_the_pa(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace", consent=True,
                   access=["bsl", "wheelchair_space", "large_print=18pt"])
    register(store, event, "Sam Support", pa_for=ada.registration.id)
    verdict = scan(store, event, ada.code, "2026-12-03 10:00")
    attention = verdict.attention
    assert any("BSL" in a for a in attention)
    assert any("wheelchair" in a.lower() for a in attention)
    assert any("18pt" in a for a in attention)
    assert "PA Sam Support attending" in attention


def test_attention_is_empty_for_someone_without_needs(store):
    event = conference(store)
    ben = register(store, event, "Ben Two")
    assert scan(store, event, ben.code, "2026-12-03 10:00").attention == []


def test_attention_never_contains_free_text_notes(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace", consent=True, access=["bsl"],
                   access_notes="SECRET-ACCESS-NOTE about my condition",
                   role_notes="SECRET-ROLE-NOTE about my history", dietary="SECRET-DIET-NOTE")
    for verdict in (scan(store, event, ada.code, "2026-12-03 10:00"),
                    scan(store, event, ada.code, "2026-12-03 10:05")):
        text = " ".join(verdict.attention) + " " + verdict.message
        assert "SECRET" not in text
        assert any("BSL" in a for a in verdict.attention)


def test_attention_does_not_show_the_free_text_of_anything_else(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace", consent=True,
                   access=["other=Panic attacks in crowds"])
    verdict = scan(store, event, ada.code, "2026-12-03 10:00")
    assert any("Other adjustment" in a for a in verdict.attention)
    assert not any("Panic" in a for a in verdict.attention)


# --- failed scans, undo and replay ------------------------------------------------------------------


def test_failed_scans_are_logged_and_can_be_replayed(store):
    event = conference(store)
    verdict = scan(store, event, "HELLO-THERE", "2026-12-03 10:00", checkin_id="desk1-0001")
    assert verdict.checkin_id == "desk1-0001"
    logged = row(store, "desk1-0001")
    assert (logged["success"], logged["reason"], logged["raw_input"]) == (0, "unknown_code", "HELLO-THERE")
    again = checkin.replay(store, "desk1-0001")
    assert (again.reason, again.admitted, again.replayed) == ("unknown_code", False, True)


def test_undo_annuls_a_check_in_without_deleting_it(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    first = scan(store, event, ada.code, "2026-12-03 09:30")
    on_site = attendance.on_site(store, event.id, now=london("2026-12-03 10:00"))
    assert [p.name for p in on_site] == ["Ada Lovelace"]
    undone = checkin.undo(store, first.checkin_id, operator="Sam")
    assert undone.checkin_id == first.checkin_id and undone.name == "Ada Lovelace"
    assert attendance.on_site(store, event.id, now=london("2026-12-03 10:00")) == []
    assert events.list_events(store)[0].checked_in == 0
    # The person can check in again, and the log still holds the undone row.
    again = scan(store, event, ada.code, "2026-12-03 10:00")
    assert again.reason == "ok"
    assert row(store, first.checkin_id)["annulled_at"] is not None
    assert store.db["checkins"].count == 2
    replayed = checkin.replay(store, first.checkin_id)
    assert replayed.replayed and replayed.checkin_id == first.checkin_id


def test_undoing_twice_is_an_error(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    verdict = scan(store, event, ada.code, "2026-12-03 09:30")
    checkin.undo(store, verdict.checkin_id)
    with pytest.raises(CoprodError, match="already undone"):
        checkin.undo(store, verdict.checkin_id)


def test_undoing_an_unknown_check_in_is_not_found(store):
    with pytest.raises(NotFound):
        checkin.undo(store, "no-such-scan")


def test_undo_of_an_exit_puts_the_person_back_on_site(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    scan(store, event, ada.code, "2026-12-03 09:30")
    out = scan(store, event, ada.code, "2026-12-03 11:00", direction="exit")
    now = london("2026-12-03 11:30")
    assert attendance.on_site(store, event.id, now=now) == []
    checkin.undo(store, out.checkin_id)
    assert [p.name for p in attendance.on_site(store, event.id, now=now)] == ["Ada Lovelace"]


def test_last_checkin_is_the_newest_admitted_one(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    ben = register(store, event, "Ben Two")
    scan(store, event, ada.code, "2026-12-03 09:30", station="Desk A")
    second = scan(store, event, ben.code, "2026-12-03 09:31", station="Desk B")
    scan(store, event, "NOPE-NOPE-NOPE", "2026-12-03 09:32", station="Desk B")
    assert checkin.last_checkin(store, event.id) == second.checkin_id
    assert checkin.last_checkin(store, event.id, station="Desk B") == second.checkin_id


@pytest.mark.parametrize("reason", REASONS)
def test_replaying_a_checkin_id_is_stored_once_and_gives_the_same_verdict(store, reason):
    s = scenario(store, reason)
    first = checkin.check_in(store, s.event.id, s.code, checkin_id="offline-42", **s.kwargs)
    rows_before = store.db["checkins"].count
    second = checkin.check_in(store, s.event.id, s.code, checkin_id="offline-42", **s.kwargs)
    assert store.db["checkins"].count == rows_before
    assert store.db["checkins"].count_where("id = ?", ["offline-42"]) == 1
    assert first.replayed is False and second.replayed is True
    assert {**second.as_dict(), "replayed": False} == first.as_dict()


def test_a_replay_returns_the_stored_verdict_even_if_the_scan_would_now_differ(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    first = scan(store, event, ada.code, "2026-12-03 09:30", checkin_id="q-1")
    again = scan(store, event, ada.code, "2026-12-03 09:45", checkin_id="q-1")
    assert (again.admitted, again.reason, again.at, again.replayed) == (True, "ok", first.at, True)
    other = scan(store, event, ada.code, "2026-12-03 09:45", checkin_id="q-2")
    assert other.reason == "already_checked_in"


def test_a_forced_scan_replays_as_forced(store):
    s = scenario(store, "outside_window")
    first = checkin.check_in(store, s.event.id, s.code, force=True, checkin_id="f-1", **s.kwargs)
    second = checkin.check_in(store, s.event.id, s.code, force=True, checkin_id="f-1", **s.kwargs)
    assert {**second.as_dict(), "replayed": False} == first.as_dict()
    assert second.forced and second.admitted


def test_dates_show_in_the_event_zone_in_messages(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    scan(store, event, ada.code, "2026-12-03 09:15")
    second = scan(store, event, ada.code, "2026-12-03 09:20")
    assert dates.show(second.first_checked_in_at, event.tz, with_date=False) in second.message


def test_replay_of_already_checked_in_matches_the_original_after_an_undo(store):
    event = conference(store)
    ada = register(store, event, "Ada Lovelace")
    mistaken = scan(store, event, ada.code, "2026-12-03 09:15", station="Desk A")
    checkin.undo(store, mistaken.checkin_id)
    scan(store, event, ada.code, "2026-12-03 09:30", station="Desk B")
    first = scan(store, event, ada.code, "2026-12-03 10:00", checkin_id="dup-1")
    assert (first.first_checked_in_at, first.first_station) == ("2026-12-03T09:30:00.000000Z", "Desk B")
    second = scan(store, event, ada.code, "2026-12-03 10:00", checkin_id="dup-1")
    assert second.replayed
    assert {**second.as_dict(), "replayed": False} == first.as_dict()


def test_forcing_a_waitlisted_person_in_also_confirms_their_session_bookings(store):
    event = conference(store, capacity=1)
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", booking_required=True)
    register(store, event, "Ann One", sessions=[workshop.id])
    ben = register(store, event, "Ben Two", sessions=[workshop.id])
    assert ben.registration.status == "waitlisted"
    assert scan(store, event, ben.code, "2026-12-03 10:00", force=True).admitted
    assert reg.get_registration(store, ben.registration.id).bookings == (
        reg.Booking(workshop.id, "confirmed", None),)
    assert scan(store, event, ben.code, "2026-12-03 14:00", session_id=workshop.id).reason == "ok"


def test_a_pa_enters_a_booked_session_with_the_person_they_support(store):
    event = events.add_event(store, "PA workshop", kind="conference", starts="3/12/2026 09:00",
                             ends="3/12/2026 17:00")
    workshop = events.add_session(store, event.slug, "Workshop", starts="3/12/2026 14:00",
                                  capacity=1, booking_required=True)
    ada = reg.register(store, event.slug, "Ada", sessions=[workshop.id])
    sam = reg.register(store, event.slug, "Sam", pa_for=ada.registration.id)
    stranger = reg.register(store, event.slug, "Stranger")
    at = london("2026-12-03 13:55")
    verdict = checkin.check_in(store, event.slug, sam.code, session_id=workshop.id, at=at)
    assert verdict.reason == "ok" and verdict.admitted
    refused = checkin.check_in(store, event.slug, stranger.code, session_id=workshop.id, at=at)
    assert refused.reason == "not_booked"


# --- undo of a forced admission gives back the place it took ------------------------------------


@dataclass
class FullDay:
    """A conference with one place (Ann has it) and a workshop of two places; Ada and then
    Ben wait for the conference, both with the workshop chosen."""
    event: events.Event
    workshop: events.Session
    ann: reg.RegisterResult
    ada: reg.RegisterResult
    ben: reg.RegisterResult


@pytest.fixture
def full_day(store) -> FullDay:
    event = conference(store, capacity=1)
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", capacity=2, booking_required=True)
    people = [register(store, event, name, sessions=[workshop.id])
              for name in ("Ann One", "Ada Lovelace", "Ben Two")]
    return FullDay(event, workshop, *people)


def standing(store, result):
    now = reg.get_registration(store, result.registration.id)
    return now.status, now.waitlist_position, [(b.status, b.waitlist_position) for b in now.bookings]


def test_undoing_a_forced_admission_puts_the_person_back_where_they_waited(store, full_day):
    d = full_day
    forced = scan(store, d.event, d.ada.code, "2026-12-03 10:00", force=True)
    assert standing(store, d.ada) == ("confirmed", None, [("confirmed", None)])
    assert (events.list_events(store)[0].confirmed, d.event.capacity) == (2, 1)
    undone = checkin.undo(store, forced.checkin_id)
    assert (events.list_events(store)[0].confirmed, events.list_events(store)[0].waitlisted) == (1, 2)
    # First in line again (not behind Ben), and in the workshop's queue, as before.
    assert standing(store, d.ada) == ("waitlisted", 1, [("waitlisted", 1)])
    assert [r.name for r in reg.waiting_list(store, d.event.id)] == ["Ada Lovelace", "Ben Two"]
    assert undone.note == "Ada Lovelace is back on the waiting list, place 1."
    assert reg.get_registration(store, d.ann.registration.id).status == "confirmed"
    assert scan(store, d.event, d.ada.code, "2026-12-03 10:05").reason == "waitlisted"


def test_a_forced_admission_that_gave_no_session_place_gives_back_only_the_event_place(store, full_day):
    d = full_day
    register(store, d.event, "Cat Three")  # waitlisted too, behind Ben
    reg.promote(store, d.ben.registration.id)  # Ben takes the workshop's second place
    forced = scan(store, d.event, d.ada.code, "2026-12-03 10:00", force=True)
    assert standing(store, d.ada) == ("confirmed", None, [("waitlisted", 1)])  # workshop full
    checkin.undo(store, forced.checkin_id)
    assert standing(store, d.ada) == ("waitlisted", 1, [("waitlisted", 1)])


def test_a_session_place_the_undo_frees_goes_to_the_next_in_that_queue(store, full_day):
    d = full_day
    forced = scan(store, d.event, d.ada.code, "2026-12-03 10:00", force=True)  # workshop: 2 of 2
    reg.promote(store, d.ben.registration.id)  # the event's place, but the workshop is full now
    assert standing(store, d.ben) == ("confirmed", None, [("waitlisted", 1)])
    undone = checkin.undo(store, forced.checkin_id)
    assert standing(store, d.ben) == ("confirmed", None, [("confirmed", None)])
    assert undone.note == ("Ada Lovelace is back on the waiting list, place 1. "
                           "Ben Two now has the freed place at Workshop.")


def test_when_a_place_came_free_meanwhile_the_first_in_line_gets_it(store, full_day):
    d = full_day
    forced = scan(store, d.event, d.ada.code, "2026-12-03 10:00", force=True)
    reg.cancel(store, d.ann.registration.id)  # Ada holds the one place now: nobody promoted
    undone = checkin.undo(store, forced.checkin_id)
    assert standing(store, d.ada)[0] == "confirmed"  # first in line for the freed place
    assert undone.note == ("Ada Lovelace keeps a confirmed place: one came free meanwhile and "
                           "they were next in line.")
    assert reg.get_registration(store, d.ben.registration.id).status == "waitlisted"


def test_a_place_freed_by_the_undo_goes_to_whoever_was_ahead_in_line(store, full_day):
    d = full_day
    forced = scan(store, d.event, d.ben.code, "2026-12-03 10:00", force=True)  # Ada was ahead
    reg.cancel(store, d.ann.registration.id)
    undone = checkin.undo(store, forced.checkin_id)
    assert standing(store, d.ada)[0] == "confirmed" and standing(store, d.ben)[:2] == ("waitlisted", 1)
    assert undone.note == ("Ben Two is back on the waiting list, place 1. "
                           "Ada Lovelace now has the freed place, and one at Workshop.")


def test_undo_names_each_person_given_a_place_even_when_two_share_a_name(store):
    event = conference(store, capacity=1)
    register(store, event, "Ann One")
    ada = register(store, event, "Ada Lovelace")
    for email in ("sam.one@example.org", "sam.two@example.org"):
        register(store, event, "Sam Smith", email=email)
    forced = scan(store, event, ada.code, "2026-12-03 10:00", force=True)
    events.update_event(store, event.id, title=event.title, capacity=4)
    undone = checkin.undo(store, forced.checkin_id)
    assert undone.note.count("Sam Smith now has the freed place") == 2
    assert reg.waiting_list(store, event.id) == []


def test_undo_leaves_a_registration_that_was_cancelled_since(store, full_day):
    d = full_day
    forced = scan(store, d.event, d.ada.code, "2026-12-03 10:00", force=True)
    reg.cancel(store, d.ada.registration.id)
    undone = checkin.undo(store, forced.checkin_id)
    assert standing(store, d.ada)[0] == "cancelled"
    assert undone.note == "Ada Lovelace is cancelled now, so there is no place to give back."
    assert [r.name for r in reg.waiting_list(store, d.event.id)] == ["Ben Two"]


def test_undo_keeps_the_place_of_someone_let_in_again_on_the_strength_of_it(store, full_day):
    d = full_day
    forced = scan(store, d.event, d.ada.code, "2026-12-03 10:00", force=True)
    assert scan(store, d.event, d.ada.code, "2026-12-03 14:02", session_id=d.workshop.id).admitted
    undone = checkin.undo(store, forced.checkin_id)
    assert standing(store, d.ada) == ("confirmed", None, [("confirmed", None)])
    assert undone.note == ("Ada Lovelace keeps the confirmed place: they were let in again at "
                           "14:02 on the strength of it.")
    assert row(store, forced.checkin_id)["annulled_at"] is not None  # the check-in itself is undone


def test_undo_keeps_the_place_when_the_sessions_were_changed_since(store, full_day):
    d = full_day
    forced = scan(store, d.event, d.ada.code, "2026-12-03 10:00", force=True)
    reg.update_registration(store, d.ada.registration.id, "Ada Lovelace",
                            email=d.ada.registration.person.email, sessions=[])
    undone = checkin.undo(store, forced.checkin_id)
    assert standing(store, d.ada) == ("confirmed", None, [])
    assert undone.note == "Ada Lovelace keeps the confirmed place: their sessions were changed since."


def test_undoing_an_ordinary_check_in_says_nothing_about_places(store, full_day):
    verdict = scan(store, full_day.event, full_day.ann.code, "2026-12-03 10:00")
    assert checkin.undo(store, verdict.checkin_id).note == ""
