"""The database file: permissions, pragmas, migrations, and files that are not ours."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from coprod_events.core import events
from coprod_events.core.errors import CoprodError
from coprod_events.core.store import Store, default_db_path, demo_db_path, split_sql


def test_new_file_is_private(db_path):
    Store(db_path).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_pragmas_on_open(store):
    with store.write():  # the writer: the connection whose commits must be on disk
        writer = store.conn
        assert writer.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert writer.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    reader = store.conn
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert reader.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert reader.execute("PRAGMA busy_timeout").fetchone()[0] >= 3000


def test_migrations_apply_once(db_path):
    with Store(db_path) as first:
        events.add_event(first, "Kept", kind="workshop", starts="3/12/2026 10:00")
        applied = first.schema_version()
        schema = first.conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    with Store(db_path) as second:
        assert second.schema_version() == applied
        assert second.conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
        assert [s.event.title for s in events.list_events(second)] == ["Kept"]
        count = second.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert count == len(applied) >= 1


def test_not_a_database_is_left_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"my shopping list, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(CoprodError, match="not a coprod-events database"):
        Store(path)
    assert path.read_bytes() == before


def test_someone_elses_sqlite_is_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(CoprodError, match="not a coprod-events one"):
        Store(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_newer_database_is_refused(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('coprod_events', '9999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(CoprodError, match="newer version"):
        Store(db_path)


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(CoprodError, match="folder"):
        Store(tmp_path)


def test_default_paths(monkeypatch, tmp_path):
    monkeypatch.setenv("COPROD_EVENTS_DB", str(tmp_path / "desk.db"))
    assert default_db_path() == tmp_path / "desk.db"
    assert demo_db_path() == tmp_path / "demo.db"
    monkeypatch.delenv("COPROD_EVENTS_DB")
    assert default_db_path().name == "coprod-events.db"
    assert "coprod-events" in str(default_db_path())


def test_split_sql_keeps_trigger_bodies():
    script = """
    -- a comment
    CREATE TABLE a (x);
    CREATE TRIGGER t AFTER INSERT ON a BEGIN
        INSERT INTO a VALUES (1);
        INSERT INTO a VALUES (2);
    END;
    """
    statements = split_sql(script)
    assert len(statements) == 2
    assert statements[1].count("INSERT INTO") == 2 and statements[1].endswith("END;")


def test_check_in_log_is_append_only(store):
    event = events.add_event(store, "Log", kind="workshop", starts="3/12/2026 10:00")
    with store.write():
        store.run(
            "INSERT INTO checkins (id, event_id, direction, at, local_day, success, reason, recorded_at) "
            "VALUES ('x', ?, 'entry', 't', 'd', 0, 'unknown_code', 't')", [event.id])
    for statement in ("DELETE FROM checkins", "UPDATE checkins SET reason = 'ok'",
                      "UPDATE checkins SET force_reason = 'after the fact'"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write():
            store.run(statement)
    assert store.value("SELECT reason FROM checkins") == "unknown_code"


def test_reads_in_one_moment_do_not_see_another_desks_write_until_done(store, db_path):
    events.add_event(store, "First", kind="workshop", starts="3/12/2026 10:00")
    with Store.open(db_path) as other_desk:
        with store.reading():
            assert store.value("SELECT count(*) FROM events") == 1
            events.add_event(other_desk, "Second", kind="workshop", starts="3/12/2026 10:00")
            assert store.value("SELECT count(*) FROM events") == 1  # as of the moment it began
            with store.reading():  # nested: the outer moment holds
                assert store.value("SELECT count(*) FROM events") == 1
            with pytest.raises(RuntimeError, match="would not see it"), store.write():
                pass
        assert store.value("SELECT count(*) FROM events") == 2
