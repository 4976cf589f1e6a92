"""core/spreadsheet.py: tables written as CSV and XLSX files, read back as Excel would."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, datetime

import openpyxl
import pytest

from coprod_events.core import spreadsheet
from coprod_events.core.errors import CoprodError
from coprod_events.core.spreadsheet import Table

WHEN = datetime(2026, 12, 3, 9, 58, 38)
RISKY = ["=HYPERLINK(\"http://x\",\"y\")", "+44 7700 900123", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
PEOPLE = Table("People", ("Id", "Name", "Arrived", "Day", "Paid", "Hours"), [
    [1, "Ada Okafor", WHEN, date(2026, 12, 3), True, 1.5],
    *[[n, text, None, None, False, -2] for n, text in enumerate(RISKY, start=2)],
])


def as_xml_reads(text: str) -> str:
    """A cell's text as read back from XLSX: XML reads every line end as a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_rows(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Excel on Windows would misread accents"
    text = raw[3:].decode("utf-8")
    assert text.count("\r\n") == text.count("\n"), "every line ends CRLF"
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_has_a_bom_crlf_dates_excel_reads_and_no_formula(tmp_path):
    path = spreadsheet.write(tmp_path / "people.csv", [PEOPLE])
    header, ada, *risky = csv_rows(path)
    assert header == list(PEOPLE.columns)
    assert ada == ["1", "Ada Okafor", "2026-12-03 09:58:38", "2026-12-03", "yes", "1.5"]
    assert [row[1] for row in risky] == ["'" + text for text in RISKY]
    assert [row[-1] for row in risky] == ["-2"] * len(RISKY), "a number is never prefixed"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_xlsx_has_real_dates_a_frozen_filtered_header_and_no_formula(tmp_path):
    path = spreadsheet.write(tmp_path / "people.xlsx", [PEOPLE])
    sheet = openpyxl.load_workbook(path)["People"]
    assert [cell.value for cell in sheet[1]] == list(PEOPLE.columns) and sheet["A1"].font.b
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:F{1 + len(PEOPLE.rows)}"
    assert [cell.value for cell in sheet[2]] == [1, "Ada Okafor", WHEN, datetime(2026, 12, 3), "yes", 1.5]
    assert sheet["C2"].is_date and sheet["D2"].is_date
    risky = list(sheet.iter_rows(min_row=3))
    assert [row[1].value for row in risky] == [as_xml_reads("'" + text) for text in RISKY]
    assert all(row[1].data_type == "s" for row in risky), "no cell is a formula"
    assert [row[5].value for row in risky] == [-2] * len(RISKY)
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width >= 8
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_notice_heads_every_sheet_and_several_tables_are_csv_sections(tmp_path):
    totals = Table("Totals", ("Meal", "People"), [("Vegan", 2)])
    notice = "HEALTH DATA: dietary needs."
    csv_path = spreadsheet.write(tmp_path / "two.csv", [totals, PEOPLE], notice)
    rows = csv_rows(csv_path)
    assert rows[:5] == [[notice], ["Totals"], ["Meal", "People"], ["Vegan", "2"], []]
    assert rows[5:7] == [["People"], list(PEOPLE.columns)]
    book = openpyxl.load_workbook(spreadsheet.write(tmp_path / "two.xlsx", [totals, PEOPLE], notice))
    assert book.sheetnames == ["Totals", "People"]
    for sheet in book:
        assert sheet["A1"].value == notice and sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref.startswith("A2:")
    assert [c.value for c in book["Totals"][3]] == ["Vegan", 2]


def test_control_characters_are_dropped_in_both_formats(tmp_path):
    table = Table("T", ("Name",), [["Ada\x00\x07 Okafor"]])
    assert csv_rows(spreadsheet.write(tmp_path / "t.csv", [table]))[1] == ["Ada Okafor"]
    assert openpyxl.load_workbook(spreadsheet.write(tmp_path / "t.xlsx", [table]))["T"]["A2"].value \
        == "Ada Okafor"


@pytest.mark.parametrize("name", ["people.txt", "people", "people.csv.pdf"])
def test_only_csv_or_xlsx_is_written(tmp_path, name):
    with pytest.raises(CoprodError, match=r"\.csv or \.xlsx"):
        spreadsheet.write(tmp_path / name, [PEOPLE])
    assert list(tmp_path.iterdir()) == []


def test_a_folder_or_a_database_is_never_written_over(tmp_path):
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(CoprodError, match="is a folder"):
        spreadsheet.write(tmp_path / "folder.csv", [PEOPLE])
    database = tmp_path / "coprod.xlsx"
    sqlite3.connect(database).execute("CREATE TABLE t (x)").connection.close()
    before = database.read_bytes()
    with pytest.raises(CoprodError, match="is a database"):
        spreadsheet.write(database, [PEOPLE])
    assert database.read_bytes() == before


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    broken = Table("T", ("Name",), [[object()]])  # nothing a spreadsheet can hold
    with pytest.raises(Exception):  # noqa: B017 (whatever it is, nothing may be left)
        spreadsheet.write(tmp_path / "new" / "t.xlsx", [broken])
    assert list(tmp_path.iterdir()) == []


def test_markup_and_every_script_round_trip_through_xlsx(tmp_path):
    texts = ["Tom & Jerry <b>", "Łukasz Brzęczyszczykiewicz", "محمد", "שרה", "李雷", " padded ",
             "two\r\nlines"]
    path = spreadsheet.write(tmp_path / "t.xlsx", [Table("Names & more", ("Name",), [[t] for t in texts])])
    sheet = openpyxl.load_workbook(path)["Names & more"]
    read_back = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert read_back == [as_xml_reads(t) for t in texts]
