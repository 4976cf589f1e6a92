"""Long CLI runs draw a progress bar on a terminal (a real pty), on standard error; with --json,
or piped, nothing but the result."""

from __future__ import annotations

import json
import os

import pexpect

from coprod_events.core import events
from coprod_events.core.store import Store

from conftest import COMMAND, register


def test_a_bar_on_a_terminal_and_none_with_json_or_piped(tmp_path, cli_db, cli):
    with Store(cli_db) as store:
        event = events.add_event(store, "Peer Day", kind="conference", starts="3/12/2026 09:00",
                                 ends="3/12/2026 17:00")
        for number in range(30):
            register(store, event, f"Person {number:02}")
    env = {**os.environ, "COPROD_EVENTS_DB": str(cli_db), "COLUMNS": "100"}

    def on_a_terminal(*args: str) -> str:
        child = pexpect.spawn(COMMAND, ["badges", "peer-day", *args], cwd=str(tmp_path), env=env,
                              timeout=60, dimensions=(24, 100))
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        return child.before.decode().replace("\r", "")

    shown = on_a_terminal("--out", "a.pdf")
    assert "Badges  [------" in shown and "Badges  [######" in shown and "]  30/30" in shown
    assert shown.rstrip().endswith("Wrote 30 badges to a.pdf (30 pages, a6), in surname order.")
    as_json = on_a_terminal("--out", "b.pdf", "--json")
    assert json.loads(as_json)["count"] == 30  # nothing else on the terminal
    piped = cli("badges", "peer-day", "--out", "c.pdf")
    assert piped.stderr == "" and piped.stdout.startswith("Wrote 30 badges")
