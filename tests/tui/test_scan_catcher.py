"""Scans as a keyboard-wedge scanner sends them: every end of scan a scanner may be set to
send, several codes in one burst, and codes scanned away from the desk (the events list, an
event's screen after an accidental Esc, a box someone is typing in), which the app catches
rather than read as keys."""

from __future__ import annotations

import itertools

import pytest
from textual import events as textual_events
from textual.widgets import DataTable, Input, TabbedContent

from coprod_events.core import checkin, events, registrations, tickets
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.screens.desk import DeskScreen
from coprod_events.tui.screens.event import EventScreen
from coprod_events.tui.screens.events import EventsScreen
from coprod_events.tui.screens.kiosk import KioskScreen
from coprod_events.tui.widgets.verdict import VerdictPanel

from conftest import burst, key_events, london, settle, until

NOW = london("2026-12-03 10:30")
SIZE = (100, 30)
# Codes with the keys that mean something on the event screen (1, 2, 3 switch tabs; in lower
# case x cancels a registration, p promotes, r registers, a adds a session, k opens the desk).
CODES = ["123XPRAK" + "0" * 17 + "A", "321KARPX" + "0" * 17 + "B", "231CEPX" + "0" * 18 + "C"]


@pytest.fixture
def day(store, monkeypatch):
    """A conference today with Ada, Bo and Cy, whose codes hold the event screen's keys."""
    codes = iter(CODES)
    monkeypatch.setattr(tickets, "new_code", lambda: next(codes))
    event = events.add_event(store, "Winter Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    people = [registrations.register(store, event.slug, name)
              for name in ("Ada Lovelace", "Bo Ng", "Cy Young")]
    assert [person.code for person in people] == CODES
    return event, people


def app_for(store, **options) -> CoprodApp:
    return CoprodApp(store, clock=lambda: NOW, **options)


def checked_in(store, event) -> list[str]:
    """Names in the log, oldest first."""
    return [entry.name or "(unknown)" for entry in reversed(checkin.recent(store, event.id))]


def verdict_name(app) -> str | None:
    verdict = app.screen.query_one(VerdictPanel).verdict
    return verdict.name if verdict else None


async def by_hand(pilot, *parts: str) -> None:
    """Keys as a person types them: each stamped 0.2 s after the one before (the time the
    terminal read it), whatever the machine running the test does meanwhile."""
    app = pilot.app
    keys = list(key_events(parts))
    for index, key in enumerate(keys):
        key.time -= 0.2 * (len(keys) - index)
        key.set_sender(app)
        app.post_message(key)
    await settle(pilot)


# At the desk: every end of scan, several codes in one burst --------------------------------

@pytest.mark.parametrize("end", [("enter",), ("tab",), ("ctrl+j",), ("enter", "ctrl+j")],
                         ids=["CR", "Tab", "LF", "CRLF"])
async def test_each_code_of_a_burst_gets_its_own_verdict_at_the_desk(store, day, end):
    event, people = day
    app = app_for(store, event=event.id, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, *itertools.chain.from_iterable((p.code, *end) for p in people))
        assert checked_in(store, event) == ["Ada Lovelace", "Bo Ng", "Cy Young"]  # no empty scan
        assert verdict_name(app) == "Cy Young"
        await until(pilot, lambda: app.screen.query_one("#recent", DataTable).row_count == 3)
        assert app.screen.query_one("#scan", Input).value == ""


# Away from the desk: caught, never read as keys ------------------------------------------------

async def test_a_scan_on_the_events_list_opens_the_desk_with_its_verdict(store, day):
    event, people = day
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        await burst(pilot, people[1].code, "tab")
        assert isinstance(app.screen, DeskScreen) and app.screen.event_id == event.id
        assert verdict_name(app) == "Bo Ng" and app.screen.query_one(VerdictPanel).has_class("admitted")
        assert checked_in(store, event) == ["Bo Ng"]


@pytest.mark.parametrize("case", [str.upper, str.lower], ids=["upper", "lower (Caps Lock)"])
async def test_after_an_accidental_esc_a_burst_goes_back_to_that_desk(store, day, case):
    """Two codes in one burst on the event screen, whose keys switch tabs, cancel and promote:
    none is read as a key; both are checked, in order, at one desk set as the one left."""
    event, people = day
    app = app_for(store, event=event.id, desk=True, station="Front")
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, people[0].code, "enter")
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventScreen)
        stack = len(app.screen_stack)
        await burst(pilot, case(people[1].code), "enter", case(people[2].code), "enter")
        assert checked_in(store, event) == ["Ada Lovelace", "Bo Ng", "Cy Young"]
        assert isinstance(app.screen, DeskScreen) and len(app.screen_stack) == stack + 1
        assert verdict_name(app) == "Cy Young" and app.screen.station == "Front"
        assert screen.query_one(TabbedContent).active == "tab-registrations"  # no key reached it
        assert all(registrations.get_registration(store, p.registration.id).status == "confirmed"
                   for p in people)


async def test_the_desk_opened_for_a_scan_keeps_the_settings_it_was_left_with(store, day):
    event, people = day
    app = app_for(store, event=event.id, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, people[0].code, "enter")
        await pilot.press("f5")  # exit mode
        await pilot.press("escape")
        await settle(pilot)
        await burst(pilot, people[0].code, "enter")
        assert isinstance(app.screen, DeskScreen) and app.screen.direction == "exit"
        assert [e.direction for e in checkin.recent(store, event.id)] == ["exit", "entry"]


async def test_a_scanner_sending_no_end_key_or_a_late_one(store, day):
    """Codes with no end key are scans too; an end key that comes a moment after one belongs
    to it (here Enter would open the highlighted registration)."""
    event, people = day
    app = app_for(store, event=event.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, people[0].code)
        await until(pilot, lambda: isinstance(app.screen, DeskScreen))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        keys = list(key_events([people[1].code, "enter"]))
        keys[-1].time += 0.1
        for key in keys:
            key.set_sender(app)
            app.post_message(key)
        await until(pilot, lambda: isinstance(app.screen, DeskScreen))
        await settle(pilot)
        assert checked_in(store, event) == ["Ada Lovelace", "Bo Ng"]
        assert [type(screen).__name__ for screen in app.screen_stack[-2:]] == ["EventScreen", "DeskScreen"]


async def test_a_scan_into_a_box_being_typed_in_is_taken_out_and_offered(store, day, notices):
    event, people = day
    app = app_for(store, event=event.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        search.focus()
        await by_hand(pilot, "lo")
        await burst(pilot, people[0].code, "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert search.value == "lo"  # as typed before the scan
        assert "Check in Ada Lovelace?" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen) and checked_in(store, event) == []
        assert notices[-1].message.startswith("Not checked in: Ada Lovelace.")

        await burst(pilot, people[0].code, "tab")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and verdict_name(app) == "Ada Lovelace"
        assert checked_in(store, event) == ["Ada Lovelace"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "lo"


async def test_a_scan_while_a_dialog_is_open_never_answers_it(store, day):
    """Enter answers a yes/no dialog: a scan's Enter must not."""
    event, people = day
    app = app_for(store, event=event.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")  # cancel the highlighted registration? (asks)
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        await burst(pilot, people[1].code, "enter")
        assert isinstance(app.screen, ConfirmScreen) and app.screen is not question
        assert "Check in Bo Ng?" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is question  # still asking, unanswered
        assert all(registrations.get_registration(store, p.registration.id).status == "confirmed"
                   for p in people)


@pytest.mark.parametrize("dialog", ["f2", "f3", "f6"])
async def test_a_scan_over_a_desk_dialog_is_checked_by_that_desk_as_it_is_set(store, day, dialog):
    event, people = day
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 10:00",
                                 ends="3/12/2026 12:00")
    app = app_for(store, event=event.id, desk=True, session_id=plenary.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen) and desk.session_id == plenary.id
        await pilot.press(dialog)  # find by name, walk-in, or choose the door: a dialog over the desk
        await settle(pilot)
        await burst(pilot, people[1].code, "enter")
        assert "Check in Bo Ng?" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is desk and sum(isinstance(s, DeskScreen) for s in app.screen_stack) == 1
        assert verdict_name(app) == "Bo Ng"
        assert [(e.name, e.session_id) for e in checkin.recent(store, event.id)] == [("Bo Ng", plenary.id)]


async def test_a_code_no_ticket_has_is_said_not_lost(store, day, notices):
    event, _ = day
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "7" * 26, "enter")
        assert isinstance(app.screen, EventsScreen)
        assert notices[-1].title == "Scan caught" and "7777" in notices[-1].message
        assert notices[-1].severity == "warning"


# People at the keyboard: nothing changes for them ----------------------------------------------

async def test_keys_pressed_by_hand_and_short_bursts_are_read_as_keys(store, day):
    event, people = day
    app = app_for(store, event=event.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        await burst(pilot, "3")  # a key, however fast: held for a moment, then read
        await until(pilot, lambda: tabs.active == "tab-sessions")
        await by_hand(pilot, "1")
        await until(pilot, lambda: tabs.active == "tab-registrations")
        search = app.screen.query_one("#search", Input)
        search.focus()
        await by_hand(pilot, people[0].code, "enter")  # a code typed by hand is a search
        assert search.value == people[0].code and isinstance(app.screen, EventScreen)
        assert checked_in(store, event) == []


async def test_a_machine_speed_run_that_is_no_code_is_read_as_keys_in_order(store, day, monkeypatch):
    event, _ = day
    shown: list[str] = []
    show_tab = EventScreen.action_show_tab
    monkeypatch.setattr(EventScreen, "action_show_tab",
                        lambda screen, tab: (shown.append(tab), show_tab(screen, tab)))
    app = app_for(store, event=event.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "3", "2", "1")
        await until(pilot, lambda: len(shown) == 3)
        assert shown == ["tab-sessions", "tab-waiting", "tab-registrations"]
        assert checked_in(store, event) == []


async def test_the_kiosk_takes_its_own_scans_and_stays_locked(store, day):
    from coprod_events.core import kiosk_pin

    event, people = day
    kiosk_pin.set_pin(store, "2468")
    app = app_for(store, event=event.id, kiosk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        kiosk = app.screen
        assert isinstance(kiosk, KioskScreen)
        await burst(pilot, people[0].code, "enter", people[1].code, "tab")
        assert app.screen is kiosk
        assert checked_in(store, event) == ["Ada Lovelace", "Bo Ng"]
        assert not app.scan_catcher.busy


def test_the_terminal_s_ends_of_scan_are_the_keys_the_desk_ends_a_scan_on():
    """What Textual makes of CR, Tab, LF and CR LF from a terminal, as the scan field expects."""
    from textual._xterm_parser import XTermParser

    from coprod_events.tui.widgets.scan_input import END_OF_SCAN

    for sent, keys in (("\r", ["enter"]), ("\t", ["tab"]), ("\n", ["ctrl+j"]), ("\r\n", ["enter", "ctrl+j"])):
        read = [e.key for e in XTermParser().feed("AB" + sent) if isinstance(e, textual_events.Key)]
        assert read == ["A", "B", *keys] and set(keys) <= set(END_OF_SCAN)
