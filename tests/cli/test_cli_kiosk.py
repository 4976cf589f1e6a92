"""`coprod-events kiosk-pin` and `kiosk`, through the installed command."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import pyte
import pytest

from coprod_events.core import audit, kiosk_pin
from coprod_events.core.store import Store

from conftest import COMMAND

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def db(cli_db) -> Path:
    return cli_db



def stored_pin(db: Path) -> str | None:
    if not db.exists():  # a refused PIN is refused before the database is even opened
        return None
    with Store(db) as store:
        row = store.conn.execute("SELECT value FROM settings WHERE key = 'kiosk_pin'").fetchone()
    return row[0] if row else None


def test_a_piped_pin_is_stored_as_a_hash_not_as_itself(cli, db):
    result = cli("kiosk-pin", input="246813\n246813\n")
    assert "Kiosk PIN set" in result.stdout and "246813" not in result.stdout + result.stderr
    value = stored_pin(db)
    assert value.startswith("scrypt$16384$8$1$") and "246813" not in value
    with Store(db) as store:
        assert kiosk_pin.verify_pin(store, "246813") and not kiosk_pin.verify_pin(store, "246814")
    cli("kiosk-pin", input="246813\n246813\n")
    assert stored_pin(db) != value  # salted: the same PIN, a different hash


def test_json_says_it_was_set_and_nothing_more(cli):
    assert json.loads(cli("kiosk-pin", "--json", input="2468\n2468\n").stdout) == {"pin_set": True}


@pytest.mark.parametrize("typed, why", [
    ("2468\n2469\n", "not the same"),
    ("24a8\n24a8\n", "4 to 12 digits"),
    ("123\n123\n", "4 to 12 digits"),
    ("1234567890123\n1234567890123\n", "4 to 12 digits"),
    ("", "No PIN was given"),
    ("2468\n", "No PIN was given"),
])
def test_a_bad_pin_is_refused_and_nothing_is_stored(cli, db, typed, why):
    result = cli("kiosk-pin", input=typed, expect=2)
    assert why in result.stderr
    assert stored_pin(db) is None


def test_a_refused_new_pin_keeps_the_old_one(cli, db):
    cli("kiosk-pin", input="2468\n2468\n")
    cli("kiosk-pin", input="1357\n7531\n", expect=2)
    with Store(db) as store:
        assert kiosk_pin.verify_pin(store, "2468")


def test_unlock_lifts_the_wait_and_is_audited(cli, db):
    with Store(db) as store:
        kiosk_pin.set_pin(store, "2468")
        for _ in range(3):
            kiosk_pin.try_pin(store, "0000")
    assert json.loads(cli("kiosk-pin", "--unlock", "--json").stdout)["failures"] == 3
    assert "no kiosk PIN wait" in cli("kiosk-pin", "--unlock").stdout
    with Store(db) as store:
        assert kiosk_pin.wait_seconds(store) == 0
        assert [e.action for e in audit.entries(store)] == ["kiosk_pin_changed", "kiosk_unlocked"]


def _event(cli) -> str:
    now = datetime.now(LONDON)
    fmt = "%d/%m/%Y %H:%M"
    return json.loads(cli("event", "add", "Kiosk Day", "--kind", "conference",
                          "--starts", (now - timedelta(hours=1)).strftime(fmt),
                          "--ends", (now + timedelta(hours=3)).strftime(fmt), "--json").stdout)["slug"]


def test_the_kiosk_will_not_start_without_a_pin(cli):
    slug = _event(cli)
    result = cli("kiosk", slug, expect=2)
    assert "coprod-events kiosk-pin" in result.stderr
    assert json.loads(cli("kiosk", slug, "--json", expect=2).stdout)["error"].startswith("No kiosk PIN")


def test_the_kiosk_checks_its_event_and_session_first(cli):
    cli("kiosk-pin", input="2468\n2468\n")
    assert "No event" in cli("kiosk", "no-such-event", expect=2).stderr
    slug = _event(cli)
    cli("kiosk", slug, "--session", "999", expect=2)
    cli("kiosk", slug, "--clear-after", "0", expect=2)


def test_the_kiosk_in_a_real_terminal(cli, db, tmp_path):
    """A scanner's burst (lower case, Tab suffix) is welcomed; Ctrl+Q and Ctrl+C do nothing;
    F12 and the PIN end it."""
    cli("kiosk-pin", input="2468\n2468\n")
    slug = _event(cli)
    registered = json.loads(cli("register", slug, "Ada Lovelace", "--json").stdout)
    screen = pyte.Screen(100, 30)
    stream = pyte.ByteStream(screen)
    env = {**os.environ, "COPROD_EVENTS_DB": str(db), "TERM": "xterm-256color"}
    child = pexpect.spawn(COMMAND, ["kiosk", slug, "--station", "Foyer"], env=env,
                          dimensions=(30, 100), cwd=str(tmp_path))

    def wait_for(needle: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                stream.feed(child.read_nonblocking(65536, timeout=0.1))
            except pexpect.TIMEOUT:
                pass
            text = "\n".join(screen.display)
            if needle in text:
                return text
        raise AssertionError(f"{needle!r} never appeared. Screen:\n" + "\n".join(screen.display))

    try:
        wait_for("Hold your ticket's QR code")
        child.sendcontrol("q")
        child.sendcontrol("c")
        child.send(registered["code"].lower() + "\t")  # one burst, as a scanner types it
        text = wait_for("Welcome, Ada. You're checked in.")
        assert "Lovelace" not in text
        assert child.isalive()
        child.send("\x1b[24~")  # F12
        wait_for("Staff: unlock the kiosk")
        child.send("2468\r")
        child.expect(pexpect.EOF, timeout=10)
    finally:
        child.terminate(force=True)
    with Store(db) as store:
        rows = store.conn.execute("SELECT station, success FROM checkins").fetchall()
    assert rows == [("Kiosk Foyer", 1)]
