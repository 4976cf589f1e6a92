"""`coprod-events import`, run as a script would run it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

DATA = Path(__file__).parents[1] / "data" / "imports"
SESSIONS = ("Opening plenary", "Workshop A: Peer support, in practice", "Workshop B: Co-producing research")


@pytest.fixture
def event(cli) -> str:
    slug = cli.json("event", "add", "Peer Conference", "--kind", "conference", "--capacity", "50",
                    "--starts", "3/12/2026 09:00", "--ends", "3/12/2026 17:00")["slug"]
    for title in SESSIONS:
        cli("session", "add", slug, title, "--starts", "3/12/2026 10:00")
    return slug


def test_json_dry_run_then_import_then_again(cli, event):
    path = str(DATA / "eventbrite_attendees.csv")
    dry = cli.json("import", event, path, "--dry-run")
    assert dry == {
        "format": "eventbrite", "rows": 7, "created": 5, "updated": 0, "unchanged": 0,
        "skipped": [{"row": 4, "reason": "Not Attending (the file's status): not registered."},
                    {"row": 5, "reason": "Answered again in row 7, which is later and is used instead."}],
        "problems": [], "health_data_dropped": 3, "dry_run": True}
    assert cli.json("registrations", event)["total"] == 0
    assert cli.json("import", event, path) == dry | {"dry_run": False}
    assert cli.json("registrations", event)["total"] == 5
    again = cli.json("import", event, path)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)


def test_the_summary_for_a_person_lists_skips_problems_and_what_was_dropped(cli, event):
    out = cli("import", event, str(DATA / "google_forms.csv")).stdout
    assert out.splitlines()[0] == ("Imported google_forms.csv (Google Forms, 5 rows) into Peer Conference: "
                                   "3 new, 0 updated, 0 unchanged.")
    assert "  Row 2: Answered again in row 4, which is later and is used instead." in out
    assert "  Row 5, Which workshops would you like to attend?: No session is called" in out
    assert "Access and dietary answers not kept for 1 person" in out


def test_consented_keeps_access_answers_and_records_the_notice(cli, event):
    result = cli.json("import", event, str(DATA / "pretix_positions.csv"), "--consented", "Shop notice 2")
    assert result["health_data_dropped"] == 0
    registered = cli.json("registrations", event)["registrations"]
    assert sorted(r["name"] for r in registered) == ["Kemi Bello", "Lewis Grant", "Olu Ade"]


def test_a_windows_1252_csv_with_maps_and_its_codes_check_in(cli):
    now = datetime.now(ZoneInfo("Europe/London"))
    event = cli.json("event", "add", "Today", "--kind", "workshop",
                     "--starts", f"{now - timedelta(hours=1):%d/%m/%Y %H:%M}",
                     "--ends", f"{now + timedelta(hours=2):%d/%m/%Y %H:%M}")["slug"]
    result = cli.json("import", event, str(DATA / "excel_windows1252.csv"),
                      "--map", "Delegate=name", "--map", "E=code")
    assert (result["format"], result["created"]) == ("csv", 3)
    assert "Zoë Brontë" in [r["name"] for r in cli.json("registrations", event)["registrations"]]
    verdict = cli.json("checkin", event, "EXT-1001-ZB")
    assert verdict["admitted"] and verdict["name"] == "Zoë Brontë"


def test_ms_forms_workbook_and_format_override(cli, event):
    result = cli.json("import", event, str(DATA / "ms_forms.xlsx"), "--format", "ms-forms")
    assert result["problems"][0]["row"] == 3 and result["created"] == 3


@pytest.mark.parametrize("args, words", [
    (["missing.csv"], "There is no file"),
    (["list.pdf"], "a PDF, not a CSV or .xlsx file"),
    ([str(DATA / "excel_windows1252.csv")], "No column holds people's names"),
    ([str(DATA / "excel_windows1252.csv"), "--map", "Delegate=surname"], "is not a field"),
    ([str(DATA / "google_forms.csv"), "--consented", "  "], "--consented needs"),
])
def test_what_cannot_be_imported_exits_2_in_one_line(cli, event, tmp_path, args, words):
    (tmp_path / "list.pdf").write_bytes(b"%PDF-1.7")
    result = cli("import", event, *args, expect=2)
    assert result.stderr.startswith("Error: ") and words in result.stderr and result.stderr.count("\n") == 1
    as_json = cli("import", event, *args, "--json", expect=2)
    assert words in json.loads(as_json.stdout)["error"]
    assert cli.json("registrations", event)["total"] == 0
