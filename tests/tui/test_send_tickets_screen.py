"""The Send tickets screen against a real SMTP server on 127.0.0.1: from the event screen's
"t", settings, a confirmation, a progress bar and a line a person; the password never saved."""

from __future__ import annotations

from textual.widgets import DataTable, Input, ProgressBar

from coprod_events.core.data import settings as settings_data
from coprod_events.core.data import tickets as tickets_data
from coprod_events.core.mailing import settings as mail_settings
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.screens.send_tickets import SendTicketsScreen

from conftest import conference, register, settle, until
from mail_server import PASSWORD, USER, MailServer


async def test_send_from_the_event_screen(store, notices, monkeypatch):
    monkeypatch.setattr(mail_settings, "_remembered", [])  # what the screen keeps in memory
    event = conference(store, venue="Ash Court Building")
    people = [register(store, event, name).registration for name in ("Ada Okafor", "Bo Ng", "Cy Reed")]
    app = CoprodApp(store, event=event.id)
    with MailServer(login=True) as server:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SendTicketsScreen)
            screen.query_one("#mail-server", Input).value = server.url
            screen.query_one("#mail-password", Input).value = PASSWORD
            screen.query_one("#mail-from", Input).value = "Events <events@example.org>"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert notices[-1].title == "Saved"
            await pilot.click("#send")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await until(pilot, lambda: screen.query_one(DataTable).row_count == 3)
            await settle(pilot)
            assert len(server.received) == 3
            bar = screen.query_one(ProgressBar)
            assert bar.total == 3 and bar.progress == 3
            table = screen.query_one(DataTable)
            assert [table.get_row_at(i)[0] for i in range(3)] == ["sent"] * 3
            assert notices[-1].message == f"{event.title}: 3 sent."
            rendered = app.export_screenshot()
            assert PASSWORD not in rendered
    assert all(r.sent_at for r in tickets_data.recipients(store, event.id, [p.id for p in people]))
    saved = [settings_data.get(store, key) for key in (mail_settings.KEY_URL, mail_settings.KEY_FROM)]
    assert saved == [server.url, "Events <events@example.org>"]
    assert USER in saved[0] and PASSWORD not in repr(store.query("SELECT * FROM settings"))


async def test_a_refused_login_is_said_on_the_screen_and_nobody_is_marked_sent(store, notices, monkeypatch):
    monkeypatch.setattr(mail_settings, "_remembered", [])
    event = conference(store)
    register(store, event, "Ada Okafor")
    app = CoprodApp(store)
    with MailServer(login=True) as server:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(SendTicketsScreen(event.id))
            await settle(pilot)
            screen = app.screen
            screen.query_one("#mail-server", Input).value = server.url
            screen.query_one("#mail-password", Input).value = "wrong"
            screen.query_one("#mail-from", Input).value = "events@example.org"
            await pilot.click("#send")
            await settle(pilot)
            await pilot.press("y")
            await until(pilot, lambda: not screen.sending and screen.query_one(DataTable).row_count == 1)
            error = str(screen.query_one("#form-error").render())
            assert "refused the login" in error
            assert notices[-1].severity == "error"
    assert not server.received
    assert tickets_data.recipients(store, event.id)[0].sent_at is None
