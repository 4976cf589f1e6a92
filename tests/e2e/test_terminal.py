"""The installed `coprod-events` command in a real pseudo-terminal, read back through a
terminal emulator (pyte): a scanner types a ticket code and Enter, the verdict appears."""

from __future__ import annotations

import pexpect
from pty_app import OpenDay

from coprod_events.core import checkin
from coprod_events.core.store import Store


def test_scan_at_the_desk_in_a_real_terminal(tmp_path):
    day = OpenDay.make(tmp_path)
    person = day.register("Zoë Ødegård", "--email", "zoe@example.org")
    terminal = day.terminal("desk", day.slug, "--station", "E2E")
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
    onsite = day.cli("onsite", day.slug)
    assert person["name"] in [p["name"] for p in onsite["people"]]
    with Store(day.db) as store:  # `--station` is on every check-in (what an SSH desk relies on)
        assert {entry.station for entry in checkin.recent(store, day.slug)} == {"E2E"}
