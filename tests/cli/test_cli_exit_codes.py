"""The exit codes a script relies on: 0 done, 1 a refused check-in, 2 bad input or a clear
failure (one line says why), 3 an internal error (one line; the traceback with --debug only),
130 interrupted, 141 the reader of the output went away."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner, Result

from coprod_events import cli
from coprod_events.core import events, store

from conftest import COMMAND

HUGE = "x" * 100_000


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(db), *args])


def error_line(result: Result) -> str:
    """The one line a failure writes, on stderr."""
    assert not result.stdout and result.stderr.count("\n") == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("Error: ")
    return result.stderr


@pytest.fixture
def db(tmp_path) -> Path:
    """A database with one event ("conf") and one registration (id 1)."""
    path = tmp_path / "desk.db"
    added = run(path, "event", "add", "Conf", "--kind", "conference", "--starts", "3/12/2026 10:00")
    assert added.exit_code == 0
    assert run(path, "register", "conf", "Ada Lovelace").exit_code == 0
    return path


def run_and_see_writes(db: Path, *args: str) -> tuple[Result, bool]:
    """Run a command; and did it commit anything (a held connection's data_version moved)?"""
    with sqlite3.connect(db) as held:
        before = held.execute("PRAGMA data_version").fetchone()[0]
        result = run(db, *args)
        changed = held.execute("PRAGMA data_version").fetchone()[0] != before
    held.close()
    return result, changed


# --- 3: an internal error ----------------------------------------------------------------------

def test_an_internal_error_is_one_line_and_exit_3(db, monkeypatch):
    monkeypatch.setattr(events, "list_events", lambda store: {}["missing"])
    result = run(db, "event", "list")
    assert result.exit_code == 3
    line = error_line(result)
    assert line.startswith("Error: Internal error (KeyError): a bug in coprod-events")
    assert "--debug" in line


def test_debug_shows_the_traceback_as_well(db, monkeypatch):
    monkeypatch.setattr(events, "list_events", lambda store: {}["missing"])
    result = CliRunner().invoke(cli.main, ["--debug", "--db", str(db), "event", "list"])
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "KeyError: 'missing'" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("Error: Internal error (KeyError)")


def test_an_internal_error_under_json_is_a_json_error(db, monkeypatch):
    monkeypatch.setattr(events, "list_events", lambda store: {}["missing"])
    result = run(db, "event", "list", "--json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["error"].startswith("Internal error (KeyError)")


def test_an_error_in_our_own_sql_is_internal_not_bad_input(db):
    with sqlite3.connect(db) as tampered:
        tampered.execute("ALTER TABLE people RENAME TO folk")
    tampered.close()
    result = run(db, "search", "Lovelace")
    assert result.exit_code == 3
    assert "Internal error (OperationalError)" in error_line(result)


# --- 2: a clear failure -------------------------------------------------------------------------

def test_a_busy_database_is_a_clear_failure_and_nothing_is_written(db, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT", 0.05)
    with sqlite3.connect(db, isolation_level=None) as other_desk:
        other_desk.execute("BEGIN IMMEDIATE")
        result = run(db, "event", "add", "Second", "--kind", "workshop", "--starts", "4/12/2026 10:00")
        other_desk.execute("ROLLBACK")
    other_desk.close()
    assert result.exit_code == 2
    assert "busy" in error_line(result)
    assert "second" not in [e["event"]["slug"] for e in json.loads(run(db, "event", "list", "--json").stdout)]


def test_a_usage_error_is_one_line_that_points_to_the_help(db):
    result = run(db, "event", "add", "X", "--kind", "party", "--starts", "3/12/2026 10:00")
    assert result.exit_code == 2
    line = error_line(result)
    assert "'party' is not one of" in line and "coprod-events event add -h" in line


def test_a_group_without_its_command_shows_its_help(db):
    result = run(db, "event")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: coprod-events event") and "add" in result.stderr


def test_a_message_quotes_at_most_80_characters_of_what_was_typed(db):
    for args in (["cancel", HUGE], ["search", "--limit", HUGE, "Ada"], ["search", f"--limit={HUGE}", "Ada"]):
        result = run(db, *args)
        assert result.exit_code == 2
        assert "x" * 80 + "…" in error_line(result) and "x" * 81 not in result.stderr


@pytest.mark.parametrize("args", [["--role", HUGE], ["--access", "X-" * 50_000]])
def test_an_unknown_code_is_quoted_short_even_once_normalised(db, args):
    """The core reads "X-X" as the code "x_x": what it quotes is no longer what was typed,
    so it must cut the quote itself."""
    result = run(db, "register", "conf", "Bo Ng", *args)
    assert result.exit_code == 2
    quoted = error_line(result).split("'")[1]
    assert quoted.lower().startswith("x") and quoted.endswith("…") and len(quoted) <= 80


def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_opened(tmp_path):
    new = tmp_path / "new.db"
    result = run(new, "event", "add", "caf\udce9", "--kind", "workshop", "--starts", "3/12/2026 10:00")
    assert result.exit_code == 2
    assert "'caf\\xe9' is not valid UTF-8 text" in error_line(result)
    assert not new.exists()
    long = run(new, "search", "\udcff" * 100_000)
    assert long.exit_code == 2 and len(error_line(long)) < 600


def test_a_file_name_too_long_for_the_file_system(db, tmp_path):
    result = run(tmp_path / ("n" * 300 + ".db"), "event", "list")
    assert result.exit_code == 2
    assert "File name too long" in error_line(result) and "n" * 81 not in result.stderr
    result, changed = run_and_see_writes(db, "badges", "conf", "--out", str(tmp_path / ("n" * 300 + ".pdf")))
    assert result.exit_code == 2 and not changed
    assert "File name too long" in error_line(result)


def test_a_database_in_an_unknown_users_home_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COPROD_EVENTS_DB", "~no-such-user/desk.db")
    monkeypatch.chdir(tmp_path)
    for args in (["event", "list"], ["demo", "--no-tui"]):
        result = CliRunner().invoke(cli.main, args)
        assert result.exit_code == 2
        assert "no such user's home" in error_line(result)
    assert not any(tmp_path.iterdir())


def test_a_file_name_too_long_in_your_home_is_quoted_short(db, tmp_path, monkeypatch):
    """"~/" is read as the home folder, so the message no longer holds what was typed: the
    core must cut its quote itself."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for args in (["ticket", "1", "--out", "~/" + "n" * 300 + ".pdf"],
                 ["tickets", "conf", "--format", "png", "--out", "~/" + "n" * 300]):
        result = run(db, *args)
        assert result.exit_code == 2
        line = error_line(result)
        assert "File name too long" in line and "n" * 81 not in line


def test_a_folder_where_a_file_belongs(db, tmp_path):
    result, changed = run_and_see_writes(db, "badges", "conf", "--out", str(tmp_path))
    assert result.exit_code == 2 and not changed
    assert "is a folder" in error_line(result)


def test_a_pin_piped_in_that_is_not_utf8(db):
    result = CliRunner().invoke(cli.main, ["--db", str(db), "kiosk-pin"], input=b"\xff\xfe\n\xff\xfe\n")
    assert result.exit_code == 2
    assert "not valid UTF-8" in error_line(result)


# --- what is printed is safe for the terminal ----------------------------------------------------

def test_control_characters_reach_the_terminal_as_escapes_and_json_readers_unchanged(db, tmp_path):
    out = tmp_path / "\x1b]0;pwned\x07\u202e.png"  # a legal file name, echoed back
    shown = run(db, "ticket", "1", "--out", str(out))
    assert shown.exit_code == 0 and out.exists()
    assert "\\x1b]0;pwned\\x07\\u202e.png" in shown.stdout and "\x1b" not in shown.stdout
    as_json = run(db, "ticket", "1", "--out", str(out), "--json")
    assert "\x1b" not in as_json.stdout and "\u202e" not in as_json.stdout
    assert json.loads(as_json.stdout)["file"] == str(out)


# --- through the installed command ---------------------------------------------------------------

def test_installed_not_utf8_argument_exits_2_in_one_line(cli):
    result = cli("register", "conf", "Jos\udce9", expect=2)  # the byte 0xE9 alone: Latin-1 "é"
    assert result.stderr == ("Error: 'Jos\\xe9' is not valid UTF-8 text. Nothing was done: check the "
                             "character encoding of the terminal or script that typed it.\n")


def test_installed_file_name_too_long_exits_2(cli, tmp_path):
    result = cli("--db", str(tmp_path / ("n" * 300)), "event", "list", expect=2)
    assert result.stderr.count("\n") == 1 and "File name too long" in result.stderr


def _with_a_bug(*args: str, env: dict) -> subprocess.CompletedProcess:
    """`coprod-events ARGS` in a process where printing the result fails as a bug would."""
    code = "import coprod_events.cli as cli; cli.emit = lambda *a: {}['missing']; cli.main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_installed_internal_error_exits_3_with_the_traceback_only_under_debug(tmp_path):
    env = {**os.environ, "COPROD_EVENTS_DB": str(tmp_path / "desk.db")}
    plain = _with_a_bug("event", "list", env=env)
    assert plain.returncode == 3
    assert plain.stderr.startswith("Error: Internal error (KeyError)") and plain.stderr.count("\n") == 1
    debug = _with_a_bug("--debug", "event", "list", env=env)
    assert debug.returncode == 3
    assert "Traceback (most recent call last)" in debug.stderr and "KeyError: 'missing'" in debug.stderr


def test_installed_output_into_a_closed_pipe_exits_141_quietly(cli, tmp_path):
    cli("event", "add", "Conf", "--kind", "conference", "--starts", "3/12/2026 10:00")
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `| head` does once it has read enough
    try:
        result = subprocess.run([COMMAND, "event", "list"], stdout=write_end, stderr=subprocess.PIPE,
                                env={**os.environ, "COPROD_EVENTS_DB": str(tmp_path / "desk.db")}, timeout=60)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, b"")


def test_installed_ctrl_c_at_the_pin_prompt_exits_130_quietly(tmp_path):
    # Ctrl+C as at a terminal, even when the tests run in the background (a shell starts those
    # with SIGINT ignored, and Python keeps it so: the command would rightly wait on).
    child = pexpect.spawn(COMMAND, ["kiosk-pin"], cwd=str(tmp_path), timeout=30,
                          env={**os.environ, "COPROD_EVENTS_DB": str(tmp_path / "desk.db")},
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        child.expect("New kiosk PIN")
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
    assert b"Aborted" not in child.before and b"Traceback" not in child.before


# --- bad input the core refuses in words (the fuzzer found each as an internal error) -----------

EVENT_ADD = ["event", "add", "X", "--kind", "training"]


@pytest.mark.parametrize("args", [
    [*EVENT_ADD, "--starts", "3/12/2026 10:00", "--capacity", "99999999999999999999"],
    [*EVENT_ADD, "--starts", "31/12/9999 23:00"],
    [*EVENT_ADD, "--starts", "3/12/2026 10:00", "--repeat", "FREQ=WEEKLY;INTERVAL=0"],
    ["session", "add", "conf", "S", "--starts", "3/12/2026 10:00", "--capacity", "99999999999999999999"],
    ["session", "add", "conf", "S", "--starts", "31/12/9999 23:59"],
    ["register", "conf", "Bo Ng", "--pa-for", "99999999999999999999"],
    ["ticket", "99999999999999999999"],
    ["ticket", "1", "--out", "~no-such-user/ticket.pdf"],
    ["tickets", "conf", "--out", "~no-such-user/tickets.pdf"],
    ["badges", "conf", "--out", "~no-such-user/badges.pdf"],
], ids=lambda args: " ".join(arg[:24] for arg in args))
def test_bad_input_the_core_lets_through_is_exit_2_not_3(db, args):
    result, changed = run_and_see_writes(db, *args)
    assert (result.exit_code, changed) == (2, False), result.stderr
