"""Writes ms_forms.xlsx: a Microsoft Forms "Open in Excel" workbook, as the tests read it.

Run from the repository root to make it again: python tests/data/imports/make_ms_forms.py
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Name2",
          "Your organisation", "Which sessions would you like to attend?",
          "Do you need any of these?", "Dietary needs"]
ROWS = [
    [1, datetime(2026, 11, 2, 9, 1, 5), datetime(2026, 11, 2, 9, 4, 40), "sana.iqbal@example.org",
     "Iqbal, Sana", None, "Sana Iqbal", "Rethink Mental Illness",
     "Opening plenary;Workshop A: Peer support, in practice;", "Large print (18pt);Step-free route;",
     "Halal"],
    [2, datetime(2026, 11, 2, 10, 0, 0), datetime(2026, 11, 2, 10, 2, 0), "anonymous", None, None, None,
     "", "Opening plenary;", "", ""],
    [3, datetime(2026, 11, 3, 14, 30, 0), datetime(2026, 11, 3, 14, 33, 10), "anonymous", None, None,
     "Tom Price", "", "Workshop B: Co-producing research;", "", ""],
    [4, datetime(2026, 11, 4, 8, 0, 0), datetime(2026, 11, 4, 8, 1, 30), "jo.evans@example.org",
     "Evans, Jo", None, "", None, "Opening plenary;", "Hearing loop;", "None"],
]


def write(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Form1"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in cells:
            cell.number_format = "m/d/yy h:mm:ss"
    book.save(path)


if __name__ == "__main__":
    write(Path(__file__).with_name("ms_forms.xlsx"))
