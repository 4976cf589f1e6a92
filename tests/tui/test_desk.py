"""The check-in desk, driven through Pilot as an organiser (and a scanner) would."""

from __future__ import annotations

import threading

import pytest
from textual import events as textual_events
from textual.widgets import DataTable, Input, OptionList

from coprod_events.core import audit, checkin, events, registrations
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.override import OverrideScreen
from coprod_events.tui.screens.desk import DeskScreen
from coprod_events.tui.widgets.verdict import VerdictPanel

from conftest import burst, five_staff_actions, london, screen_text, settle, until, verdict_text

NOW = london("2026-12-03 10:30")
SIZE = (100, 30)


@pytest.fixture
def day(store):
    """A conference on 3 Dec 2026 with a booked workshop, Ada (BSL, with PA Sam) and Bo."""
    event = events.add_event(store, "Winter Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00", capacity=2)
    workshop = events.add_session(store, event.slug, "Workshop A", starts="3/12/2026 10:00",
                                  ends="3/12/2026 12:00", room="Room 2", booking_required=True)
    ada = registrations.register(store, event.slug, "Ada Lovelace", email="ada@example.org",
                                 access=["bsl"], access_notes="Prefers the left side", consent=True,
                                 sessions=[workshop.id])
    sam = registrations.register(store, event.slug, "Sam Support", pa_for=ada.registration.id)
    bo = registrations.register(store, event.slug, "Bo Ng")
    return event, workshop, ada, sam, bo


@pytest.fixture
def busy(store):
    """Someone with five staff actions (four access needs and a PA) and notes, at an open day."""
    event = events.add_event(store, "Open Day", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    return event, five_staff_actions(store, event)


def desk_app(store, event, **options) -> CoprodApp:
    return CoprodApp(store, event=event.id, desk=True, clock=lambda: NOW, **options)


def panel(app) -> VerdictPanel:
    return app.screen.query_one(VerdictPanel)


async def scan(pilot, code: str) -> None:
    """A keyboard-wedge scanner: the code's characters and Enter in one burst."""
    await burst(pilot, code, "enter")


def question(app) -> str:
    return str(app.screen.query_one("#override-question").render())


async def say_why(pilot, reason: str) -> None:
    """Staff give a reason in the override dialog and press Enter."""
    assert isinstance(pilot.app.screen, OverrideScreen)
    pilot.app.screen.query_one("#override-reason", Input).value = reason
    await pilot.press("enter")
    await settle(pilot)


async def test_a_scan_admits_and_the_field_is_ready_again(store, day):
    event, _, ada, _, _ = day
    app = desk_app(store, event, station="Front")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DeskScreen)
        await scan(pilot, ada.code)
        assert panel(app).has_class("admitted")
        text = verdict_text(app)
        assert "✓ ADMITTED" in text and "Ada Lovelace" in text
        assert "BSL interpreter in sightline" in text and "PA Sam Support attending" in text
        assert "Prefers the left side" not in text  # notes only on request
        scan_field = app.screen.query_one("#scan", Input)
        assert scan_field.value == "" and scan_field.has_focus
        assert "Checked in 1 / 3" in str(app.screen.query_one("#desk-counts").render())
        recent = app.screen.query_one("#recent", DataTable)
        assert recent.row_count == 1 and "Front" in [str(c) for c in recent.get_row_at(0)]
        await pilot.press("f7")
        await settle(pilot)
        assert "Prefers the left side" in verdict_text(app)
    (seen,) = [e for e in audit.entries(store) if e.action == "revealed_notes"]  # F7 is audited:
    assert (seen.person_id, seen.station) == (ada.registration.person.id, "Front")
    assert "left side" not in (seen.detail or "")  # whose notes, at which desk, never the notes


async def test_notes_show_only_under_the_verdict_they_were_asked_for(store, day, monkeypatch):
    """F7, then the next scan before the notes are read: Ada's notes never show under Bo's verdict."""
    event, _, ada, _, bo = day
    read = threading.Event()
    get_registration = registrations.get_registration
    monkeypatch.setattr(registrations, "get_registration",
                        lambda *args: read.wait(10) and get_registration(*args))
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, ada.code)
        await pilot.press("f7")
        await burst(pilot, bo.code, "enter", wait=False)
        await until(pilot, lambda: "Bo Ng" in verdict_text(app))
        read.set()
        await settle(pilot)
        assert "Bo Ng" in verdict_text(app) and "Prefers the left side" not in verdict_text(app)


@pytest.mark.parametrize("size", [(80, 24), SIZE, (160, 45)])
async def test_every_staff_action_and_the_notes_are_on_screen(store, busy, size):
    """Read back from the terminal itself: nothing below the panel's edge, at any size."""
    event, tomasz = busy
    app = desk_app(store, event)
    async with app.run_test(size=size) as pilot:
        await scan(pilot, tomasz.code)
        await pilot.press("f7")
        await settle(pilot)
        verdict = panel(app).verdict
        assert verdict is not None and len(verdict.attention) == 6  # five actions, and "Has notes"
        screen = screen_text(app)
        for line in ["✓ ADMITTED", "Tomasz Nowak", *verdict.attention, "Interpreter on the left of the stage",
                     "Speaks at the 14:00 panel", "Halal"]:
            assert line in screen
        assert panel(app).max_scroll_y == 0  # nothing scrolled out of sight either


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_a_burst_shows_the_last_verdict_and_every_earlier_one_that_needs_staff(store, busy, size):
    """Two people scanned back to back: the panel is the last one's, and the first one's staff
    actions are under it, not lost with a verdict that was on screen for no time at all."""
    event, tomasz = busy
    pat = registrations.register(store, event.id, "Pat Plain", email="pat@example.org")
    app = desk_app(store, event)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, tomasz.code, "enter", pat.code, "enter")
        await settle(pilot)
        assert panel(app).verdict.name == "Pat Plain"
        screen = screen_text(app)
        assert "Also scanned just before" in screen and "ADMITTED  ·  Tomasz Nowak" in screen
        tomasz_verdict = checkin.replay(store, checkin.recent(store, event.id)[1].checkin_id)
        for action in tomasz_verdict.attention:
            assert action in screen
        assert panel(app).max_scroll_y == 0
        await scan(pilot, pat.code)  # the next scan is on its own
        assert "Also scanned just before" not in screen_text(app)


async def test_the_recent_list_gives_way_before_the_big_name_and_the_name_before_any_action(store, busy):
    event, tomasz = busy
    app = desk_app(store, event)
    async with app.run_test(size=(160, 45)) as pilot:
        await scan(pilot, tomasz.code)
        await pilot.press("f7")
        await settle(pilot)
        recent_box, name = app.screen.query_one("#recent-box"), app.screen.query_one("#verdict-name")
        assert recent_box.outer_size.height == 10 and name.display  # room for all of it
        assert "█" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not recent_box.display and name.display  # first the list goes,
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not name.display and "█" not in screen_text(app)  # then the letters, not an action
        assert all(action in screen_text(app) for action in panel(app).verdict.attention)


async def test_exit_mode_says_so_across_the_panel_in_its_own_colour(store, day):
    event, _, ada, _, _ = day
    app = desk_app(store, event)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, ada.code)
        assert "EXIT MODE" not in screen_text(app)
        await pilot.press("f5")
        await settle(pilot)
        assert "EXIT MODE — scanning people OUT" in screen_text(app)  # while idle, too
        assert panel(app).has_class("exit")
        await scan(pilot, ada.code)
        screen = screen_text(app)
        assert "EXIT MODE — scanning people OUT" in screen and "← CHECKED OUT" in screen
        assert panel(app).has_class("exit") and not panel(app).has_class("admitted")
        await scan(pilot, "NOPE")  # a refusal is red in either mode; the mode still shows
        assert panel(app).has_class("refused") and "EXIT MODE" in screen_text(app)
        await pilot.press("f5")
        await settle(pilot)
        assert "EXIT MODE" not in screen_text(app)


async def test_the_recent_list_says_where_and_marks_exits_and_undone_rows(store, day):
    event, workshop, ada, _, bo = day
    checkin.check_in(store, event.id, ada.code, session_id=workshop.id, station="Room 2", at=NOW)
    app = desk_app(store, event, station="Front")
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, bo.code)
        await pilot.press("f5")
        await scan(pilot, bo.code)
        await pilot.press("f5")
        await scan(pilot, ada.code)
        await pilot.press("ctrl+z", "y")
        await settle(pilot)
        recent = app.screen.query_one("#recent", DataTable)
        rows = [[str(cell) for cell in recent.get_row_at(index)][1:] for index in range(recent.row_count)]
        assert rows == [
            ["↺", "Ada Lovelace", "undone", "Door", "Front"],
            ["←", "Bo Ng", "checked out", "Door", "Front"],
            ["✓", "Bo Ng", "ok", "Door", "Front"],
            ["✓", "Ada Lovelace", "ok", "Workshop A", "Room 2"],
        ]


async def test_each_tone_has_a_symbol_and_a_word_and_refusals_ring(store, day, monkeypatch):
    event, _, ada, _, _ = day
    app = desk_app(store, event)
    bells = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, "NOT-A-REAL-CODE")
        assert panel(app).has_class("refused") and "✗ REFUSED: UNKNOWN CODE" in verdict_text(app)
        assert bells == [1]
        await scan(pilot, ada.code)
        await scan(pilot, ada.code)
        assert panel(app).has_class("look") and "! CHECK: ALREADY CHECKED IN" in verdict_text(app)
        assert "10:30" in verdict_text(app)  # when the first check-in was
        assert bells == [1]  # amber does not ring
        await pilot.press("f8")  # bell off
        await scan(pilot, "ZZZ")
        assert bells == [1]


async def test_force_asks_why_then_admits_and_says_so(store, day):
    event, _, ada, _, _ = day
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, ada.code)
        await scan(pilot, ada.code)
        await pilot.press("f4")
        assert question(app) == "Admit Ada Lovelace anyway?"
        assert "already checked in" in str(app.screen.query_one("#override-detail").render())
        assert str(app.screen.query_one("#override-no").label) == "Don't admit"
        await say_why(pilot, "Lost her wristband")
        assert panel(app).has_class("admitted") and "staff override" in verdict_text(app)
        forced = [e for e in checkin.recent(store, event.id) if e.forced]
        assert [e.force_reason for e in forced] == ["Lost her wristband"]
        await until(pilot, lambda: "already checked in (forced: Lost her wristband)" in screen_text(app))


async def test_force_without_a_reason_is_not_admitted(store, day):
    event, _, ada, _, _ = day
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, ada.code)
        await scan(pilot, ada.code)
        await pilot.press("f4")
        await say_why(pilot, "   ")
        assert isinstance(app.screen, OverrideScreen)
        assert "Say why, in a few words" in str(app.screen.query_one("#override-error").render())
        await pilot.click("#override-yes")  # the button asks the same
        await settle(pilot)
        assert isinstance(app.screen, OverrideScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert not [e for e in checkin.recent(store, event.id) if e.forced]


async def test_a_long_reason_is_kept_whole_and_cut_to_fit_the_list(store, day):
    event, _, ada, _, _ = day
    why = "Came back in after the fire alarm, with the group from the bus " * 2
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, ada.code)
        await scan(pilot, ada.code)
        await pilot.press("f4")
        await say_why(pilot, why)
        assert [e.force_reason for e in checkin.recent(store, event.id) if e.forced] == [why.strip()]
        await until(pilot, lambda: "(forced: Came back in after the…)" in screen_text(app))


async def test_two_scans_back_to_back_are_two_check_ins(store, day):
    event, _, ada, _, bo = day
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, ada.code, "enter", bo.code, "enter")  # a scanner reading twice, no gap
        assert [e.name for e in checkin.recent(store, event.id)] == ["Bo Ng", "Ada Lovelace"]


async def test_unknown_code_cannot_be_forced(store, day):
    event = day[0]
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, "NOPE")
        await pilot.press("f4")
        assert isinstance(app.screen, DeskScreen)  # no confirmation offered


async def test_undo_the_last_check_in(store, day):
    event, _, ada, _, _ = day
    app = desk_app(store, event, station="Front")
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, ada.code)
        await pilot.press("ctrl+z")
        await pilot.press("y")
        await settle(pilot)
        assert "Undone: Ada Lovelace" in verdict_text(app)
        assert checkin.counts(store, event.id, at=NOW).checked_in == 0
        await scan(pilot, ada.code)
        assert panel(app).has_class("admitted")


async def test_undoing_a_forced_admission_from_the_waiting_list_gives_the_place_back(store, day):
    event, _, _, _, _ = day
    cy = registrations.register(store, event.id, "Cy Waits", email="cy@example.org")  # event full
    assert cy.registration.status == "waitlisted"
    app = desk_app(store, event, station="Front")
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, cy.code)
        await pilot.press("f4")
        assert question(app) == "Admit Cy Waits over capacity?"
        await say_why(pilot, "Speaker's guest")
        assert registrations.get_registration(store, cy.registration.id).status == "confirmed"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "return to the waiting list" in str(app.screen.query_one("#confirm-detail").render())
        await pilot.press("y")
        await settle(pilot)
        assert registrations.get_registration(store, cy.registration.id).status == "waitlisted"
        assert "back on the waiting list" in verdict_text(app)


async def test_find_by_name_and_check_in(store, day):
    event = day[0]
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        app.screen.query_one("#find-text", Input).value = "ng"
        await settle(pilot)
        assert app.screen.query_one(OptionList).option_count == 0  # 3+ characters
        app.screen.query_one("#find-text", Input).value = "bo ng"
        await settle(pilot)
        await settle(pilot)
        found = app.screen.query_one(OptionList)
        assert found.option_count == 1 and "Bo Ng" in str(found.get_option_at_index(0).prompt)
        app.screen.query_one("#find-text", Input).value = "lovel"
        await settle(pilot)
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert panel(app).has_class("admitted") and "Ada Lovelace" in verdict_text(app)


async def test_find_typed_fast_then_enter_checks_in_who_was_typed(store, day):
    """Enter before the results for the last keys are back waits for them: the results on show
    (for "lovelace", Abe first) could be someone else."""
    event = day[0]
    registrations.register(store, event.id, "Abe Lovelace", email="abe.l@example.org")
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await burst(pilot, "lovelace")
        assert app.screen.query_one(OptionList).option_count == 2
        await burst(pilot, " ada", "enter")  # "lovelace ada": only Ada
        assert isinstance(app.screen, DeskScreen)
        assert panel(app).has_class("admitted") and "Ada Lovelace" in verdict_text(app)


async def test_pa_checked_in_with_the_person_in_one_step(store, day):
    event, _, ada, sam, _ = day
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, ada.code)
        await pilot.press("f9")
        await settle(pilot)
        names = {e.name for e in checkin.recent(store, event.id) if e.admitted}
        assert names == {"Ada Lovelace", "Sam Support"}


@pytest.mark.parametrize("answer", ["reason", "keep", "escape"])
async def test_a_walk_in_at_a_full_event_is_admitted_only_if_staff_say_why(store, day, answer):
    event = day[0]
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        app.screen.query_one("#walk-name", Input).value = "Walk In Person"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverrideScreen)  # the event is full: staff decide
        assert question(app) == "Admit Walk In Person over capacity?"
        assert app.screen.query_one("#override-reason", Input).has_focus
        await say_why(pilot, "")  # Enter alone does not let them in
        assert "Say why, in a few words" in str(app.screen.query_one("#override-error").render())
        if answer == "reason":
            await say_why(pilot, "Speaker's guest")
        elif answer == "keep":
            keep = app.screen.query_one("#override-no")
            assert str(keep.label) == "Keep on the waiting list"
            await pilot.click(keep)
        else:
            await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        if answer == "reason":
            assert panel(app).has_class("admitted") and "staff override" in verdict_text(app)
            await until(pilot, lambda: "waitlisted (forced: Speaker's guest)" in screen_text(app))
        else:
            assert panel(app).has_class("refused") and "WAITLISTED" in verdict_text(app)
        waiting = [r.name for r in registrations.waiting_list(store, event.id)]
        assert waiting == ([] if answer == "reason" else ["Walk In Person"])
        forced = [e.force_reason for e in checkin.recent(store, event.id) if e.forced]
        assert forced == (["Speaker's guest"] if answer == "reason" else [])


async def test_session_mode_refuses_the_unbooked_and_exit_mode_checks_out(store, day):
    event, workshop, ada, _, bo = day
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(str(workshop.id))
        await pilot.press("enter")
        await settle(pilot)
        assert "Workshop A" in str(app.screen.query_one("#desk-where").render())
        await scan(pilot, bo.code)
        assert "NOT BOOKED" in verdict_text(app) and panel(app).has_class("look")
        await scan(pilot, ada.code)
        assert panel(app).has_class("admitted")
        await pilot.press("f5")
        assert "EXIT" in str(app.screen.query_one("#desk-where").render())
        await scan(pilot, ada.code)
        assert "← CHECKED OUT" in verdict_text(app) and "✓" not in verdict_text(app)
        assert panel(app).has_class("exit") and not panel(app).has_class("admitted")


async def test_choosing_the_door_after_the_desks_session_was_cancelled_elsewhere(store, day):
    event, workshop, _, _, _ = day
    app = desk_app(store, event, session_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        events.cancel_session(store, event.id, workshop.id)  # at another laptop
        await pilot.press("f6")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0 and "Workshop A" not in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert "Door (whole event)" in str(app.screen.query_one("#desk-where").render())


async def test_a_huge_paste_is_an_unknown_code_and_the_desk_keeps_going(store, day):
    event, _, ada, _, _ = day
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#scan").post_message(textual_events.Paste("\x1b[31m" + "A" * 10_000_000))
        await settle(pilot)
        assert "UNKNOWN CODE" in verdict_text(app)
        logged = store.conn.execute("SELECT raw_input FROM checkins").fetchone()[0]
        assert len(logged) <= 128 and "\x1b" not in logged
        await scan(pilot, ada.code)
        assert panel(app).has_class("admitted")


async def test_other_desks_check_ins_appear(store, day, db_path):
    event, _, ada, _, bo = day
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        with Store(db_path) as other_desk:
            checkin.check_in(other_desk, event.id, bo.code, station="Side door", at=NOW)
        recent = app.screen.query_one("#recent", DataTable)
        await until(pilot, lambda: recent.row_count == 1)  # the app polls PRAGMA data_version
        assert "Bo Ng" in [str(c) for c in recent.get_row_at(0)]
        assert "Checked in 1 / 3" in str(app.screen.query_one("#desk-counts").render())


async def test_back_from_a_desk_opened_first_goes_to_its_event(store, day):
    from coprod_events.tui.screens.event import EventScreen
    from coprod_events.tui.screens.events import EventsScreen

    event = day[0]
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen) and app.screen.event_id == event.id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)


async def test_the_header_names_the_desk_event_after_another_desk_closes(store, day):
    event = day[0]
    spring = events.add_event(store, "Spring Forum", kind="conference", starts="4/12/2026 09:00")
    app = desk_app(store, event)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(spring.id)
        await settle(pilot)
        assert "Spring Forum" in str(app.screen.query_one("HeaderTitle").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.screen.event_id == event.id
        assert "Winter Conference" in str(app.screen.query_one("HeaderTitle").render())


async def test_names_and_desk_names_with_square_brackets_show_as_typed(store, day):
    open_day = events.add_event(store, "Open Day", kind="conference",
                                starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    odd = registrations.register(store, open_day.id, "Cy [/] Smith", email="cy@example.org")
    app = desk_app(store, open_day, station="[b]Desk[/b]")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await scan(pilot, odd.code)
        await pilot.press("f2")
        app.screen.query_one("#find-text", Input).value = "smith"
        await settle(pilot)
        found = app.screen.query_one(OptionList)
        assert "Cy [/] Smith" in str(found.get_option_at_index(0).prompt)
        await pilot.press("escape")
        await settle(pilot)
        recent = app.screen.query_one("#recent", DataTable)
        assert [str(cell) for cell in recent.get_row_at(0)][2:] == [
            "Cy [/] Smith", "ok", "Door", "[b]Desk[/b]"]
        assert "[b]Desk[/b]" in str(app.screen.query_one("#desk-where").render())
        await pilot.press("f3")
        app.screen.query_one("#walk-name", Input).value = "Di Ray"
        app.screen.query_one("#walk-email", Input).value = "di[/]"
        await pilot.press("enter")
        await settle(pilot)
        assert "'di[/]' does not look like an email" in str(app.screen.query_one("#walk-error").render())
