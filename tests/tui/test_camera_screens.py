"""The desk and the kiosk scanning with a camera (a video file), through Pilot."""

from __future__ import annotations

import logging
import sys

import pytest

from coprod_events.core import camera, checkin, events, kiosk_pin, registrations
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.widgets.camera_preview import CameraPreview

from camera_video import URL, desk_video
from conftest import burst, london, screen_text, settle, until

NOW = london("2026-12-03 10:30")


@pytest.fixture
def day(store, tmp_path, monkeypatch):
    """An event today, three people (one with an access note), and a video of two of them
    holding up their tickets, then someone holding up a URL's QR."""
    monkeypatch.setattr(camera, "PACE_FILES", False)  # the reader times a file by its frames
    event = events.add_event(store, "Winter Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    people = {name: registrations.register(store, event.id, name, **details) for name, details in (
        ("Ada Lovelace", {"access_notes": "Needs the step-free entrance", "consent": True}),
        ("Bo Ng", {}), ("Cy Young", {}))}
    video = desk_video(tmp_path / "desk.avi", people["Bo Ng"].code, people["Ada Lovelace"].code)
    return event, people, video


def names(store, event) -> list[str | None]:
    return [entry.name for entry in reversed(checkin.recent(store, event.id, limit=20))]


async def test_the_desk_checks_in_each_ticket_held_up_once_in_order_and_ignores_a_url(
        store, day, notices, caplog):
    event, _, video = day
    caplog.set_level(logging.DEBUG)
    app = CoprodApp(store, event=event.id, desk=True, camera=str(video), clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: bool(notices))  # the video has ended
        assert not app.screen.query_one(CameraPreview).display
        await settle(pilot)
        assert names(store, event) == ["Bo Ng", "Ada Lovelace"]
        assert "Ada Lovelace checked in" in screen_text(app)
        assert [n.message for n in notices] == ["The video has ended. Keyboard scanning carries on."]
    assert URL not in caplog.text and "example.org" not in caplog.text
    assert "step-free" not in caplog.text


async def test_the_kiosk_welcomes_a_ticket_held_up_to_its_camera(store, day):
    event, _, video = day
    kiosk_pin.set_pin(store, "2468")
    app = CoprodApp(store, event=event.id, kiosk=True, camera=str(video), clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: len(names(store, event)) == 2)
        await settle(pilot)
        assert "Welcome, Ada" in screen_text(app)
    assert names(store, event) == ["Bo Ng", "Ada Lovelace"]
    assert {entry.station for entry in checkin.recent(store, event.id)} == {checkin.kiosk_station(None)}


async def test_without_the_camera_extra_ctrl_k_says_so_and_typed_scans_carry_on(
        store, day, notices, monkeypatch):
    event, people, _ = day
    monkeypatch.setitem(sys.modules, "cv2", None)  # as if `pip install coprod-events[camera]` was not run
    app = CoprodApp(store, event=event.id, desk=True, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+k")
        await until(pilot, lambda: bool(notices))
        assert notices[0].message == camera.NO_EXTRA and notices[0].severity == "warning"
        assert not app.screen.query_one(CameraPreview).display
        await burst(pilot, people["Cy Young"].code, "enter")
        assert "Cy Young checked in" in screen_text(app)
    assert names(store, event) == ["Cy Young"]
