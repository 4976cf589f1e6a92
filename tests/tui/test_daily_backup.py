"""The day's backup when the app starts: taken in a worker after the first screen, and said."""

from __future__ import annotations

from coprod_events.core import backups
from coprod_events.tui.app import CoprodApp

from conftest import settle, until


async def test_the_app_backs_up_once_it_is_up_and_says_where(store, tmp_path, notices):
    app = CoprodApp(store, daily_backup=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(n.title == "Backed up" for n in notices))
        await settle(pilot)
    [taken] = backups.listed(store)
    assert taken.kind == "daily" and taken.path.parent == tmp_path / "backups"
    assert [(n.message, n.severity) for n in notices] == [
        (f"Today's backup of the database is in {tmp_path / 'backups'} ({taken.path.name}).", "information")]
