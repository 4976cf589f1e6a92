"""Another desk holds the database's write lock: the desk and the kiosk keep painting and taking
input, and every action either completes once the lock is released or says "busy", with
nothing half-done and nothing lost."""

from __future__ import annotations

import itertools
import logging
import threading

import pytest
from textual.widgets import Input

from coprod_events.core import checkin, events, kiosk_pin, registrations, roster
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.dialogs.kiosk_pin import KioskPinScreen
from coprod_events.tui.screens.desk import BUSY, BUSY_SEVERAL, WAITING, DeskScreen
from coprod_events.tui.screens.kiosk import KioskScreen

from conftest import another_desk_writing, burst, london, settle, until, verdict_text

NOW = london("2026-12-03 10:30")
SIZE = (100, 30)
PIN = "2468"
LONG_WAIT = 30.0  # seconds a write may wait in the "completes once released" cases
SHORT_WAIT = 0.3  # and in the "says busy" cases


@pytest.fixture
def day(store):
    event = events.add_event(store, "Winter Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    ada = registrations.register(store, event.id, "Ada Lovelace", email="ada@example.org")
    bo = registrations.register(store, event.id, "Bo Ng", email="bo@example.org")
    kiosk_pin.set_pin(store, PIN)
    return event, ada.code, bo.code


def app_for(store, event, **options) -> CoprodApp:
    return CoprodApp(store, event=event.id, clock=lambda: NOW, station="Front", **options)


def logged(store, event) -> list[tuple[str | None, str, bool]]:
    return [(e.name, e.reason, e.annulled) for e in reversed(checkin.recent(store, event.id))]


class Ticks:
    """A timer of the app's own: if the event loop waited on the database, it would stop."""

    def __init__(self, app: CoprodApp) -> None:
        self.count = 0
        app.set_interval(0.02, self.tick)

    def tick(self) -> None:
        self.count += 1


async def keeps_ticking(pilot, ticks: Ticks, more: int = 10) -> None:
    target = ticks.count + more
    await until(pilot, lambda: ticks.count >= target)


async def test_a_scan_waits_for_the_lock_while_the_desk_keeps_going_then_completes(store, db_path, day):
    event, ada, bo = day
    app = app_for(store, event, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.busy_timeout = LONG_WAIT
        ticks = Ticks(app)
        with another_desk_writing(db_path):
            await burst(pilot, ada, "enter", wait=False)
            await keeps_ticking(pilot, ticks)  # painting and timers go on while the scan waits
            await burst(pilot, bo[:10], wait=False)  # and the scan field takes typing
            assert app.screen.query_one("#scan", Input).value == bo[:10]
            await until(pilot, lambda: WAITING in verdict_text(app))  # not the last verdict
            assert logged(store, event) == []
        await settle(pilot)
        assert "ADMITTED" in verdict_text(app) and "Ada Lovelace" in verdict_text(app)
        assert logged(store, event) == [("Ada Lovelace", "ok", False)]


async def test_a_scan_held_up_too_long_says_busy_records_nothing_and_the_next_scan_works(
        store, db_path, day):
    event, ada, bo = day
    app = app_for(store, event, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.busy_timeout = SHORT_WAIT
        with another_desk_writing(db_path):
            await burst(pilot, ada, "enter")
            assert BUSY in verdict_text(app) and isinstance(app.screen, DeskScreen)
            assert app.screen.query_one("#scan").has_focus
            await burst(pilot, ada, "enter", bo, "tab")  # a burst: the desk says how many to scan again
            assert BUSY_SEVERAL.format(count=2) in verdict_text(app)
        assert logged(store, event) == []
        await burst(pilot, ada, "enter")
        assert "ADMITTED" in verdict_text(app)
        assert logged(store, event) == [("Ada Lovelace", "ok", False)]


async def test_a_later_scan_of_a_burst_that_waits_says_so_not_the_verdict_before(store, day, monkeypatch):
    event, ada, bo = day
    released = threading.Event()
    calls = itertools.count()
    check_in = checkin.check_in

    def second_waits(*args, **kwargs):  # the lock taken by another desk between the two scans
        if next(calls) == 1:
            released.wait(10)
        return check_in(*args, **kwargs)

    monkeypatch.setattr(checkin, "check_in", second_waits)
    app = app_for(store, event, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, ada, "enter", bo, "enter", wait=False)
        await until(pilot, lambda: WAITING in verdict_text(app))  # not Ada's verdict, with Bo at the desk
        released.set()
        await settle(pilot)
        assert "Bo Ng" in verdict_text(app)
        assert logged(store, event) == [("Ada Lovelace", "ok", False), ("Bo Ng", "ok", False)]


async def test_undo_under_the_lock_completes_once_released_or_says_busy(store, db_path, day, notices):
    event, ada, _ = day
    app = app_for(store, event, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, ada, "enter")
        store.busy_timeout = SHORT_WAIT
        with another_desk_writing(db_path):
            await pilot.press("ctrl+z")  # finding what to undo only reads: not held up
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await settle(pilot)
        assert any("busy" in notice.message for notice in notices)
        assert logged(store, event) == [("Ada Lovelace", "ok", False)]  # not undone, not lost
        store.busy_timeout = LONG_WAIT
        await pilot.press("ctrl+z")
        await settle(pilot)
        with another_desk_writing(db_path):
            await pilot.press("y")
            await pilot.pause()
        await settle(pilot)
        assert "Undone: Ada Lovelace" in verdict_text(app)
        assert logged(store, event) == [("Ada Lovelace", "ok", True)]


async def test_a_walk_in_under_the_lock_is_registered_once_released(store, db_path, day):
    event = day[0]
    app = app_for(store, event, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.busy_timeout = LONG_WAIT
        ticks = Ticks(app)
        await pilot.press("f3")
        app.screen.query_one("#walk-name", Input).value = "Cy Walkin"
        with another_desk_writing(db_path):
            await pilot.press("enter")
            await keeps_ticking(pilot, ticks)
            await pilot.press("enter")  # again: nothing seemed to happen
            await keeps_ticking(pilot, ticks)
            assert [r.name for r in registrations.waiting_list(store, event.id)] == []
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen) and "Cy Walkin" in verdict_text(app)
        assert logged(store, event) == [("Cy Walkin", "ok", False)]
        assert [row.name for row in roster.roster(store, event.id, text="Walkin").rows] == ["Cy Walkin"]


async def test_a_walk_in_held_up_too_long_keeps_what_was_typed(store, db_path, day):
    event = day[0]
    app = app_for(store, event, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.busy_timeout = SHORT_WAIT
        await pilot.press("f3")
        app.screen.query_one("#walk-name", Input).value = "Cy Walkin"
        with another_desk_writing(db_path):
            await pilot.press("enter")
            await settle(pilot)
        assert "busy" in str(app.screen.query_one("#walk-error").render())
        assert app.screen.query_one("#walk-name", Input).value == "Cy Walkin"  # nothing lost
        await pilot.press("enter")  # try again, now the lock is free
        await settle(pilot)
        assert logged(store, event) == [("Cy Walkin", "ok", False)]


async def test_the_kiosk_under_the_lock_sends_to_the_desk_and_logs_why(store, db_path, day, caplog):
    event, ada, bo = day
    app = app_for(store, event, kiosk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.busy_timeout = SHORT_WAIT
        ticks = Ticks(app)
        with caplog.at_level(logging.WARNING), another_desk_writing(db_path):
            await burst(pilot, ada, "enter", wait=False)
            await keeps_ticking(pilot, ticks)
            await settle(pilot)
        assert isinstance(app.screen, KioskScreen) and app.screen.mood == "desk"
        assert any("busy" in record.getMessage() for record in caplog.records)
        assert not any(ada in record.getMessage() or "Ada" in record.getMessage()
                       for record in caplog.records)  # the log says what failed, not who
        await burst(pilot, bo, "enter")
        assert app.screen.mood == "admitted"
        assert logged(store, event) == [("Bo Ng", "ok", False)]


async def test_the_kiosk_pin_under_the_lock_is_not_lost_and_works_once_released(store, db_path, day):
    event = day[0]
    app = app_for(store, event, kiosk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.busy_timeout = SHORT_WAIT
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, KioskPinScreen)
        with another_desk_writing(db_path):
            await pilot.press(*PIN, "enter")
            await settle(pilot)
        message = str(app.screen.query_one("#pin-message").render())
        assert isinstance(app.screen, KioskPinScreen) and "could not be checked" in message
        assert kiosk_pin.wait_seconds(store) == 0  # an unheard try is not counted as wrong
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert app.return_code == 0  # unlocked: a kiosk started as one quits


async def test_a_database_call_on_the_screens_thread_is_caught_in_tests(store, day, monkeypatch):
    """The guard the whole suite runs under (conftest): a handler that skipped run_core fails."""
    from coprod_events.tui.messages import DatabaseChanged

    event = day[0]
    monkeypatch.setattr(DeskScreen, "on_database_changed",
                        lambda screen, _: checkin.counts(store, event.id))
    app = app_for(store, event, desk=True)
    with pytest.raises(RuntimeError, match="screen's thread"):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.screen.post_message(DatabaseChanged())
            await pilot.pause()
    assert checkin.counts(store, event.id).expected == 2  # the test's own code may read
