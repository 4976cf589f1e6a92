"""What the app does around its screens: the palette's screenshot, and toasts that belong to
the page they were shown on."""

from __future__ import annotations

import os

from textual.command import CommandList
from textual.widgets._toast import Toast

from coprod_events.core import events
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen

from conftest import burst, settle, until

SIZE = (100, 30)


def toasts(app: CoprodApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def take_screenshot(app: CoprodApp, pilot, notices) -> None:
    """Through the palette, as staff would, until the app says how it went."""
    await pilot.press("ctrl+p")
    await burst(pilot, "Screenshot")
    await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
    await pilot.press("enter")
    await until(pilot, lambda: any(n.title.startswith("Screenshot") for n in notices))


async def test_the_palettes_screenshot_is_saved_in_the_data_folder_and_says_where(
        tmp_path, monkeypatch, notices):
    monkeypatch.setenv("HOME", str(tmp_path / "home-without-downloads"))
    app = CoprodApp(Store(tmp_path / "data" / "coprod.db"))
    async with app.run_test(size=SIZE) as pilot:
        await take_screenshot(app, pilot, notices)
    folder = tmp_path / "data" / "screenshots"
    [saved] = folder.glob("*.svg")
    assert "<svg" in saved.read_text(encoding="utf-8")
    # A screen may show someone's notes: yours alone to read.
    assert folder.stat().st_mode & 0o777 == 0o700 and saved.stat().st_mode & 0o777 == 0o600
    assert [(n.message, n.severity) for n in notices if n.title == "Screenshot"] == [
        (f"Saved to {saved}", "information")]


async def test_a_screenshots_folder_left_open_is_made_private(tmp_path, notices):
    folder = tmp_path / "screenshots"
    folder.mkdir()
    folder.chmod(0o755)
    app = CoprodApp(Store(tmp_path / "coprod.db"))
    was = os.umask(0o022)  # as most logins have it: Textual alone would leave the file 0644
    try:
        async with app.run_test(size=SIZE) as pilot:
            await take_screenshot(app, pilot, notices)
    finally:
        os.umask(was)
    [saved] = folder.glob("*.svg")
    assert "<svg" in saved.read_text(encoding="utf-8")
    assert folder.stat().st_mode & 0o777 == 0o700 and saved.stat().st_mode & 0o777 == 0o600


async def test_toasts_are_cleared_when_the_page_changes_but_not_for_a_dialog(tmp_path):
    app = CoprodApp(Store(tmp_path / "coprod.db"))
    event = events.add_event(app.store, "Toast Day", kind="workshop", starts="3/12/2026 10:00")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.notify("Said on the events list", timeout=600)  # would outlast the test
        await until(pilot, lambda: toasts(app) == ["Said on the events list"])
        app.push_screen(ConfirmScreen("A question?", "", yes="Yes"))
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen)
                    and toasts(app) == ["Said on the events list"])  # the same page underneath
        await pilot.press("escape")
        await settle(pilot)
        app.notify("Said as the page changes", timeout=600)  # by the step that changes page
        app.open_event(event.id)
        await until(pilot, lambda: toasts(app) == ["Said as the page changes"])
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "EventsScreen" and toasts(app) == [])
