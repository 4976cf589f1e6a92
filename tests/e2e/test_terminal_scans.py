"""Scanner bursts into the installed command in a real pseudo-terminal: each burst written in
one os.write, as a terminal hands a fast scanner's keys to the app in one read. CR, Tab, LF
and CR LF each end a scan; codes scanned away from the desk are caught, not read as keys."""

from __future__ import annotations

import os

import pexpect
from pty_app import OpenDay

from coprod_events.core import checkin
from coprod_events.core.store import Store

ENDS = {"CR": "\r", "Tab": "\t", "LF": "\n", "CRLF": "\r\n"}


def log(day: OpenDay) -> list[str | None]:
    """Who was scanned, oldest first (an unknown code: None)."""
    with Store(day.db) as store:
        return [entry.name for entry in reversed(checkin.recent(store, day.slug, limit=50))]


def test_two_codes_in_one_burst_get_two_verdicts_whatever_ends_them(tmp_path):
    day = OpenDay.make(tmp_path)
    surnames = dict(zip(ENDS, ("Carr", "Tabb", "Lynn", "Crewe"), strict=True))
    names = {end: (f"Ann {surname}", f"Ben {surname}") for end, surname in surnames.items()}
    people = {name: day.register(name) for pair in names.values() for name in pair}
    terminal = day.terminal("desk", day.slug)
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
    assert log(day) == [name for pair in names.values() for name in pair]  # none merged, none empty


def test_a_burst_after_an_accidental_esc_goes_back_to_the_desk(tmp_path):
    day = OpenDay.make(tmp_path)
    ada, bo, cy = (day.register(name) for name in ("Ada Lovelace", "Bo Ng", "Cy Young"))
    terminal = day.terminal("desk", day.slug, "--station", "Front")
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
    assert log(day) == ["Ada Lovelace", "Bo Ng", "Cy Young"]
