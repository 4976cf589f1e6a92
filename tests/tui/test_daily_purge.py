"""The day's purge when the app starts: run in a worker after the first screen, and said."""

from __future__ import annotations

from coprod_events.core import audit
from coprod_events.tui.app import CoprodApp

from conftest import conference, register, until


async def test_the_app_purges_what_is_due_once_it_is_up_and_says_so(store, notices):
    old = conference(store, "Old Day", starts="3/12/2020 09:00", ends="3/12/2020 17:00")
    reg = register(store, old, "Ada Quill", consent=True, access_notes="Quiet room").registration
    app = CoprodApp(store, daily_backup=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(n.title == "Purged" for n in notices))
    [said] = [n for n in notices if n.title == "Purged"]
    assert said.message.startswith("Health data of 1 registration at 1 event erased")
    assert "Quiet room" not in said.message
    assert store.value("SELECT access_notes FROM registrations WHERE id = ?", [reg.id]) is None
    assert [e.action for e in audit.entries(store)] == ["consent_given", "purged"]
