"""Reading exports: the encodings and shapes the real tools write, the files refused before a row
is looked at, and which field each column is read into."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from coprod_events.core.errors import CoprodError
from coprod_events.core.importing import formats, reading
from coprod_events.core.importing.importer import prepare, run_import

from conftest import conference

DATA = Path(__file__).parents[1] / "data" / "imports"


def fields(path: Path, **options) -> dict[str, str]:
    """Each mapped column's heading (with its option) -> field."""
    return {column.header: column.field for column in prepare(path, **options).columns
            if column.field != formats.IGNORE}


@pytest.mark.parametrize("name, fmt", [
    ("eventbrite_attendees.csv", "eventbrite"), ("google_forms.csv", "google-forms"),
    ("ms_forms.xlsx", "ms-forms"), ("pretix_positions.csv", "pretix"), ("excel_windows1252.csv", "csv")])
def test_the_format_is_read_from_the_header(name, fmt):
    assert prepare(DATA / name, maps=["Delegate=name"] if fmt == "csv" else ()).format == fmt


def test_eventbrite_utf8_with_bom_and_crlf():
    table = reading.read_file(DATA / "eventbrite_attendees.csv")
    assert (DATA / "eventbrite_attendees.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert table.header[0] == "Order #" and table.encoding == "utf-8"
    assert not any("\r" in cell for row in table.rows for cell in row if isinstance(cell, str))
    assert table.numbers[0] == 2  # the header is row 1


def test_excels_windows_1252_csv_is_recognised():
    table = reading.read_file(DATA / "excel_windows1252.csv")
    assert table.encoding == "windows-1252"
    assert [row[0] for row in table.rows] == ["Zoë Brontë", "Siân O’Neill", "Renée Dubois"]


def test_ms_forms_workbook_first_sheet_with_real_dates():
    table = reading.read_file(DATA / "ms_forms.xlsx")
    assert table.kind == "xlsx" and table.header[:3] == ["ID", "Start time", "Completion time"]
    assert table.rows[0][2] == datetime(2026, 11, 2, 9, 4, 40)
    assert table.rows[0][0] == "1"  # numbers as text, without ".0"


def test_each_format_maps_its_own_columns_and_the_questions():
    assert fields(DATA / "eventbrite_attendees.csv") == {
        "Order #": "order", "Order Date": "timestamp", "First Name": "first_name",
        "Last Name": "last_name", "Email": "email", "Attendee Status": "status", "Mobile Phone": "phone",
        "Which sessions will you attend?": "sessions", "Do you have any access requirements?": "access",
        "Dietary requirements": "dietary", "How would you describe yourself?": "roles",
        "Company": "organisation"}
    google = prepare(DATA / "google_forms.csv").columns
    grid = [(c.field, c.option) for c in google if "[" in c.header]
    assert grid == [("sessions", "Morning"), ("access", "Hearing loop"), ("access", "Step-free access")]
    assert google[14].header == "" and google[14].field == "ignore" and google[14].label == "column O"
    assert fields(DATA / "ms_forms.xlsx")["Name2"] == "name"
    assert fields(DATA / "ms_forms.xlsx")["Name"] == "account_name"
    pretix = prepare(DATA / "pretix_positions.csv").columns
    assert [c.field for c in pretix if c.header == "Company"] == ["organisation", "organisation"]
    assert [(c.field, c.option) for c in pretix if "–" in c.header] == [
        ("access", "Wheelchair space"), ("access", "Hearing loop")]


def test_maps_by_heading_or_letter_and_format_override():
    mapped = fields(DATA / "excel_windows1252.csv", maps=["delegate=name", "E=code", "Tel=ignore"])
    assert mapped == {"Delegate": "name", "Contact e-mail": "email", "Organisation": "organisation",
                      "Badge code": "code"}
    assert prepare(DATA / "google_forms.csv", fmt="csv").format == "csv"


@pytest.mark.parametrize("maps, words", [
    (["Delegate"], "is not COLUMN=FIELD"),
    (["Delegate=surname"], "'surname' is not a field"),
    (["Nobody=name"], "The file has no column 'Nobody'"),
])
def test_a_map_that_cannot_work_is_refused(maps, words):
    with pytest.raises(CoprodError, match=words):
        prepare(DATA / "excel_windows1252.csv", maps=maps)


def test_no_name_column_is_shown_but_not_imported(store):
    prepared = prepare(DATA / "excel_windows1252.csv")
    assert prepared.columns[0].field == "ignore"  # "Delegate": staff choose Name on screen
    with pytest.raises(CoprodError, match="No column holds people's names"):
        run_import(store, conference(store).id, prepared)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize("make, words", [
    (lambda tmp: write(tmp / "empty.csv", b""), "is empty"),
    (lambda tmp: write(tmp / "blank.csv", b"\r\n\r\n"), "is empty"),
    (lambda tmp: write(tmp / "header.csv", b"Name,Email\r\n\r\n"), "has a header but no rows"),
    (lambda tmp: write(tmp / "ragged.csv", b"Name,Email\nAda,ada@example.org\nBo,bo@example.org,extra\n"),
     "ragged: row 3 has 3 cells but the header has 2"),
    (lambda tmp: write(tmp / "short.csv", b"Name,Email\nAda\n"), "ragged: row 2 has 1 cells"),
    (lambda tmp: write(tmp / "list.pdf", b"%PDF-1.7\n..."), "a PDF, not a CSV or .xlsx"),
    (lambda tmp: write(tmp / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64), "old Excel .xls"),
    (lambda tmp: write(tmp / "photo.jpg", b"\xff\xd8\xff\xe0 JFIF"), "JPEG"),
    (lambda tmp: write(tmp / "notes.docx", b"Name\nAda\n"), "is not a CSV or .xlsx file"),
    (lambda tmp: docx(tmp / "letter.xlsx"), "not an .xlsx workbook that can be read"),
    (lambda tmp: write(tmp / "binary.csv", b"Name\n\x00\x01\x02"), "not text"),
    (lambda tmp: tmp / "missing.csv", "There is no file"),
    (lambda tmp: tmp, "is a folder"),
])
def test_files_that_cannot_be_imported_are_refused_and_change_nothing(store, tmp_path, make, words):
    event = conference(store)
    before = store.data_version()
    with pytest.raises(CoprodError, match=words):
        run_import(store, event.id, make(tmp_path))
    assert store.data_version() == before and store.value("SELECT count(*) FROM registrations") == 0


def test_a_file_of_50_mb_is_refused_unread(store, tmp_path):
    big = tmp_path / "huge.csv"
    with big.open("wb") as file:
        file.write(b"Name\n")
        file.truncate(50 * 1024 * 1024)  # sparse: no need to write 50 MB
    with pytest.raises(CoprodError, match="is 50 MB: an attendee list is under 20 MB"):
        run_import(store, conference(store).id, big)


def test_column_letters():
    assert [formats.letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
