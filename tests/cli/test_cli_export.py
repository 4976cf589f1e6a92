"""`coprod-events export`: the installed command, run as a person or a script would run it."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from coprod_events.core import exports
from coprod_events.core.store import Store


@pytest.fixture
def event(cli):
    slug = cli.json("event", "add", "Autumn Conference", "--kind", "conference",
                    "--starts", "3/12/2026 09:00", "--ends", "3/12/2026 17:00")["slug"]
    cli("register", slug, "Ada Okafor", "--access", "bsl", "--access", "diet_halal", "--consent",
        "--dietary", "No nuts")
    cli("register", slug, "@Ben Jones")
    return slug


def test_export_as_a_script_sees_it(cli, cli_db, event, tmp_path):
    done = cli.json("export", event, "--what", "access", "--out", "out/access.xlsx", "--operator", "nadia")
    assert done == {"path": "out/access.xlsx", "event": event, "what": "access", "format": "xlsx",
                    "rows": 2, "health_data": True}
    path = tmp_path / "out" / "access.xlsx"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    sheet = openpyxl.load_workbook(path)["For staff"]
    assert sheet["A1"].value.startswith("HEALTH DATA") and sheet["B3"].value == "Ada Okafor"
    with Store(cli_db) as store:
        (logged,) = exports.logged(store, event)
    assert (logged.operator, logged.what, logged.rows) == ("nadia", "access", 2)


def test_export_as_a_person_sees_it(cli, event, tmp_path):
    result = cli("export", event, "--what", "registrations", "--out", "people.csv")
    assert result.stdout == f"Wrote registrations of {event} to people.csv (2 rows).\n"
    raw = (tmp_path / "people.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw[3:].decode(), newline="")))
    assert [row[1] for row in rows] == ["Name", "'@Ben Jones", "Ada Okafor"]
    assert "BSL" not in raw.decode() and "Halal" not in raw.decode() and "nuts" not in raw.decode()
    catering = cli("export", event, "--what", "catering", "--out", "food.csv").stdout
    assert catering.endswith("(11 rows): it holds health data, so keep it private.\n")


@pytest.mark.parametrize(("args", "message"), [
    (("--what", "payroll", "--out", "x.csv"), "Unknown export 'payroll': choose registrations"),
    (("--what", "access", "--out", "x.txt"), "end the file name with .csv or .xlsx"),
    (("--what", "access", "--out", "folder"), "end the file name with .csv or .xlsx"),
])
def test_a_wrong_request_exits_2_and_writes_nothing(cli, event, tmp_path, args, message):
    (tmp_path / "folder").mkdir()
    before = sorted(tmp_path.iterdir())
    result = cli("export", event, *args, "--json", expect=2)
    assert message in json.loads(result.stdout)["error"]
    assert sorted(tmp_path.iterdir()) == before


def test_an_unknown_event_exits_2(cli, event):
    result = cli("export", "no-such-event", "--what", "access", "--out", "x.csv", expect=2)
    assert result.stderr.startswith("Error: ") and "no-such-event" in result.stderr
