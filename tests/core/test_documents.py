"""Every document the app's Documents screen offers, written through core/documents.py and
opened back (pdfium's text for PDFs, csv and openpyxl for tables): who is in it, that progress
was told to the end, and that health data is only where it belongs. One database for all."""

from __future__ import annotations

import csv
import os

import openpyxl
import pypdfium2 as pdfium
import pytest

from coprod_events.core import certificates, documents, events, exports
from coprod_events.core.errors import CoprodError
from coprod_events.core.store import Store

from conftest import register, scan

NOTE = "Interpreter on the left of the stage"  # access notes: health data
DIET = "Halal"  # dietary notes: health data


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    """A day held in June 2026, with two people: Tomasz (access needs, notes, a diet) came,
    Ann came too; both get certificates."""
    folder = tmp_path_factory.mktemp("documents")
    with Store(folder / "d.db") as store:
        event = events.add_event(store, "Peer Support Day", kind="conference", starts="1/6/2026 10:00",
                                 ends="1/6/2026 16:00")
        session = events.add_session(store, event.id, "Peer support in practice", starts="1/6/2026 10:00",
                                     ends="1/6/2026 12:00")
        tomasz = register(store, event, "Tomasz Nowak", consent=True, access=["bsl", "wheelchair_space"],
                          access_notes=NOTE, dietary=DIET)
        ann = register(store, event, "Ann Okafor")
        for person in (tomasz, ann):
            scan(store, event, person.code, "2026-06-01 09:55", session_id=session.id)
        certificates.save_organiser(store, name="Northbridge Centre", contact="hello@northbridge.example")
        yield store, event, folder


def read_back(path) -> str:
    """The document's text, whatever it is: a PDF's pages, a CSV, an XLSX's cells, a folder's files."""
    if path.is_dir():
        return " ".join(sorted(read_back(file) for file in path.iterdir()) + [p.name for p in path.iterdir()])
    if path.suffix == ".pdf":
        return " ".join(" ".join(page.get_textpage().get_text_range().split())
                        for page in pdfium.PdfDocument(path))
    if path.suffix == ".png":
        return ""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
        return " ".join(" ".join(row) for row in csv.reader(raw.decode("utf-8-sig").splitlines()))
    book = openpyxl.load_workbook(path)
    return " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
                    if cell is not None)


CASES = [(key, fmt) for key, document in documents.DOCUMENTS.items() for fmt in document.formats[:1]] + [
    ("tickets", documents.FOLDER), ("certificates", documents.FOLDER), ("catering", "csv")]


@pytest.mark.parametrize(("key", "fmt"), CASES)
def test_each_document_is_written_with_its_progress_and_read_back(held, key, fmt):
    store, event, folder = held
    out = folder / (f"{key}.{fmt}" if fmt else f"{key}-folder")
    told: list[tuple[int, int]] = []
    saved = documents.write(store, event.id, key, str(out),
                            progress=lambda done, total: told.append((done, total)))
    assert saved.path == str(out) and out.exists()
    text = read_back(out)
    names = {"tickets": ("okafor-ann", "nowak-tomasz") if fmt == documents.FOLDER else ("Ann", "Tomasz"),
             "payments": (), "catering": ("Tomasz",), "access": ("Tomasz",)}.get(key, ("Ann", "Tomasz"))
    assert all(name in text for name in names), text[:500]
    assert told[0][0] == 0 and told[-1][0] == told[-1][1]  # told from the start to the end
    assert told[-1][1] > 0 or key == "payments"  # (no one has chosen to be paid)
    assert [done for done, _ in told] == sorted(done for done, _ in told)
    assert (NOTE in text) is (key == "access")  # notes only in the export for staff who act on them
    assert (DIET in text) is (key == "catering")
    assert ("HEALTH DATA" in text) is documents.DOCUMENTS[key].health


def test_exports_from_the_app_are_logged_as_the_commands_are(held):
    store, event, _ = held
    assert "registrations" in [entry.what for entry in exports.logged(store, event.id)]


def test_a_path_is_checked_before_anything_is_made(held, tmp_path):
    existing = tmp_path / "list.pdf"
    existing.write_bytes(b"old")
    assert documents.check("door-list", str(tmp_path / "new.pdf")) is None
    assert "replace it?" in documents.check("door-list", str(existing))
    (tmp_path / "tickets").mkdir()
    (tmp_path / "tickets" / "someone.png").write_bytes(b"")
    assert "already has files" in documents.check("tickets", str(tmp_path / "tickets"))
    with pytest.raises(CoprodError, match=r"ending in \.xlsx or \.csv"):
        documents.check("catering", str(tmp_path / "catering.pdf"))
    with pytest.raises(CoprodError, match="is a file, not a folder"):
        documents.check("badges", str(existing / "badges.pdf"))
    if os.geteuid():  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(CoprodError, match="You cannot save in"):
            documents.check("badges", str(locked / "badges.pdf"))


def test_the_suggested_file_is_in_documents_when_there_is_one(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert documents.default_path("badges", "day") == "~/day-badges.pdf"
    (tmp_path / "Documents").mkdir()
    assert documents.default_path("access", "day") == "~/Documents/day-access.xlsx"
    assert documents.default_path("certificates", "day", folder=True) == "~/Documents/day-certificates"
