"""core/exports.py: every export written, opened back as a spreadsheet would open it, and logged;
health data only in the exports that need it."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from coprod_events.core import checkin, events, exports
from coprod_events.core.errors import CoprodError

from conftest import conference, register, scan

KINDS = ("registrations", "attendance", "checkins", "catering", "access")
HEALTH_KINDS = {"catering", "access"}
# What each kind of health data looks like in the file (labels, details, free text)
ACCESS_DATA = ("BSL interpreter", "Wheelchair space", "Interpreter on the left", "18pt")
DIET_DATA = ("Vegan", "peanuts", "No mushrooms")
NEVER = ("Speaks at the 14:00 panel",)  # role notes: in no export at all


@pytest.fixture
def event(store):
    """A past conference (so attendance is marked) with two sessions, people with access and
    dietary needs, one whose name is a formula, and a morning of check-ins."""
    found = conference(store, "Past Conference", starts="3/12/2025 09:00", ends="3/12/2025 17:00")
    morning = events.add_session(store, found.id, "Morning plenary", starts="3/12/2025 10:00",
                                 ends="3/12/2025 12:00")
    workshop = events.add_session(store, found.id, "Workshop A", starts="3/12/2025 14:00",
                                  ends="3/12/2025 16:00", booking_required=True)
    tomasz = register(store, found, "Tomasz Nowak", consent=True, roles=["expert_by_experience"],
                      access=["bsl", "wheelchair_space", ("large_print", "18pt")],
                      access_notes="Interpreter on the left of the stage",
                      role_notes="Speaks at the 14:00 panel", sessions=[workshop.id])
    ada = register(store, found, "Ada Okafor", consent=True, access=["diet_vegan", ("allergy", "peanuts")],
                   dietary="No mushrooms please", payment_eligible=True)
    formula = register(store, found, '=HYPERLINK("http://evil.example","Click")',
                       email="formula@example.org")
    register(store, found, "Ben Jones", access=["diet_vegan"], consent=True)
    scan(store, found, tomasz.code, "2025-12-03 09:40")
    scan(store, found, ada.code, "2025-12-03 10:30", session_id=morning.id)
    undone = scan(store, found, formula.code, "2025-12-03 09:45")
    checkin.undo(store, undone.checkin_id, operator="nadia")
    return found


def read_back(path: Path) -> str:
    """All the text of an export, as a spreadsheet shows it."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        return "\n".join("\t".join(row) for row in csv.reader(io.StringIO(raw[3:].decode(), newline="")))
    book = openpyxl.load_workbook(path)
    return "\n".join("\t".join("" if v is None else str(v) for v in row)
                     for sheet in book for row in sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("what", KINDS)
def test_every_export_opens_back_with_health_data_only_where_it_belongs(store, event, tmp_path, what, fmt):
    done = exports.export(store, event.slug, what, tmp_path / f"{what}.{fmt}", operator="nadia")
    path = Path(done.path)
    assert oct(path.stat().st_mode & 0o777) == "0o600" and done.rows > 0
    text = read_back(path)
    health = what in HEALTH_KINDS
    assert done.health_data is health and text.startswith("HEALTH DATA") is health
    for private in ACCESS_DATA:
        assert (private in text) is (what == "access"), private
    for private in DIET_DATA:
        assert (private in text) is (what == "catering"), private
    for private in NEVER:
        assert private not in text
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")  # only ever neutralised


def test_dates_are_dates_in_xlsx_and_the_formula_name_is_text(store, event, tmp_path):
    path = exports.export(store, event.id, "checkins", tmp_path / "log.xlsx").path
    sheet = openpyxl.load_workbook(path)["Check-ins"]
    assert [c.value for c in sheet[1]][:5] == ["When", "Registration id", "Name", "Direction", "Where"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [datetime(2025, 12, 3, 9, 40), datetime(2025, 12, 3, 9, 45),
                                       datetime(2025, 12, 3, 10, 30)]  # local wall-clock time
    assert rows[1][2] == "'=HYPERLINK(\"http://evil.example\",\"Click\")"
    assert rows[1][-1] == "nadia" and rows[2][4] == "Morning plenary" and rows[0][4] == "Door"
    assert sheet.cell(2, 1).is_date and sheet.cell(2, 2).data_type == "n"


def test_catering_gives_totals_and_each_persons_needs(store, event, tmp_path):
    path = exports.export(store, event.id, "catering", tmp_path / "food.xlsx").path
    book = openpyxl.load_workbook(path)
    totals = {row[0]: row[1] for row in book["Totals"].iter_rows(min_row=3, values_only=True)}
    assert totals["Everyone confirmed"] == 4 and totals["Vegan"] == 2 and totals["Halal"] == 0
    assert totals["Allergy"] == 1 and totals["Other dietary notes"] == 1
    assert totals["No dietary need given"] == 2
    people = list(book["People"].iter_rows(min_row=3, values_only=True))
    assert [row[1:] for row in people] == [
        ("Ada Okafor", "Vegan; Allergy", "peanuts", "No mushrooms please"),  # the catalogue's order
        ("Ben Jones", "Vegan", None, None)]


def test_access_counts_each_need_and_names_people_for_staff(store, event, tmp_path):
    path = exports.export(store, event.id, "access", tmp_path / "access.csv").path
    text = Path(path).read_bytes()[3:].decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1:3] == [["Totals"], ["Need", "Group", "People", "Staff action"]]
    assert ["Wheelchair space", "Getting there and moving around", "1", "Keep a wheelchair space"] in rows
    assert not any(row and row[0] in ("Vegan", "Allergy") for row in rows), "food is catering's"
    staff = rows[rows.index(["For staff"]) + 2:]
    assert [row[1:4] for row in staff] == [  # in the catalogue's order
        ["Tomasz Nowak", "Wheelchair space", "Keep a wheelchair space"],
        ["Tomasz Nowak", "BSL interpreter (book 14+ days ahead)", "BSL interpreter in sightline"],
        ["Tomasz Nowak", "Large print", "Large-print materials: 18pt"]]
    assert {row[5] for row in staff} == {"Interpreter on the left of the stage"}


def test_attendance_marks_each_session_and_tallies_the_course(store, event, tmp_path):
    book = openpyxl.load_workbook(exports.export(store, event.id, "attendance", tmp_path / "a.xlsx").path)
    marks = {(row[1], row[4]): row[5] for row in book["Attendance"].iter_rows(min_row=2, values_only=True)}
    assert marks[("Morning plenary", "Tomasz Nowak")] == "present"
    assert marks[("Morning plenary", "Ada Okafor")] == "late"
    assert marks[("Workshop A", "Tomasz Nowak")] == "absent"
    assert ("Workshop A", "Ada Okafor") not in marks, "not booked on it, never checked in to it"
    course = {row[1]: row[2:] for row in book["Course"].iter_rows(min_row=2, values_only=True)}
    assert course["Tomasz Nowak"] == (1, 2, 2, "no")


def test_every_export_is_logged_without_its_data(store, event, tmp_path):
    exports.export(store, event.id, "access", tmp_path / "a.xlsx", operator="  nadia ")
    exports.export(store, event.id, "registrations", tmp_path / "r.csv")
    first, second = exports.logged(store, event.slug)
    assert (first.operator, first.event_slug, first.what, first.format, first.health_data) == \
        ("nadia", event.slug, "access", "xlsx", True)
    assert first.rows == 3 + 3  # three needs counted, three rows for staff
    assert (second.what, second.format, second.health_data, second.rows) == ("registrations", "csv", False, 4)
    assert second.operator  # the login name
    logged = " ".join(str(value) for row in store.query("SELECT * FROM export_log") for value in row)
    for private in ("Tomasz", "Ada", "BSL", "Interpreter", "a.xlsx"):
        assert private not in logged


def test_an_export_that_cannot_be_logged_leaves_no_file(store, event, tmp_path, monkeypatch):
    def full_disk(*args, **kwargs):
        raise CoprodError("The disk is full.")

    monkeypatch.setattr(exports.data, "log_export", full_disk)
    with pytest.raises(CoprodError, match="disk is full"):
        exports.export(store, event.id, "access", tmp_path / "a.csv")
    assert list(tmp_path.glob("a.csv*")) == []


@pytest.mark.parametrize(("what", "out", "message"), [
    ("payroll", "x.csv", "Unknown export 'payroll': choose registrations, attendance"),
    ("access", "x.pdf", r"end the file name with \.csv or \.xlsx"),
])
def test_a_wrong_request_writes_and_logs_nothing(store, event, tmp_path, what, out, message):
    with pytest.raises(CoprodError, match=message):
        exports.export(store, event.id, what, tmp_path / "out" / out)
    assert not (tmp_path / "out").exists() and exports.logged(store, event.id) == []
