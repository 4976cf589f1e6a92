"""F1 help: the keys of the screen it was opened on, read from that screen's bindings."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from coprod_events.core import events
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.screens.help import HelpScreen, key_name

from conftest import settle

SIZE = (100, 30)


def help_text(app: CoprodApp) -> str:
    assert isinstance(app.screen, HelpScreen)
    return "\n".join(str(static.render()) for static in app.screen.query(Static))


def rows(app: CoprodApp) -> dict[str, tuple[str, bool]]:
    assert isinstance(app.screen, HelpScreen)
    return {key.keys: (key.does, key.now) for key in app.screen.keys}


@pytest.fixture
def event(store) -> events.Event:
    return events.add_event(store, "Help Day", kind="conference", starts="3/12/2026 09:00",
                            ends="3/12/2026 17:00")


def test_keys_are_named_as_people_read_them():
    assert [key_name(k) for k in ("ctrl+s", "f2", "escape", "n", "slash", "shift+tab")] == [
        "Ctrl+S", "F2", "Esc", "n", "/", "Shift+Tab"]


@pytest.mark.parametrize("where, heading, ours, theirs", [
    ("events", "Events", {"n": "New event", "k": "Open the check-in desk"}, "F4"),
    ("event", "An event", {"r": "Register", "p": "Promote", "1": "Registrations"}, "n"),
    ("registration", "A registration", {"Ctrl+S": "Save"}, "F4"),
    ("desk", "The check-in desk", {"F3": "Walk-in: register someone and check them in",
                                   "Ctrl+Z": "Undo this desk's last check-in (asks first)"}, "n"),
])
async def test_f1_shows_the_keys_of_the_screen_it_was_pressed_on(store, event, where, heading,
                                                                   ours, theirs):
    desk = where == "desk"
    app = CoprodApp(store, event=event.id if desk else None, desk=desk)
    openers = {"events": lambda app: None, "event": lambda app: app.open_event(event.id),
               "registration": lambda app: app.open_registration(event.id), "desk": lambda app: None}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        openers[where](app)
        await settle(pilot)
        behind = app.screen
        await pilot.press("f1")
        await settle(pilot)
        text, keys = help_text(app), rows(app)
        assert heading in text
        for key, does in ours.items():
            assert keys[key][0] == does
        assert theirs not in keys  # another screen's key
        assert keys["F1"] == ("This help", True) and "Ctrl+P" in keys
        assert ("What the verdicts mean" in text) is desk  # at the desk only
        await pilot.press("escape")
        assert app.screen is behind


async def test_keys_that_do_not_apply_now_are_listed_dimmed(store, event):
    app = CoprodApp(store, event=event.id, desk=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        keys = rows(app)
        assert keys["F4"][1] is False  # no verdict yet to force
        assert keys["F3"][1] is True
        assert "Dimmed keys work only when they apply." in help_text(app)
