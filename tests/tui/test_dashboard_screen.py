"""The dashboard from the desk (F10), live as another desk checks people in. Its numbers are
tested in tests/core/test_dashboard.py, its look in test_snapshots.py."""

from __future__ import annotations

from textual.widgets import DataTable

from coprod_events.core import checkin, events, registrations
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp

from conftest import london, screen_text, settle, until

NOW = london("2026-12-03 10:30")


async def test_another_desks_check_in_shows_up_live(store, db_path):
    event = events.add_event(store, "Winter Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    ada = registrations.register(store, event.id, "Ada Lovelace", email="ada@example.org",
                                 access=["bsl"], access_notes="Prefers the left side", consent=True)
    bo = registrations.register(store, event.id, "Bo Ng")
    app = CoprodApp(store, event=event.id, desk=True, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f10")
        await settle(pilot)
        waiting = app.screen.query_one("#dash-waiting-table", DataTable)
        assert waiting.row_count == 2
        assert "Arrived 0 of 2 expected" in screen_text(app)
        assert "Prefers the left side" not in screen_text(app)

        with Store(db_path) as other_desk:  # another process's connection, as another desk
            checkin.check_in(other_desk, event.id, bo.code, station="Side door", at=NOW)
        await until(pilot, lambda: waiting.row_count == 1)  # the app polls PRAGMA data_version
        await settle(pilot)
        text = screen_text(app)
        assert "Arrived 1 of 2 expected" in text and "On site now 1" in text
        assert "Lovelace, Ada" in text and ada.code[-6:] in text and "Ng, Bo" not in text
