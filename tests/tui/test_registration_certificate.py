"""The registration screen's certificate key (F3): written where asked if the person is eligible;
if not, why not, and given anyway only to someone who came."""

from __future__ import annotations

import pypdfium2 as pdfium
from textual.widgets import Input

from coprod_events.core import certificates, events
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.dialogs.ticket_export import ExportCertificateScreen
from coprod_events.tui.screens.registration import RegistrationScreen

from conftest import burst, london, register, scan, settle


def text_of(path) -> str:
    [page] = pdfium.PdfDocument(str(path))
    return " ".join(page.get_textpage().get_text_range().split())


async def test_a_certificate_from_the_registration_screen(store, tmp_path, notices):
    """A three-week course: Ann came to all three, Ben to one (3 needed). (Someone who never
    came is told why not, and offered nothing: tests/core/test_certificates.py.)"""
    course = events.add_event(store, "Recovery College: Hearing Voices", kind="training",
                              starts="6/1/2027 10:00", ends="6/1/2027 12:00", repeat="FREQ=WEEKLY;COUNT=3")
    ann = register(store, course, "Ann Okafor", access=["bsl"], access_notes="Interpreter left", consent=True,
                   dietary="Vegan")
    ben = register(store, course, "Ben Carter")
    for day in ("06", "13", "20"):
        scan(store, course, ann.code, f"2027-01-{day} 09:55")
    scan(store, course, ben.code, "2027-01-06 10:30")  # late: in for 1.5 hours
    certificates.save_organiser(store, name="Northbridge Co-production Centre")
    app = CoprodApp(store, clock=lambda: london("2027-02-01 09:00"))

    async def certificate_for(who) -> None:
        await app.push_screen(RegistrationScreen(course.id, who.registration.id))
        await settle(pilot)
        await burst(pilot, "f3")

    async with app.run_test(size=(100, 30)) as pilot:
        await certificate_for(ann)
        assert isinstance(app.screen, ExportCertificateScreen)  # eligible: straight to where
        path = app.screen.query_one(Input)
        assert path.value == f"~/coprod-certificates/okafor-ann-{ann.registration.id}.pdf"
        path.value = str(tmp_path / "ann.pdf")
        await burst(pilot, "enter")
        assert notices[-1].message == f"Ann Okafor's certificate: saved to {tmp_path}/ann.pdf"

        await certificate_for(ben)  # not eligible: asked first, and told why
        assert isinstance(app.screen, ConfirmScreen)
        why = app.screen.query_one("#confirm-detail").render()
        assert "Ben Carter attended 1 of 3 sessions, needs 3 (the event's rule: 80%" in str(why)
        await burst(pilot, "enter")  # give one anyway
        app.screen.query_one(Input).value = str(tmp_path / "ben.pdf")
        await burst(pilot, "enter")
        assert app.screen.is_current and isinstance(app.screen, RegistrationScreen)
        assert notices[-1].message == f"Ben Carter's certificate: saved to {tmp_path}/ben.pdf"

    ann_page, ben_page = text_of(tmp_path / "ann.pdf"), text_of(tmp_path / "ben.pdf")
    for words in ("Ann Okafor", "Recovery College: Hearing Voices", "3 of 3 sessions, 6 hours attended",
                  "Northbridge Co-production Centre"):
        assert words in ann_page
    assert "Ben Carter" in ben_page and "1 of 3 sessions, 1.5 hours attended" in ben_page
    for health in ("BSL", "Interpreter", "Vegan"):
        assert health not in ann_page
