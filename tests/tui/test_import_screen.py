"""The Import screen, driven by Pilot: from the event screen, a file read and its dry run shown
(format, columns, every row and problem), a column's field changed, the consent notice given,
then the import with its progress bar and summary."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DataTable, Input, ProgressBar, Select, Static

from coprod_events.core import events, registrations
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.screens.event import EventScreen
from coprod_events.tui.screens.import_file import ImportScreen
from coprod_events.tui.widgets.row_list import RowList

from conftest import settle

DATA = Path(__file__).parents[1] / "data" / "imports"
SIZE = (100, 30)
SESSIONS = ("Opening plenary", "Workshop A: Peer support, in practice", "Workshop B: Co-producing research")


def make_app(tmp_path) -> tuple[CoprodApp, events.Event]:
    store = Store(tmp_path / "t.db")
    event = events.add_event(store, "Peer Conference", kind="conference", starts="3/12/2026 09:00",
                             ends="3/12/2026 17:00")
    for title in SESSIONS:
        events.add_session(store, event.id, title, starts="3/12/2026 10:00")
    return CoprodApp(store), event


async def open_import(pilot, app: CoprodApp, event: events.Event) -> ImportScreen:
    app.open_event(event.id)
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(app.screen, ImportScreen)
    assert app.screen.sub_title == f"Import registrations: {event.title}"  # which event it goes into
    return app.screen


async def read(pilot, screen: ImportScreen, path: Path) -> None:
    screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


def text(screen: ImportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def preview(screen: ImportScreen) -> list[tuple[str, str, str]]:
    table = screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def names(store: Store, event: events.Event) -> list[str]:
    return sorted(registrations.get_registration(store, reg_id).name for (reg_id,) in store.query(
        "SELECT id FROM registrations WHERE event_id = ?", [event.id]))


async def test_read_a_file_see_the_dry_run_then_import(tmp_path):
    app, event = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, app, event)
        assert screen.query_one("#import-go", Button).disabled
        await read(pilot, screen, DATA / "google_forms.csv")
        assert text(screen, "#import-found").startswith(
            "Importing would give: 3 new, 0 updated, 0 unchanged, 1 skipped, 1 row with problems")
        assert screen.query_one("#import-field-2", Select).value == "name"  # Full name
        rows = preview(screen)
        assert rows[0] == ("2", "", "skipped: Answered again in row 4, which is later and is used instead.")
        assert ("4", "Grace Hughes", "new") in rows
        assert rows[3][0] == "5"
        assert rows[3][2].startswith("problem: Which workshops would you like to attend?")
        assert names(app.store, event) == []  # a dry run
        await pilot.click("#import-go")
        await settle(pilot)
        assert names(app.store, event) == ["Grace Hughes", "Harun Aziz", "Jess Taylor"]
        assert text(screen, "#import-found").startswith("Imported: 3 new")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        assert app.screen.roster_tab.query_one(RowList).row_count == 3


async def test_the_highlighted_row_is_shown_in_full(tmp_path):
    app, event = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot, app, event)
        await read(pilot, screen, DATA / "google_forms.csv")
        screen.query_one(DataTable).move_cursor(row=3)
        await settle(pilot)
        assert text(screen, "#import-detail").startswith(
            "Row 5: Which workshops would you like to attend?: No session is called 'Workshop C: Arts and")


async def test_choosing_the_name_column_makes_a_file_importable(tmp_path):
    app, event = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, app, event)
        await read(pilot, screen, DATA / "excel_windows1252.csv")
        assert "No column holds people's names" in text(screen, "#import-found")
        assert screen.query_one("#import-go", Button).disabled
        screen.query_one("#import-field-0", Select).value = "name"  # Delegate
        await settle(pilot)
        assert text(screen, "#import-found").startswith("Importing would give: 3 new")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert names(app.store, event) == ["Renée Dubois", "Siân O’Neill", "Zoë Brontë"]


async def test_the_consent_notice_keeps_access_answers(tmp_path):
    app, event = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, app, event)
        await read(pilot, screen, DATA / "pretix_positions.csv")
        assert "Access and dietary answers of 2 people not kept" in text(screen, "#import-found")
        screen.query_one("#import-consent", Input).focus()
        await pilot.press(*"Shop v2", "enter")
        await settle(pilot)
        assert "not kept" not in text(screen, "#import-found")
        await pilot.press("ctrl+s")
        await settle(pilot)
        kemi = registrations.get_registration(app.store, app.store.value(
            "SELECT r.id FROM registrations r JOIN people p ON p.id = r.person_id "
            "WHERE p.name = 'Kemi Bello'"))
        assert kemi.consent_version == "Shop v2" and dict(kemi.access) == {
            "wheelchair_space": None, "diet_halal": None}


async def test_a_large_file_shows_its_progress_to_the_end(tmp_path):
    app, event = make_app(tmp_path)
    lines = ["Name,Email"] + [f"Person {i},p{i}@example.org" for i in range(1200)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, app, event)
        await read(pilot, screen, path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        bar = screen.query_one(ProgressBar)
        assert bar.display and (bar.progress, bar.total) == (1200, 1200)
        assert len(names(app.store, event)) == 1200
        assert preview(screen)[-1][1] == "and 900 more to import"
