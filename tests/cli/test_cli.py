"""The installed `coprod-events` command, run as a script would run it."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import COMMAND

LONDON = ZoneInfo("Europe/London")


def uk(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")



@pytest.fixture
def today_event(cli):
    now = datetime.now(LONDON)
    slug = cli.json("event", "add", "Desk Day", "--kind", "conference", "--starts",
                    uk(now - timedelta(hours=2)), "--ends", uk(now + timedelta(hours=4)),
                    "--venue", "Main hall")["slug"]
    return slug


def test_installed_command_exists():
    assert COMMAND, "coprod-events is not on PATH: install the project first"


def test_python_dash_m_works(tmp_path):
    result = subprocess.run([sys.executable, "-m", "coprod_events", "--help"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0
    assert "checkin" in result.stdout


def test_database_from_environment_and_private(cli, tmp_path):
    cli("event", "list")
    path = tmp_path / "desk.db"
    assert path.exists()
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_global_db_option(cli, tmp_path):
    other = tmp_path / "other.db"
    cli("--db", str(other), "event", "add", "Elsewhere", "--kind", "workshop", "--starts", "3/12/2026 10:00")
    assert [e["event"]["slug"] for e in cli.json("--db", str(other), "event", "list")] == ["elsewhere"]
    assert cli.json("event", "list") == []


def test_event_and_session_add(cli):
    slug = cli.json("event", "add", "Autumn Conference", "--kind", "conference",
                    "--starts", "3 Dec 2026 9am", "--ends", "3/12/2026 17:00", "--capacity", "100")["slug"]
    assert slug == "autumn-conference"
    session = cli.json("session", "add", slug, "Workshop A", "--starts", "2026-12-03T14:00",
                       "--ends", "3/12/2026 15:30", "--room", "Room 2", "--capacity", "12",
                       "--booking-required")
    assert isinstance(session["id"], int)
    assert session["booking_required"] is True
    listed = cli.json("event", "list")
    assert listed[0]["event"]["capacity"] == 100
    assert "Autumn Conference" in cli("event", "list").stdout


def test_course_with_repeat_and_exception(cli):
    event = cli.json("event", "add", "Recovery course", "--kind", "training",
                     "--starts", "20/10/2026 10:00", "--ends", "20/10/2026 12:00",
                     "--repeat", "FREQ=WEEKLY;COUNT=7", "--except", "17/11/2026")
    starts = [s["starts_at"] for s in event["sessions"]]
    assert len(starts) == 6
    assert "2026-11-17" not in " ".join(starts)
    assert starts[0] == "2026-10-20T09:00:00.000000Z"  # 10:00 BST
    assert starts[1] == "2026-10-27T10:00:00.000000Z"  # 10:00 GMT after the clocks go back


@pytest.mark.parametrize("starts", ["10:00", "next blursday", "31/02/2026 10:00"])
def test_bad_dates_exit_2_with_the_accepted_forms(cli, starts):
    result = cli("event", "add", "X", "--kind", "workshop", "--starts", starts, expect=2)
    assert "3/12/2026 10:00" in result.stderr
    assert "Traceback" not in result.stderr


def test_end_before_start(cli):
    error = cli.json("event", "add", "X", "--kind", "workshop", "--starts", "3/12/2026 10:00",
                     "--ends", "3/12/2026 09:00", expect=2)["error"]
    assert "must be after the start" in error


def test_usage_errors_exit_2(cli, today_event):
    cli("checkin", today_event, expect=2)  # missing CODE
    cli("event", "add", "X", "--kind", "party", "--starts", "3/12/2026 10:00", expect=2)
    assert "No event" in cli("checkin", "no-such-event", "ABC", expect=2).stderr


def test_register_ticket_checkin_undo(cli, today_event):
    reg = cli.json("register", today_event, "Ada Lovelace", "--email", "ada@example.org",
                   "--role", "expert_by_experience", "--role", "speaker", "--access", "bsl",
                   "--access", "large_print=18pt", "--consent")
    assert reg["status"] == "confirmed" and reg["waitlist_position"] is None
    assert len(reg["code"]) == 26
    assert cli.json("ticket", str(reg["registration_id"]))["code"] == reg["code"]

    verdict = cli.json("checkin", today_event, reg["code"].lower(), "--station", "Front")
    for key in ("admitted", "reason", "forced", "checkin_id", "registration_id", "name",
                "first_checked_in_at", "attention"):
        assert key in verdict
    assert verdict["admitted"] is True and verdict["reason"] == "ok"
    assert verdict["name"] == "Ada Lovelace"
    assert any("BSL" in action for action in verdict["attention"])

    again = cli.json("checkin", today_event, reg["code"], "--station", "Side", expect=1)
    assert again["reason"] == "already_checked_in"
    assert again["first_checked_in_at"] == verdict["at"]
    assert "Front" in cli("checkin", today_event, reg["code"], expect=1).stdout

    forced = cli.json("checkin", today_event, reg["code"], "--force")
    assert forced["admitted"] is True and forced["forced"] is True

    cli("undo", forced["checkin_id"])
    cli("undo", verdict["checkin_id"])
    assert cli.json("checkin", today_event, reg["code"])["reason"] == "ok"
    assert "already undone" in cli("undo", verdict["checkin_id"], expect=2).stderr


def test_undo_of_a_forced_admission_says_the_person_is_back_on_the_waiting_list(cli):
    now = datetime.now(LONDON)
    slug = cli.json("event", "add", "Small Day", "--kind", "workshop", "--capacity", "1",
                    "--starts", uk(now - timedelta(hours=1)), "--ends", uk(now + timedelta(hours=2)))["slug"]
    cli("register", slug, "Ann One")
    ada = cli.json("register", slug, "Ada Lovelace")
    assert ada["status"] == "waitlisted"
    forced = cli.json("checkin", slug, ada["code"], "--force")
    assert forced["admitted"] and forced["forced"]
    undone = cli("undo", forced["checkin_id"]).stdout
    assert "Ada Lovelace is back on the waiting list, place 1." in undone
    assert cli.json("checkin", slug, ada["code"], expect=1)["reason"] == "waitlisted"


def test_a_forced_check_in_says_why(cli, today_event):
    reg = cli.json("register", today_event, "Bo Ng")
    cli("checkin", today_event, reg["code"])
    forced = cli.json("checkin", today_event, reg["code"], "--force", "--reason", " Lost  her wristband ")
    assert forced["forced"] is True and forced["force_reason"] == "Lost her wristband"
    text = cli("checkin", today_event, reg["code"], "--force", "--reason", "Back from lunch").stdout
    assert text.startswith("✓ ADMITTED (forced: Back from lunch)")
    assert cli.json("checkin", today_event, reg["code"], "--force")["force_reason"] is None
    assert "A reason goes with a staff override" in cli(
        "checkin", today_event, reg["code"], "--reason", "Why not", expect=2).stderr
    assert "too long (201 characters; 200 at most)" in cli(
        "checkin", today_event, reg["code"], "--force", "--reason", "x" * 201, expect=2).stderr


def test_refusals_exit_1(cli, today_event):
    assert cli.json("checkin", today_event, "NOT-A-REAL-CODE", expect=1)["reason"] == "unknown_code"
    reg = cli.json("register", today_event, "Bo Ng")
    new_code = cli.json("ticket", str(reg["registration_id"]), "--reissue")["code"]
    assert new_code != reg["code"]
    assert cli.json("checkin", today_event, reg["code"], expect=1)["reason"] == "revoked_code"
    assert cli.json("checkin", today_event, reg["code"], "--force", "--json")["forced"] is True


def test_exit_and_onsite(cli, today_event):
    reg = cli.json("register", today_event, "Cy Twombly", "--access", "assisted_evacuation", "--consent")
    other = cli.json("register", today_event, "Dee Dee")
    cli("checkin", today_event, reg["code"])
    cli("checkin", today_event, other["code"])
    onsite = cli.json("onsite", today_event)
    assert [p["name"] for p in onsite["people"]] == ["Cy Twombly", "Dee Dee"]
    assert onsite["people"][0]["assisted_evacuation"] is True
    assert "EVACUATION" in cli("onsite", today_event).stdout
    cli("checkin", today_event, other["code"], "--exit")
    assert cli.json("onsite", today_event)["count"] == 1


def test_replay_with_id_and_at(cli, today_event):
    reg = cli.json("register", today_event, "Ed Ito")
    earlier = uk(datetime.now(LONDON) - timedelta(minutes=30))
    first = cli.json("checkin", today_event, reg["code"], "--id", "offline-desk-0001", "--at", earlier)
    second = cli.json("checkin", today_event, reg["code"], "--id", "offline-desk-0001", "--at", earlier)
    assert first["checkin_id"] == second["checkin_id"] == "offline-desk-0001"
    assert second["replayed"] is True and second["admitted"] is True
    future = uk(datetime.now(LONDON) + timedelta(days=1))
    assert "future" in cli("checkin", today_event, reg["code"], "--at", future, expect=2).stderr


def test_waitlist_and_cancel_promotes(cli):
    slug = cli.json("event", "add", "Small", "--kind", "workshop", "--starts", "3/12/2026 10:00",
                    "--capacity", "1")["slug"]
    first = cli.json("register", slug, "First Person")
    second = cli.json("register", slug, "Second Person")
    assert second["status"] == "waitlisted" and second["waitlist_position"] == 1
    cancelled = cli.json("cancel", str(first["registration_id"]))
    assert cancelled["promoted"] == [{"registration_id": second["registration_id"], "name": "Second Person"}]
    assert "already cancelled" in cli("cancel", str(first["registration_id"]), expect=2).stderr


def test_consent_refusal_is_a_warning_and_the_rest_is_saved(cli, today_event):
    result = cli("register", today_event, "Fay Wray", "--access", "bsl", "--access-notes", "front row")
    assert "Not saved: access needs, access notes" in result.stderr
    assert "Registration" in result.stdout


def test_unknown_access_code_lists_valid_ones(cli, today_event):
    assert "wheelchair_space" in cli("register", today_event, "X", "--access", "wheelchairs", expect=2).stderr


def test_attendance_json(cli):
    slug = cli.json("event", "add", "Course", "--kind", "training", "--starts", "6/10/2026 10:00",
                    "--ends", "6/10/2026 12:00", "--repeat", "FREQ=WEEKLY;COUNT=3")["slug"]
    reg = cli.json("register", slug, "Gil Scott")
    cli("checkin", slug, reg["code"], "--at", "6/10/2026 09:55")
    report = cli.json("attendance", slug)
    assert [s["counts"]["present"] for s in report["sessions"]] == [1, 0, 0]
    assert report["series"][0]["attended"] == 1 and report["series"][0]["eligible"] is False


def test_search(cli, today_event):
    cli("register", today_event, "Ngozi Okonkwo-Adeyemi", "--email", "ngozi@example.org")
    assert [p["name"] for p in cli.json("search", "kwo")] == ["Ngozi Okonkwo-Adeyemi"]
    assert "at least 3" in cli("search", "ng", expect=2).stderr


def test_not_our_file_is_refused_and_untouched(cli, tmp_path):
    path = tmp_path / "thesis.docx"
    path.write_bytes(b"PK\x03\x04 not sqlite at all" * 50)
    before = path.read_bytes()
    result = cli("--db", str(path), "event", "list", expect=2)
    assert "not a coprod-events database" in result.stderr
    assert path.read_bytes() == before


def test_demo_lives_beside_the_real_database_and_rebuilds(cli, tmp_path):
    first = cli.json("demo", "--no-tui")
    assert first["db"] == str(tmp_path / "demo.db")
    assert not (tmp_path / "desk.db").exists()  # the real database is not touched
    slugs = [e["event"]["slug"] for e in cli.json("--db", first["db"], "event", "list")]
    assert first["conference_slug"] in slugs and first["course_slug"] in slugs
    assert cli.json("--db", first["db"], "onsite", first["conference_slug"])["count"] == first["on_site"]
    second = cli.json("demo", "--no-tui")  # a rebuild, not a second copy
    assert len(cli.json("--db", second["db"], "event", "list")) == 2
    assert "Conference:" in cli("demo", "--no-tui").stdout


def test_demo_never_replaces_a_real_database(cli, tmp_path):
    real = tmp_path / "desk.db"
    cli("event", "add", "Real course", "--kind", "training", "--starts", "3/12/2026 10:00")
    before = real.read_bytes()
    result = cli("--db", str(real), "demo", expect=2)
    assert "not replaced" in result.stderr
    assert real.read_bytes() == before


def test_registrations_list_filters(cli, today_event):
    cli("register", today_event, "Hana Mori", "--email", "hana@example.org")
    cli("register", today_event, "Ivo Petrov")
    listed = cli.json("registrations", today_event)
    assert listed["total"] == 2
    assert [r["name"] for r in listed["registrations"]] == ["Hana Mori", "Ivo Petrov"]
    found = cli.json("registrations", today_event, "--search", "hana@")["registrations"]
    assert [r["name"] for r in found] == ["Hana Mori"]
    assert cli.json("registrations", today_event, "--status", "waitlisted")["total"] == 0


def test_someone_elses_email_under_another_name_needs_same_person(cli, today_event):
    ada = cli.json("register", today_event, "Ada Lovelace", "--email", "ada@example.org")
    cli("event", "add", "Second Day", "--kind", "workshop", "--starts", "4/12/2026 10:00")
    refused = cli("register", "second-day", "Mallory Evil", "--email", "ada@example.org", expect=2)
    assert "already the email of Ada Lovelace" in refused.stderr and "--same-person" in refused.stderr
    assert cli.json("registrations", "second-day")["registrations"] == []
    again = cli.json("register", "second-day", "Ada King", "--email", "ada@example.org", "--same-person")
    assert again["person_id"] == ada["person_id"]


def test_a_database_is_never_written_over_by_an_export(cli, cli_db, today_event):
    cli("register", today_event, "Ada Lovelace")
    before = cli_db.read_bytes()[:16]
    refused = cli("badges", today_event, "--out", str(cli_db), expect=2)
    assert "is a database" in refused.stderr
    assert cli_db.read_bytes()[:16] == before == b"SQLite format 3\x00"
    assert [r["name"] for r in cli.json("registrations", today_event)["registrations"]] == ["Ada Lovelace"]


@pytest.mark.parametrize("made_before", [False, True], ids=["new log", "log readable by others before"])
@pytest.mark.parametrize(("db_name", "log_name"), [("desk.db", "desk.log"), ("desk.log", "desk.log.log")])
def test_the_app_logs_beside_the_database_never_into_it(tmp_path, monkeypatch, db_name, log_name,
                                                        made_before):
    """What the app logs for staff goes to a private file beside the database; a database that
    happens to be named *.log is not that file."""
    from click.testing import CliRunner

    from coprod_events import cli as cli_module

    class LoggingApp:  # the app, as far as logging goes: a kiosk that could not check a scan in
        return_code = 0

        def __init__(self, store, **options) -> None:
            pass

        def run(self) -> None:
            logging.getLogger("coprod_events.tui.screens.kiosk").warning("Kiosk could not check a scan in")

    monkeypatch.setattr("coprod_events.tui.app.CoprodApp", LoggingApp)
    logger = logging.getLogger("coprod_events")
    monkeypatch.setattr(logger, "handlers", [])  # the handler the command adds goes with the test
    db, log = tmp_path / db_name, tmp_path / log_name
    if made_before:
        log.touch()
        log.chmod(0o644)
    assert CliRunner().invoke(cli_module.main, ["--db", str(db)]).exit_code == 0
    for handler in logger.handlers:
        handler.close()
    assert "could not check a scan in" in log.read_text()
    assert oct(log.stat().st_mode & 0o777) == "0o600"
    assert b"could not check" not in db.read_bytes()
