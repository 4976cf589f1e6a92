"""The self check-in kiosk, driven through Pilot as attendees (and a scanner) and staff would."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual import events as textual_events
from textual.command import CommandPalette
from textual.widgets import DataTable, Input

from coprod_events.core import audit, badge_codes, checkin, events, kiosk_pin, registrations, tickets
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs import kiosk_pin as kiosk_pin_dialog
from coprod_events.tui.dialogs.kiosk_pin import KioskPinScreen
from coprod_events.tui.screens import kiosk as kiosk_screen
from coprod_events.tui.screens.desk import DeskScreen
from coprod_events.tui.screens.help import HelpScreen
from coprod_events.tui.screens.kiosk import KioskScreen
from coprod_events.tui.widgets.big_text import BigText

from conftest import burst, london, palette, screen_text, settle, until

NOW = london("2026-12-03 10:30")
SIZE = (100, 30)
PIN = "2468"
NOT_A_TICKET = "7K3MAQ9Z2B4C6D8EFGHJ0KMNPQ"


@dataclass
class Day:
    event: events.Event
    workshop: events.Session
    codes: dict[str, str]


@pytest.fixture
def day(store) -> Day:
    """A conference today: a plenary in the Great Hall, a booked workshop in Room 2, and
    people in every state a kiosk can meet."""
    event = events.add_event(store, "Winter Conference", kind="conference", capacity=4,
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    events.add_session(store, event.id, "Plenary", room="Great Hall",
                       starts="3/12/2026 09:30", ends="3/12/2026 10:45")
    workshop = events.add_session(store, event.id, "Workshop A", room="Room 2",
                                  booking_required=True, starts="3/12/2026 11:00",
                                  ends="3/12/2026 12:00")
    other = events.add_event(store, "Spring Training", kind="training",
                             starts="3/3/2027 10:00", ends="3/3/2027 12:00")
    codes = {}

    def register(key, name, event_id=event.id, **details):
        result = registrations.register(store, event_id, name, email=f"{key}@example.org", **details)
        codes[key] = result.code
        return result.registration

    register("ada", "Ada Lovelace", access=["bsl"], access_notes="Left side of the stage",
             consent=True, roles=["expert_by_experience"], sessions=[workshop.id])
    register("bo", "Bo Ng")
    registrations.cancel(store, register("cy", "Cy Cancelled").id)
    eve = register("eve", "Eve Revoked")
    tickets.issue(store, eve.id, reissue=True)  # the old code is on her phone's screenshot
    register("dot", "Dot Early")
    assert register("flo", "Flo Waiting").status == "waitlisted"  # the event is full
    register("gus", "Gus Elsewhere", event_id=other.id)
    checkin.check_in(store, event.id, codes["dot"], at=london("2026-12-03 09:10"), station="Front")
    kiosk_pin.set_pin(store, PIN)
    return Day(event, workshop, codes)


def kiosk_app(store, day: Day, **options) -> CoprodApp:
    return CoprodApp(store, event=day.event.id, kiosk=True, clock=lambda: NOW, **options)


def desk_app(store, day: Day) -> CoprodApp:
    return CoprodApp(store, event=day.event.id, desk=True, station="Front", clock=lambda: NOW)


def headline(app) -> str:
    return app.screen.query_one("#kiosk-headline", BigText).text


async def scan(pilot, code: str, end: str = "enter") -> None:
    """A keyboard-wedge scanner: the code's characters and Enter (or Tab) in one burst."""
    await burst(pilot, code, end)


def kiosk_rows(store, event) -> list[checkin.LogEntry]:
    return [e for e in checkin.recent(store, event.id, limit=50) if e.station == "Kiosk"]


# What the attendee sees -----------------------------------------------------------------


async def test_the_welcome_screen_asks_for_a_scan(store, day):
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen)
        assert headline(app) == "Scan your QR code"
        text = screen_text(app)
        assert "Winter Conference" in text and "Hold your ticket's QR code under the scanner." in text
        assert "█████" in text  # the headline in large block letters
        assert app.screen.query_one("#kiosk-scan", Input).has_focus


async def test_admitted_shows_first_name_and_room_and_nothing_private(store, day):
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, day.codes["ada"])
        assert app.screen.mood == "admitted"
        assert headline(app) == "Welcome, Ada"
        text = screen_text(app)
        assert "Welcome, Ada. You're checked in." in text
        assert "Plenary" in text and "Great Hall" in text  # her next session, and where
        for private in ("Lovelace", "BSL", "interpreter", "Left side", "expert", "ada@"):
            assert private not in text
        assert not app.screen.query_one("#kiosk-scan", Input).value
        assert app.screen.query_one("#kiosk-scan", Input).has_focus
        [logged] = kiosk_rows(store, day.event)
        assert logged.admitted and logged.name == "Ada Lovelace"


async def test_a_kiosk_at_a_session_shows_that_room(store, day):
    app = kiosk_app(store, day, session_id=day.workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, day.codes["ada"])
        text = screen_text(app)
        assert "Welcome, Ada" in text and "Workshop A" in text and "Room 2" in text
        await scan(pilot, day.codes["bo"])  # not booked on the workshop
        assert app.screen.mood == "desk" and "Bo" not in screen_text(app)


REFUSALS = {
    "unknown": (NOT_A_TICKET, checkin.UNKNOWN_CODE),
    "revoked": (None, checkin.REVOKED_CODE),
    "cancelled": ("cy", checkin.CANCELLED),
    "waitlisted": ("flo", checkin.WAITLISTED),
    "wrong event": ("gus", checkin.WRONG_EVENT),
    "already checked in": ("dot", checkin.ALREADY_CHECKED_IN),
}
REASON_WORDS = ("unknown", "revoked", "replaced", "cancel", "wait", "wrong", "spring", "training",
                "already", "booked", "closed", "not open", "ticket for", "checked in")
NAME_WORDS = ("Cy", "Cancelled", "Eve", "Revoked", "Dot", "Early", "Flo", "Waiting", "Gus", "Elsewhere")


@pytest.mark.parametrize("kind", list(REFUSALS))
async def test_every_refusal_only_says_please_see_the_desk(store, day, kind):
    key, reason = REFUSALS[kind]
    if key is None:  # the revoked code: Eve's first ticket
        code = store.conn.execute("SELECT code FROM tickets WHERE revoked_at IS NOT NULL").fetchone()[0]
    else:
        code = day.codes.get(key, key)
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, code)
        assert isinstance(app.screen, KioskScreen) and app.screen.mood == "desk"
        assert headline(app) == "Please see the desk"
        text = screen_text(app)
        assert "Please see the desk. A member of staff will help you." in text
        for word in REASON_WORDS:
            assert word not in text.lower(), word
        for word in NAME_WORDS:
            assert word not in text, word
    [logged] = kiosk_rows(store, day.event)
    assert logged.reason == reason and not logged.admitted  # the reason is in the log, for the desk


async def test_a_badge_is_never_a_way_in_and_the_kiosk_says_scan_the_ticket(store, day):
    """Dot was let in at the desk at 09:10; her badge's code still does not open a kiosk."""
    dot = registrations.get_registration(store, tickets.find(store, day.codes["dot"]).registration_id)
    badge = badge_codes.issue_for(store, [dot.id])[dot.id]
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, badge)
        assert app.screen.mood == "desk" and headline(app) == "Scan your ticket"
        text = screen_text(app)
        assert "That is your name badge. Please scan your ticket, or see the desk." in text
        assert "Dot" not in text and "Early" not in text
    [logged] = kiosk_rows(store, day.event)
    assert logged.reason == checkin.BADGE_NOT_TICKET and not logged.admitted


async def test_it_clears_itself_after_a_few_seconds(store, day):
    app = kiosk_app(store, day, clear_after=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, day.codes["ada"])
        assert "Welcome, Ada" in screen_text(app)
        await until(pilot, lambda: app.screen.mood == "welcome")
        assert headline(app) == "Scan your QR code"
        assert "Ada" not in screen_text(app) and "Great Hall" not in screen_text(app)
        await scan(pilot, "NONSENSE")
        assert app.screen.mood == "desk"
        await until(pilot, lambda: app.screen.mood == "welcome")


# What a scanner sends ------------------------------------------------------------------------


@pytest.mark.parametrize("ending", [("tab",), ("tab", "enter"), ("enter",)])
async def test_lower_case_and_a_trailing_tab_still_admit(store, day, ending):
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, day.codes["bo"].lower(), *ending)
        assert app.screen.mood == "admitted" and headline(app) == "Welcome, Bo"
    assert [e.admitted for e in kiosk_rows(store, day.event)] == [True]


async def test_a_code_scanned_twice_in_a_second_admits_once(store, day, monkeypatch):
    monkeypatch.setattr(kiosk_screen, "REPEAT_SECONDS", 60)  # however slow the test machine
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, day.codes["bo"])
        await scan(pilot, day.codes["bo"].lower())  # the same code: the welcome stays
        assert app.screen.mood == "admitted" and headline(app) == "Welcome, Bo"
    rows = kiosk_rows(store, day.event)
    assert len(rows) == 1 and rows[0].admitted  # one admission, and no refusal logged either


async def test_the_same_code_later_is_sent_to_the_desk(store, day, monkeypatch):
    monkeypatch.setattr(kiosk_screen, "REPEAT_SECONDS", 0)
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, day.codes["bo"])
        await scan(pilot, day.codes["bo"])
        assert app.screen.mood == "desk"
    assert [e.reason for e in reversed(kiosk_rows(store, day.event))] == [
        checkin.OK, checkin.ALREADY_CHECKED_IN]


async def test_garbage_from_a_scanner_sends_to_the_desk_and_the_kiosk_stays(store, day):
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "escape", "[200~x", "enter")  # a stray escape sequence
        assert isinstance(app.screen, KioskScreen) and app.screen.mood == "desk"
        field = app.screen.query_one("#kiosk-scan", Input)
        field.post_message(textual_events.Paste("Z" * 100_000))
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen) and app.screen.mood == "desk"
        assert field.value == "" and field.has_focus
        await scan(pilot, day.codes["ada"])  # and the next person is welcomed as usual
        assert app.screen.mood == "admitted"
    assert len(kiosk_rows(store, day.event)) == 3


async def test_half_a_code_typed_by_hand_is_cleared(store, day, monkeypatch):
    monkeypatch.setattr(kiosk_screen, "STALE_INPUT_SECONDS", 1.0)
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "hello")
        assert app.screen.query_one("#kiosk-scan", Input).value == "hello"
        await until(pilot, lambda: app.screen.query_one("#kiosk-scan", Input).value == "")
        await scan(pilot, day.codes["bo"])
        assert app.screen.mood == "admitted"


async def test_a_click_elsewhere_leaves_the_scan_field_focused(store, day):
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#kiosk-panel")
        await pilot.click("#kiosk-where")
        await settle(pilot)
        assert app.screen.query_one("#kiosk-scan", Input).has_focus


# Locked ------------------------------------------------------------------------------------


BLOCKED = ["ctrl+q", "ctrl+c", "ctrl+p", "escape", "f1", "f2", "f3", "f4", "f5", "f6", "f7",
           "f8", "f9", "ctrl+z", "tab", "shift+tab", "ctrl+s"]


@pytest.mark.parametrize("key", BLOCKED)
async def test_every_other_key_does_nothing_while_locked(store, day, key, notices):
    """Opened over the desk, so the desk's own keys would be there to find."""
    app = desk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        app.open_kiosk(day.event.id)
        await settle(pilot)
        kiosk = app.screen
        assert isinstance(kiosk, KioskScreen)
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is kiosk and app.return_code is None and app.is_running
        assert not CommandPalette.is_open(app)
        assert not any(isinstance(s, HelpScreen) for s in app.screen_stack)
        assert not notices  # not even "press ctrl+q to quit"
        assert kiosk.mood == "welcome" and not kiosk_rows(store, day.event)


async def test_a_message_for_staff_never_shows_over_the_kiosk(store, day):
    """Work a staff screen started can finish once the kiosk is up, and say so with names."""
    app = desk_app(store, day)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.open_kiosk(day.event.id)
        await settle(pilot)
        app.notify("Also cancelled (PA): Sam Support.", title="Cancelled")
        await pilot.pause()
        assert isinstance(app.screen, KioskScreen) and "Sam Support" not in screen_text(app)


async def test_the_right_pin_unlocks_and_a_kiosk_started_as_one_quits(store, day):
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, KioskPinScreen)
        assert app.screen.query_one("#pin", Input).password
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert app.return_code == 0  # back to the terminal prompt it was started from


async def test_unlocking_a_kiosk_opened_from_the_desk_goes_back_to_the_desk(store, day):
    app = desk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        app.open_kiosk(day.event.id)
        await settle(pilot)
        await pilot.press("ctrl+u")
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and app.return_code is None
        await pilot.press("ctrl+p")  # the app's keys work again
        await settle(pilot)
        assert CommandPalette.is_open(app)


async def test_escape_in_the_pin_dialog_goes_back_to_the_kiosk(store, day):
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, day.codes["ada"])
        await pilot.press("f12")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen) and app.screen.mood == "welcome"
        assert app.screen.query_one("#kiosk-scan", Input).has_focus


async def test_the_pin_dialog_left_open_closes_itself(store, day, monkeypatch):
    monkeypatch.setattr(kiosk_pin_dialog, "PIN_IDLE_SECONDS", 0.2)
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, KioskScreen))
        assert app.screen.mood == "welcome"


async def test_wrong_pins_are_refused_then_slowed_down(store, day, monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(kiosk_pin, "clock", lambda: clock[0])
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot)
        dialog = app.screen
        message = lambda: str(dialog.query_one("#pin-message").render())  # noqa: E731
        field = dialog.query_one("#pin", Input)
        await pilot.press(*"1111", "enter")
        await settle(pilot)
        assert "That PIN is not right." in message() and "Try again in" not in message()
        assert isinstance(app.screen, KioskPinScreen) and field.value == ""
        await pilot.press(*"2222", "enter", *"3333", "enter")
        await settle(pilot)
        assert "Try again in 5 seconds" in message() and field.disabled
        await pilot.press(*PIN, "enter")  # heard by nothing: the field is shut
        await settle(pilot)
        assert isinstance(app.screen, KioskPinScreen) and app.return_code is None
        clock[0] += 5
        await until(pilot, lambda: field.has_focus)  # the countdown (every second) notices: open again
        assert not field.disabled and "Try again in" not in message()
        await pilot.press(*"4444", "enter")
        await settle(pilot)
        assert "Try again in 10 seconds" in message()  # longer each time
        clock[0] += 10
        await until(pilot, lambda: field.has_focus)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert app.return_code == 0
    assert kiosk_pin.wait_seconds(store) == 0


async def test_no_pin_no_kiosk(store, day, notices):
    with store.write():
        store.run("DELETE FROM settings")
    app = desk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        app.open_kiosk(day.event.id)
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert any("kiosk-pin" in notice.message for notice in notices)


# The desk's side -----------------------------------------------------------------------------


async def test_the_palette_opens_the_kiosk_and_the_desk_sees_its_refusals(store, day):
    app = desk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        assert "Open the kiosk" in (await palette(pilot, "open the kiosk"))[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen)
        await scan(pilot, day.codes["cy"])
        assert "Cy" not in screen_text(app)
        await pilot.press("f12", *PIN, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        recent = app.screen.query_one("#recent", DataTable)
        newest = [str(cell) for cell in recent.get_row_at(0)]
        # The kiosk took the desk's name: "Kiosk Front".
        assert newest[2:] == ["Cy Cancelled", "cancelled → sent to the desk", "Door", "Kiosk Front"]


async def test_the_desks_palette_lifts_the_kiosk_pin_wait(store, day, notices):
    for _ in range(3):
        kiosk_pin.try_pin(store, "0000")
    app = desk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        assert "Lift the kiosk PIN wait" in (await palette(pilot, "lift the kiosk"))[0]
        await pilot.press("enter")
        await until(pilot, lambda: any("wait lifted" in n.message for n in notices))
    assert kiosk_pin.wait_seconds(store) == 0
    [entry] = [e for e in audit.entries(store) if e.action == "kiosk_unlocked"]
    assert (entry.station, entry.detail) == ("Front", "after 3 wrong tries")


async def test_a_desk_in_another_app_sees_the_kiosk_live(store, day, db_path):
    """Two processes on one file: a desk's poll picks up the kiosk's refusal."""
    from coprod_events.core.store import Store

    with Store(db_path) as other:
        desk = desk_app(other, day)
        kiosk = kiosk_app(store, day)
        async with desk.run_test(size=SIZE) as desk_pilot, kiosk.run_test(size=SIZE) as kiosk_pilot:
            await scan(kiosk_pilot, NOT_A_TICKET)
            recent = desk.screen.query_one("#recent", DataTable)
            await until(desk_pilot, lambda: recent.row_count == 2)  # the desk polls every second
            cells = [str(cell) for cell in recent.get_row_at(0)]
            assert cells[2:] == ["(unknown code)", "unknown code → sent to the desk", "Door", "Kiosk"]


async def test_a_named_kiosk_is_logged_as_kiosk_and_its_name(store, day):
    app = CoprodApp(store, event=day.event.id, kiosk=True, station="Foyer", clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, day.codes["bo"])
    assert checkin.recent(store, day.event.id)[0].station == "Kiosk Foyer"
    assert checkin.kiosk_station("Kiosk 2") == "Kiosk 2"


# Sizes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)])
async def test_it_fits_small_and_large_terminals(store, day, size):
    app = kiosk_app(store, day)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "Hold your ticket's QR code" in screen_text(app)
        await scan(pilot, day.codes["ada"])
        text = screen_text(app)
        assert "Welcome, Ada. You're checked in." in text and "Great Hall" in text
        assert "█████" in text


async def test_a_name_the_block_font_cannot_draw_is_shown_as_it_is(store, day):
    result = registrations.register(store, day.event.id, "Zoë Brontë", email="zoe@example.org")
    assert result.registration.status == "waitlisted"  # full: let her in at the door by force
    registrations.promote(store, result.registration.id)
    app = kiosk_app(store, day)
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, result.code)
        text = screen_text(app)
        assert app.screen.mood == "admitted"
        assert "Zoë" in text.replace("Welcome, Zoë. You're checked in.", "")  # the big line
        assert "Brontë" not in text


@pytest.mark.parametrize("name", ["[/] Smith", "Bo [b]Ng[/b]", "Ada [the great]"])
async def test_a_name_with_square_brackets_shows_as_typed(store, day, name):
    open_day = events.add_event(store, "Open Day", kind="conference",
                                starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    code = registrations.register(store, open_day.id, name, email="brackets@example.org").code
    kiosk = CoprodApp(store, event=open_day.id, kiosk=True, clock=lambda: NOW)
    async with kiosk.run_test(size=SIZE) as pilot:
        await scan(pilot, code)
        assert name.split()[0] in screen_text(kiosk)  # the first name, as registered
    desk = CoprodApp(store, event=open_day.id, desk=True, clock=lambda: NOW)
    async with desk.run_test(size=SIZE) as pilot:
        await scan(pilot, code)
        assert name in screen_text(desk)  # the verdict and the live list
