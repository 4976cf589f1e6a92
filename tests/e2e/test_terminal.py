"""The installed `coprod-events` command in a real pseudo-terminal, read back through a
terminal emulator (pyte): a scanner types a ticket code and Enter, the verdict appears."""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pexpect
import pyte

from conftest import COMMAND

COLUMNS, LINES = 100, 30


class Terminal:
    """A pty running the app, with a pyte screen kept up to date."""

    def __init__(self, *args: str, env: dict):
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(COMMAND, list(args), env=env, dimensions=(LINES, COLUMNS))

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.1))
            except pexpect.TIMEOUT:
                pass
            if needle in self.text():
                return self.text()
        raise AssertionError(f"{needle!r} never appeared. Screen:\n{self.text()}")

    def close(self) -> None:
        self.child.terminate(force=True)


def uk(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Europe/London")).strftime("%d/%m/%Y %H:%M")


def test_scan_at_the_desk_in_a_real_terminal(tmp_path):
    env = {**os.environ, "COPROD_EVENTS_DB": str(tmp_path / "desk.db"), "TERM": "xterm-256color"}
    db = str(tmp_path / "desk.db")

    def cli(*args: str) -> dict:
        result = subprocess.run([COMMAND, "--db", db, *args, "--json"], capture_output=True,
                                text=True, env=env, check=True)
        return json.loads(result.stdout)

    # An event running now, whatever the time of day the tests run.
    now = datetime.now(UTC)
    slug = cli("event", "add", "Open Day", "--kind", "conference", "--starts",
               uk(now - timedelta(hours=1)), "--ends", uk(now + timedelta(hours=4)))["slug"]
    person = cli("register", slug, "Zoë Ødegård", "--email", "zoe@example.org")
    terminal = Terminal("--db", db, "desk", slug, "--station", "E2E", env=env)
    try:
        terminal.wait_for("Scan a ticket")
        terminal.child.send(person["code"] + "\r")  # as a keyboard-wedge scanner types it
        screen = terminal.wait_for("ADMITTED")
        assert person["name"] in screen
        terminal.child.send(person["code"] + "\r")
        assert "ALREADY CHECKED IN" in terminal.wait_for("ALREADY CHECKED IN")
        terminal.child.sendcontrol("q")
        terminal.child.expect(pexpect.EOF, timeout=10)
    finally:
        terminal.close()
    onsite = cli("onsite", slug)
    assert person["name"] in [p["name"] for p in onsite["people"]]
