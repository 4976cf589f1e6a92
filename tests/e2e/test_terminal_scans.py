"""Scanner bursts into the installed command in a real pseudo-terminal: each burst written in
one os.write, as a terminal hands a fast scanner's keys to the app in one read. CR, Tab, LF
and CR LF each end a scan; codes scanned away from the desk are caught, not read as keys."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta

import pexpect
import pytest
from test_terminal import Terminal, uk

from coprod_events.core import checkin
from coprod_events.core.store import Store

from conftest import COMMAND

ENDS = {"CR": "\r", "Tab": "\t", "LF": "\n", "CRLF": "\r\n"}


@pytest.fixture
def open_day(tmp_path):
    """An event running now, whatever the time the tests run, and a way to register people."""
    db = str(tmp_path / "desk.db")
    env = {**os.environ, "COPROD_EVENTS_DB": db, "TERM": "xterm-256color"}

    def cli(*args: str) -> dict:
        result = subprocess.run([COMMAND, "--db", db, *args, "--json"], capture_output=True,
                                text=True, env=env, check=True)
        return json.loads(result.stdout)

    now = datetime.now(UTC)
    slug = cli("event", "add", "Open Day", "--kind", "conference", "--starts",
               uk(now - timedelta(hours=1)), "--ends", uk(now + timedelta(hours=4)))["slug"]
    return db, env, slug, lambda name: cli("register", slug, name)


def log(db: str, slug: str) -> list[str | None]:
    """Who was scanned, oldest first (an unknown code: None)."""
    with Store(db) as store:
        return [entry.name for entry in reversed(checkin.recent(store, slug, limit=50))]


def test_two_codes_in_one_burst_get_two_verdicts_whatever_ends_them(open_day):
    db, env, slug, register = open_day
    surnames = dict(zip(ENDS, ("Carr", "Tabb", "Lynn", "Crewe"), strict=True))
    names = {end: (f"Ann {surname}", f"Ben {surname}") for end, surname in surnames.items()}
    people = {name: register(name) for pair in names.values() for name in pair}
    terminal = Terminal("--db", db, "desk", slug, env=env)
    try:
        terminal.wait_for("Scan a ticket")
        for end, (first, second) in names.items():
            burst = people[first]["code"] + ENDS[end] + people[second]["code"] + ENDS[end]
            os.write(terminal.child.child_fd, burst.encode())
            terminal.wait_for(second)
        terminal.child.sendcontrol("q")
        terminal.child.expect(pexpect.EOF, timeout=10)
    finally:
        terminal.close()
    assert log(db, slug) == [name for pair in names.values() for name in pair]  # none merged, none empty


def test_a_burst_after_an_accidental_esc_goes_back_to_the_desk(open_day):
    db, env, slug, register = open_day
    ada, bo, cy = (register(name) for name in ("Ada Lovelace", "Bo Ng", "Cy Young"))
    terminal = Terminal("--db", db, "desk", slug, "--station", "Front", env=env)
    try:
        terminal.wait_for("Scan a ticket")
        os.write(terminal.child.child_fd, (ada["code"] + "\r").encode())
        terminal.wait_for("Ada Lovelace")
        terminal.child.send("\x1b")
        terminal.wait_for("Waiting list")  # the event's screen, with its tabs
        os.write(terminal.child.child_fd, (bo["code"] + "\t" + cy["code"].lower() + "\r\n").encode())
        screen = terminal.wait_for("Checked in 3 / 3")  # at the desk (the event's screen lists names too)
        assert "Scan a ticket" in screen and "Cy Young" in screen
        terminal.child.sendcontrol("q")
        terminal.child.expect(pexpect.EOF, timeout=10)
    finally:
        terminal.close()
    assert log(db, slug) == ["Ada Lovelace", "Bo Ng", "Cy Young"]
