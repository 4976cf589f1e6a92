"""The Documents screen, driven by Pilot at 80x24: from the event screen (w), a document chosen
from the list, its suggested file in ~/Documents, the ending changed to pick CSV, written with
its progress bar and "Saved to", asked before it is replaced, and refused in words when its name
is wrong. What each kind writes is tests/core/test_documents.py's."""

from __future__ import annotations

import csv

from textual.widgets import Input, ProgressBar, Static

from coprod_events.core import events
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.screens.documents import DocumentsScreen

from conftest import burst, register, settle, until

NOTE = "Interpreter on the left of the stage"


def status(screen: DocumentsScreen) -> str:
    return str(screen.query_one("#docs-status", Static).render())


async def test_a_document_is_chosen_saved_with_progress_and_not_replaced_unasked(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    store = Store(tmp_path / "t.db")
    event = events.add_event(store, "Peer Day", kind="conference", starts="3/12/2026 09:00",
                             ends="3/12/2026 17:00")
    register(store, event, "Ann Okafor")
    register(store, event, "Tomasz Nowak", consent=True, access=["bsl"], access_notes=NOTE)
    app = CoprodApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_event(event.id)
        await settle(pilot)
        await burst(pilot, "w")
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        path = screen.query_one("#docs-path", Input)
        assert path.value == "~/Documents/peer-day-door-list.pdf"
        assert not screen.query_one("#docs-all-attended").display  # certificates' option only

        await burst(pilot, "down", "down", "down", "down")  # to Certificates
        assert path.value == "~/Documents/peer-day-certificates.pdf"
        assert screen.query_one("#docs-all-attended").display and screen.query_one("#docs-folder").display

        await burst(pilot, "down", "enter")  # Registrations export, then to the path
        assert path.value == "~/Documents/peer-day-registrations.xlsx" and path.has_focus
        path.value = path.value.replace(".xlsx", ".csv")  # the ending picks the format
        await burst(pilot, "enter")
        await until(pilot, lambda: "Saved to" in status(screen))
        written = tmp_path / "Documents" / "peer-day-registrations.csv"
        assert f"Saved to {written}: 2 rows." in status(screen)
        bar = screen.query_one(ProgressBar)
        assert bar.display and bar.progress == bar.total == 2
        rows = list(csv.reader(written.read_text("utf-8-sig").splitlines()))
        assert sorted(row[1] for row in rows[1:]) == ["Ann Okafor", "Tomasz Nowak"]
        assert NOTE not in written.read_text("utf-8-sig")

        written.write_text("keep me")
        await burst(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await burst(pilot, "n")
        assert written.read_text() == "keep me"  # kept, as answered
        await burst(pilot, "enter")
        await burst(pilot, "y")
        await until(pilot, lambda: written.read_text("utf-8-sig").startswith("Registration id"))

        path.value = "~/Documents/registrations.pdf"
        await burst(pilot, "enter")
        assert "Not saved: Give a file name ending in .xlsx or .csv" in status(screen)
        await burst(pilot, "escape")
        assert not isinstance(app.screen, DocumentsScreen)
