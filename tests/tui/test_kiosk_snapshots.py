"""Snapshots of the kiosk as an attendee sees it, on a fixed database and clock.

Regenerate with `pytest tests/tui/test_kiosk_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from coprod_events.core import events, kiosk_pin, registrations
from coprod_events.tui.app import CoprodApp

from conftest import burst, london
from conftest import settle as finish_work

NOW = london("2026-12-03 10:30")
SIZE = (100, 30)


@pytest.fixture
def conference(store, frozen) -> tuple[events.Event, dict[str, str]]:
    """A conference this morning: a plenary in the Great Hall, Ada booked on a workshop."""
    event = events.add_event(store, "Co-producing Change 2026", kind="conference",
                             starts="3/12/2026 09:30", ends="3/12/2026 16:30",
                             venue="Ash Court Building")
    events.add_session(store, event.id, "Plenary: Why co-production?", room="Great Hall",
                       starts="3/12/2026 09:30", ends="3/12/2026 11:00")
    workshop = events.add_session(store, event.id, "Workshop A: Peer support in practice",
                                  room="Room 2", booking_required=True,
                                  starts="3/12/2026 11:15", ends="3/12/2026 12:45")
    ada = registrations.register(store, event.id, "Ada Okafor", email="ada@example.org",
                                 access=["bsl"], consent=True, sessions=[workshop.id])
    kiosk_pin.set_pin(store, "2468")
    return event, {"ada": ada.code}


def kiosk(store, event: events.Event) -> CoprodApp:
    return CoprodApp(store, event=event.id, kiosk=True, clock=lambda: NOW)


async def settle(pilot: Pilot) -> None:
    """Let the app finish its database work (the PIN tries), and stop every cursor blinking, so
    the picture is the same each run."""
    await finish_work(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def scanning(*parts: str):
    """run_before: what a scanner types in one burst (a code and Enter), if anything."""
    async def run(pilot: Pilot) -> None:
        await pilot.pause()
        await burst(pilot, *parts)
        await settle(pilot)
    return run


def test_kiosk_welcome(snap_compare, store, conference):
    event, _ = conference
    assert snap_compare(kiosk(store, event), terminal_size=SIZE, run_before=scanning())


def test_kiosk_admitted(snap_compare, store, conference):
    event, codes = conference
    assert snap_compare(kiosk(store, event), terminal_size=SIZE,
                        run_before=scanning(codes["ada"], "enter"))


def test_kiosk_admitted_80x24(snap_compare, store, conference):
    event, codes = conference
    assert snap_compare(kiosk(store, event), terminal_size=(80, 24),
                        run_before=scanning(codes["ada"], "enter"))


def test_kiosk_please_see_the_desk(snap_compare, store, conference):
    event, _ = conference
    assert snap_compare(kiosk(store, event), terminal_size=SIZE,
                        run_before=scanning("7K3MAQ9Z2B4C6D8EFGHJ0KMNPQ", "enter"))


def test_kiosk_pin_slowed_down(snap_compare, store, conference, monkeypatch):
    monkeypatch.setattr(kiosk_pin, "clock", lambda: 1_800_000_000.0)
    event, _ = conference

    async def three_wrong_pins(pilot: Pilot) -> None:  # staff, typing by hand
        await pilot.pause()
        await pilot.press("f12", *"1111", "enter", *"2222", "enter", *"3333", "enter")
        await settle(pilot)
    assert snap_compare(kiosk(store, event), terminal_size=SIZE, run_before=three_wrong_pins)
