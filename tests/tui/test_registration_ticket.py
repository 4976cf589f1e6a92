"""The registration screen's ticket keys: export a file, reissue the code (asking first)."""

from __future__ import annotations

from datetime import timedelta

import pypdfium2 as pdfium
import pytest
import zxingcpp
from textual.widgets import Input

from coprod_events.core import checkin, dates, events, registrations, tickets
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.dialogs.ticket_export import ExportTicketScreen
from coprod_events.tui.screens.registration import RegistrationScreen
from coprod_events.tui.widgets.qr import QRCode

from conftest import settle

SIZE = (100, 30)


@pytest.fixture
def ada(store):
    """Ada, registered for a conference happening now, with access needs and roles."""
    now = dates.utcnow()
    event = events.add_event(store, "Winter Gathering", kind="conference",
                             starts=now - timedelta(hours=1), ends=now + timedelta(hours=5))
    return registrations.register(store, event.id, "Ada Okafor", roles=["carer"], access=["bsl"],
                                  consent=True).registration


async def open_form(app: CoprodApp, pilot, registration) -> RegistrationScreen:
    await app.push_screen(RegistrationScreen(registration.event_id, registration.id))
    await settle(pilot)
    return app.screen


def pdf_codes(path) -> list[str]:
    return [result.text for page in pdfium.PdfDocument(str(path))
            for result in zxingcpp.read_barcodes(page.render(scale=1.5).to_pil())]


async def test_export_asks_where_then_writes_the_pdf_in_a_worker(store, ada, tmp_path, notices):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, ada)
        assert isinstance(app.focused, Input)  # the key works from the form's fields
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ExportTicketScreen)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value == f"~/coprod-tickets/okafor-ada-{ada.id}.pdf"
        path_input.value = str(tmp_path / "tickets" / "ada.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportTicketScreen)  # a wrong extension is said there
        path_input.value = str(tmp_path / "tickets" / "ada.pdf")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert pdf_codes(tmp_path / "tickets" / "ada.pdf") == [tickets.live_ticket(store, ada.id).code]
        written = notices[-1]
        assert written.title == "Ticket written"
        assert written.message == f"Ada Okafor's ticket: {tmp_path}/tickets/ada.pdf"


async def test_export_to_a_place_that_cannot_be_written_says_so(store, ada, tmp_path, notices):
    (tmp_path / "blocker").write_text("")
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(app, pilot, ada)
        await pilot.press("ctrl+t")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "blocker" / "ada.png")
        await pilot.press("enter")
        await settle(pilot)
        refused = notices[-1]
        assert refused.title == "Ticket not written" and "Cannot write" in refused.message
    assert (tmp_path / "blocker").read_text() == ""


async def test_reissue_asks_first_then_the_qr_changes_and_the_old_code_is_refused(store, ada, notices):
    old_code = tickets.live_ticket(store, ada.id).code
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, ada)
        assert screen.query_one(QRCode).code == old_code
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # changed their mind: nothing happens
        await settle(pilot)
        assert tickets.live_ticket(store, ada.id).code == old_code
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        new_code = tickets.live_ticket(store, ada.id).code
        assert new_code != old_code
        assert screen.query_one(QRCode).code == new_code
        assert notices[-1].title == "Ticket reissued"
    assert checkin.check_in(store, ada.event_id, old_code).reason == checkin.REVOKED_CODE
    assert checkin.check_in(store, ada.event_id, new_code).admitted


async def test_ticket_keys_only_for_a_saved_registration_that_is_not_cancelled(store, ada):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(RegistrationScreen(ada.event_id))  # a new registration
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("export_ticket", ()) is False
        await pilot.press("ctrl+t", "ctrl+r")
        await settle(pilot)
        assert app.screen is screen  # no dialog opened
        registrations.cancel(store, ada.id)
        screen = await open_form(app, pilot, ada)
        assert screen.check_action("export_ticket", ()) is False
        assert screen.check_action("reissue_ticket", ()) is False
        assert not any(b.binding.action == "reissue_ticket" and b.enabled
                       for b in screen.active_bindings.values())
