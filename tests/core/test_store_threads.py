"""The store's connections and errors: one writer, a reader per thread, and SQLite's failures in
words (busy, read-only, disk full, not our file)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from coprod_events.core import events, registrations, roster
from coprod_events.core.errors import Busy, DiskFull, NotOurDatabase
from coprod_events.core.store import Store

from conftest import COMMAND, conference, register


def test_each_thread_reads_on_its_own_connection_and_cannot_write_on_it(store):
    conference(store)
    with ThreadPoolExecutor(2) as pool:
        mine = store.conn
        theirs = pool.submit(lambda: store.conn).result()
    assert mine is not theirs
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        mine.execute("DELETE FROM events")
    assert len(events.list_events(store)) == 1


def test_a_write_in_one_thread_never_joins_another_threads_transaction(store):
    """Thread A is inside a write (not yet committed) when thread B writes: B waits for A and
    commits on its own; A's rollback takes back A's row only."""
    event = conference(store)
    inside, release = threading.Event(), threading.Event()

    def a_then_fail() -> None:
        with pytest.raises(RuntimeError), store.write():
            registrations.register(store, event.id, "Ann Rolledback", email="ann@example.org")
            inside.set()
            release.wait(5)
            raise RuntimeError("A changes its mind")

    def b_registers() -> int:
        return register(store, event, "Ben Kept").registration.id

    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(a_then_fail)
        assert inside.wait(5)
        b = pool.submit(b_registers)
        assert not b.done()  # B waits for A's transaction, it does not join it
        release.set()
        a.result(5)
        kept = b.result(5)
    names = [r.name for r in (registrations.get_registration(store, kept),)]
    assert names == ["Ben Kept"]
    assert store.value("SELECT count(*) FROM registrations") == 1


def test_nested_writes_in_one_thread_are_savepoints(store):
    event = conference(store)
    with store.write():
        register(store, event, "Ann Outer")
        with pytest.raises(RuntimeError), store.write():
            register(store, event, "Ben Inner")
            raise RuntimeError("inner only")
    assert [row.name for row in roster.roster(store, event.id).rows] == ["Ann Outer"]
    assert store.value("SELECT group_concat(name) FROM people") == "Ann Outer"


def test_data_version_moves_for_another_desks_commit_not_for_our_own(db_path):
    """What the app polls to refresh: its own writes it has already shown."""
    with Store(db_path) as store:
        event = conference(store)
        before = store.data_version()
        register(store, event, "Ann Ours")
        assert store.data_version() == before
        with Store(db_path) as other_desk:
            register(other_desk, event, "Ben Theirs")
        assert store.data_version() != before


def test_another_desk_holding_the_lock_makes_a_write_busy_after_the_timeout(db_path):
    with Store(db_path, busy_timeout=0.3) as store:
        event = conference(store)
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(Busy, match="busy"):
                register(store, event, "Ann Waits")
            assert events.get_event(store, event.id).title  # reading goes on under the lock
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert register(store, event, "Ann Waits").registration.status == "confirmed"


def test_a_full_disk_is_said_in_words_and_nothing_is_half_written(store):
    event = conference(store)
    register(store, event, "Ann First")
    pages = store.value("PRAGMA page_count")
    with store.write():  # a database that cannot grow behaves as a full disk does
        store.run(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull, match="disk is full"):
        for n in range(200):
            register(store, event, f"Person {n}", access_notes="x" * 1500, consent=True)
    count = store.value("SELECT count(*) FROM registrations")
    assert store.value("SELECT count(*) FROM people") == count  # no person without a registration


def test_an_existing_empty_file_is_initialised_and_made_private(tmp_path):
    path = tmp_path / "made-by-touch.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    with Store(path) as store:
        assert store.schema_version()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_not_a_database_is_its_own_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    with pytest.raises(NotOurDatabase):
        Store(path)


def test_a_pipe_or_a_device_is_refused_and_keeps_its_mode(tmp_path):
    """An empty existing file is made private; /dev/null (empty too) must never be."""
    path = tmp_path / "a-pipe"
    os.mkfifo(path, 0o644)
    os.chmod(path, 0o644)
    with pytest.raises(NotOurDatabase, match="not a database file"):
        Store(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def _as_nobody(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the command as a user who cannot write to `folder` (root writes anywhere)."""
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, COMMAND, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "HOME": str(folder)})


@pytest.fixture
def read_only_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ro", numbered=True)
    for parent in [folder, *folder.parents]:  # nobody must reach it to be refused by it
        if str(parent).startswith(("/tmp", "/var/tmp")) and parent != Path("/tmp"):
            os.chmod(parent, 0o755)
    return folder


def test_a_read_only_folder_is_said_in_words(read_only_folder):
    with Store(read_only_folder / "desk.db") as store:
        conference(store)
    os.chmod(read_only_folder / "desk.db", 0o644)  # theirs to read, not to write
    os.chmod(read_only_folder, 0o555)
    try:
        new = _as_nobody(read_only_folder, "--db", str(read_only_folder / "new.db"), "event", "list")
        existing = _as_nobody(read_only_folder, "--db", str(read_only_folder / "desk.db"),
                              "event", "add", "Another", "--kind", "workshop",
                              "--starts", "3/12/2026 10:00")
    finally:
        os.chmod(read_only_folder, 0o755)
    for result in (new, existing):
        assert result.returncode == 2, (result.stdout, result.stderr)
        assert "read-only" in result.stderr and "not a coprod-events database" not in result.stderr
        assert "Traceback" not in result.stderr
    with Store(read_only_folder / "desk.db") as store:
        assert [s.event.title for s in events.list_events(store)] == ["Co-production Conference"]
