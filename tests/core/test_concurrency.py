"""Several desks (processes) on one file, and a desk killed mid-stream."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from coprod_events.core import dates, events, registrations
from coprod_events.core.store import Store

WORKER = str(Path(__file__).with_name("desk_worker.py"))


def _event_with_codes(store: Store, n: int) -> tuple[str, list[str]]:
    now = dates.utcnow()
    event = events.add_event(store, "Busy day", kind="conference",
                             starts=now - timedelta(hours=1), ends=now + timedelta(hours=6))
    with store.write():
        codes = [registrations.register(store, event.slug, f"Person {i}").code for i in range(n)]
    return event.slug, codes


def _start_desk(db_path, slug, codes, tmp_path, station) -> subprocess.Popen:
    codes_file = tmp_path / f"{station}.txt"
    codes_file.write_text("\n".join(codes))
    return subprocess.Popen([sys.executable, WORKER, str(db_path), slug, str(codes_file), station],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_four_desks_admit_each_code_exactly_once(store, db_path, tmp_path):
    slug, codes = _event_with_codes(store, 120)
    shared, own = codes[:80], codes[80:]  # every desk scans the shared ones; 10 each are its own
    desks = []
    for i in range(4):
        mine = shared + own[i * 10:(i + 1) * 10]
        random.Random(i).shuffle(mine)
        desks.append(_start_desk(db_path, slug, mine, tmp_path, f"desk{i}"))
    lines = []
    for desk in desks:
        out, err = desk.communicate(timeout=120)
        assert desk.returncode == 0, err
        lines += [json.loads(line) for line in out.splitlines()]
    assert [line for line in lines if "error" in line] == []
    assert sum(line.get("errors", 0) for line in lines) == 0
    scans = [line for line in lines if "id" in line]
    assert len(scans) == 4 * 80 + 40
    admitted = [line["code"] for line in scans if line["admitted"]]
    assert sorted(admitted) == sorted(codes)  # each code once, none twice
    assert {line["reason"] for line in scans if not line["admitted"]} == {"already_checked_in"}
    stored = store.conn.execute("SELECT count(*), sum(success) FROM checkins").fetchone()
    assert stored == (len(scans), len(codes))


def test_killed_desk_leaves_an_intact_database_with_every_reported_checkin(store, db_path, tmp_path):
    slug, codes = _event_with_codes(store, 400)
    desk = _start_desk(db_path, slug, codes, tmp_path, "doomed")
    reported = []
    for line in desk.stdout:
        reported.append(json.loads(line)["id"])
        if len(reported) == 150:
            desk.send_signal(signal.SIGKILL)
            break
    desk.wait(timeout=30)
    assert desk.returncode == -signal.SIGKILL
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in conn.execute("SELECT id FROM checkins")}
    conn.close()
    assert set(reported) <= stored
    assert len(stored) < len(codes)  # it really died mid-stream
    with Store(db_path) as reopened:  # and the file opens and works afterwards
        assert reopened.conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == len(stored)
