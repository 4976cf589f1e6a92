"""Privacy work from the palette, as staff would find it: a backup now from any screen; and on a
person's registration, everything held about them (subject access) and their erasure."""

from __future__ import annotations

import json
import re
from pathlib import Path

from textual.widgets import Input

from coprod_events.core import events, registrations
from coprod_events.core.erasure import ERASED_NAME
from coprod_events.core.people import find_person
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.privacy_commands import ExportHeldScreen
from coprod_events.tui.screens.registration import RegistrationScreen

from conftest import palette, settle, until

SIZE = (100, 30)


async def on_registration(pilot, app: CoprodApp, event_id: int, registration_id: int | None) -> None:
    app.open_registration(event_id, registration_id)
    await until(pilot, lambda: isinstance(app.screen, RegistrationScreen))
    await settle(pilot)


def spring(store: Store) -> events.Event:
    return events.add_event(store, "Spring Gathering", kind="conference", starts="3/3/2030 09:00",
                            ends="3/3/2030 17:00", capacity=1)


async def test_back_up_now_from_the_palette_says_where_the_copy_is(tmp_path, notices):
    app = CoprodApp(Store(tmp_path / "data" / "coprod.db"))
    async with app.run_test(size=SIZE) as pilot:
        assert (await palette(pilot, "back up now"))[0].startswith("Back up the database now")
        await pilot.press("enter")
        await until(pilot, lambda: any(n.title == "Backed up" for n in notices))
    said = next(n.message for n in notices if n.title == "Backed up")
    copy = Path(re.fullmatch(r"The database is backed up in (.+)\.", said)[1])
    assert copy.read_bytes().startswith(b"SQLite format 3\x00")


async def test_everything_held_about_a_person_is_written_where_staff_say(tmp_path, notices):
    app = CoprodApp(Store(tmp_path / "t.db"))
    event = spring(app.store)
    ada = registrations.register(app.store, event.id, "Ada Quill", email="ada@example.org",
                                 consent=True, access_notes="Quiet room please").registration
    async with app.run_test(size=SIZE) as pilot:
        await on_registration(pilot, app, event.id, ada.id)
        offered = await palette(pilot, "everything held")
        assert offered[0] == "Everything held about Ada Quill (subject access)"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExportHeldScreen))
        (tmp_path / "taken.html").write_text("someone else's")
        for refused in ("ada.txt", "taken.json"):  # not a .json name; its page's name is taken
            app.screen.query_one(Input).value = str(tmp_path / refused)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ExportHeldScreen)  # said in the dialog, to correct
            assert str(app.screen.query_one("#export-error").render())
        app.screen.query_one(Input).value = str(tmp_path / "for-ada" / "ada.json")  # a new folder
        await pilot.press("enter")
        await until(pilot, lambda: any(n.title == "Subject access" for n in notices))
    held = json.loads((tmp_path / "for-ada" / "ada.json").read_text())
    assert held["person"]["name"] == "Ada Quill" and "Quiet room please" in json.dumps(held)
    assert "Ada Quill" in (tmp_path / "for-ada" / "ada.html").read_text()
    assert (tmp_path / "taken.html").read_text() == "someone else's"


async def test_erasing_from_the_registration_asks_first_and_the_waiting_list_moves_up(tmp_path, notices):
    app = CoprodApp(Store(tmp_path / "t.db"))
    event = spring(app.store)
    ada = registrations.register(app.store, event.id, "Ada Quill", email="ada@example.org").registration
    wendy = registrations.register(app.store, event.id, "Wendy Waits", email="w@example.org").registration
    async with app.run_test(size=SIZE) as pilot:
        await on_registration(pilot, app, event.id, None)  # a new registration: no one to erase yet
        assert not any(o.startswith("Erase ") for o in await palette(pilot, "erase"))
        await pilot.press("escape")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, RegistrationScreen))

        await on_registration(pilot, app, event.id, ada.id)
        assert (await palette(pilot, "erase ada"))[0] == "Erase Ada Quill at their request"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # Enter keeps them: only y erases
        await settle(pilot)
        assert isinstance(app.screen, RegistrationScreen)
        assert find_person(app.store, "ada@example.org").name == "Ada Quill"

        await palette(pilot, "erase ada")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        assert not isinstance(app.screen, RegistrationScreen)  # closed at once: nothing to save back
        await until(pilot, lambda: any(n.title == "Erased" for n in notices))
    assert find_person(app.store, str(ada.person.id)).name == ERASED_NAME
    assert registrations.get_registration(app.store, wendy.id).status == "confirmed"
    said = next(n.message for n in notices if n.title == "Erased")
    assert said.startswith("Ada Quill is erased: 1 registration kept without a name. Cancelled 1 ")
