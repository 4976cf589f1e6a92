"""Backups: taken while desks scan, rotated, private, encrypted, and restored only when safe."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from test_concurrency import _event_with_codes, _start_desk

from coprod_events.core import backups
from coprod_events.core import store as store_module
from coprod_events.core.errors import CoprodError
from coprod_events.core.importing import importer
from coprod_events.core.store import Store

from conftest import conference, register

DAY = datetime(2026, 12, 1, 8, 30)


@pytest.fixture
def fast_scrypt(monkeypatch):
    """A cheap key derivation: the header carries the cost, so decrypting follows it."""
    monkeypatch.setattr(backups, "SCRYPT_LOG_N", 10)


def test_a_backup_during_four_desks_scanning_holds_every_acknowledged_checkin(store, db_path, tmp_path):
    slug, codes = _event_with_codes(store, 240)
    acknowledged: list[dict] = []  # each line a desk printed: a check-in it reported done
    enough = threading.Condition()
    desks = [_start_desk(db_path, slug, codes[i::4], tmp_path, f"desk{i}") for i in range(4)]

    def read(desk) -> None:
        for line in desk.stdout:
            with enough:
                acknowledged.append(json.loads(line))
                enough.notify()

    readers = [threading.Thread(target=read, args=(desk,)) for desk in desks]
    for reader in readers:
        reader.start()
    with enough:
        assert enough.wait_for(lambda: len(acknowledged) >= 40, timeout=60), acknowledged
        before = {line["id"] for line in acknowledged if "id" in line}
    backup = backups.take(store, out=tmp_path / "mid-scan.db")
    for desk, reader in zip(desks, readers, strict=True):
        reader.join(timeout=120)
        assert desk.wait(timeout=120) == 0, desk.stderr.read()

    restored = tmp_path / "restored.db"
    backups.restore(restored, backups.inspect(backup.path))
    conn = sqlite3.connect(restored)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    held = {row[0] for row in conn.execute("SELECT id FROM checkins")}
    conn.close()
    assert before <= held
    total = store.value("SELECT count(*) FROM checkins")
    assert len(held) < total == len(codes)  # taken mid-run, and the desks went on meanwhile


def test_an_encrypted_backup_needs_its_passphrase_and_is_not_sqlite(store, tmp_path, fast_scrypt):
    event = conference(store)
    register(store, event, "Ada Okonkwo-Backup")
    sealed = backups.take(store, out=tmp_path / "usb.db.enc", passphrase="correct horse")
    raw = sealed.path.read_bytes()
    assert raw.startswith(backups.MAGIC) and b"SQLite format 3" not in raw
    assert b"Okonkwo-Backup" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(sealed.path).execute("SELECT * FROM sqlite_master").fetchall()
    with pytest.raises(CoprodError, match="Wrong passphrase"):
        backups.inspect(sealed.path, "wrong horse")
    tampered = tmp_path / "tampered.db.enc"
    tampered.write_bytes(raw[:9] + bytes([raw[9] + 1]) + raw[10:])  # the header is sealed too
    with pytest.raises(CoprodError, match="Wrong passphrase"):
        backups.inspect(tampered, "correct horse")
    opened = backups.inspect(sealed.path, lambda: "correct horse")
    assert opened.encrypted and opened.counts["people"] == 1


def test_rotation_keeps_seven_daily_and_ten_before_change_and_every_manual_one(store):
    for day in range(9):
        assert backups.daily(store, now=DAY + timedelta(days=day)) is not None
        assert backups.daily(store, now=DAY + timedelta(days=day, hours=3)) is None  # once a day
    for minute in range(12):
        backups.before_change(store, "import", now=DAY + timedelta(minutes=minute))
    manual = [backups.take(store, now=DAY + timedelta(days=d)).path for d in range(2)]
    found = backups.listed(store)
    daily = [f.taken.date() for f in found if f.kind == "daily"]
    assert daily == [(DAY + timedelta(days=d)).date() for d in range(2, 9)]
    before = [f.taken for f in found if f.kind == "before-import"]
    assert before == [DAY + timedelta(minutes=m) for m in range(2, 12)]
    assert [f.path for f in found if f.kind == "manual"] == manual


def test_backups_and_their_folder_are_private_whatever_the_umask(store, tmp_path):
    was = os.umask(0)
    try:
        made = backups.daily(store)
        sealed_dir = tmp_path / "usb"
        backups.set_folder(store, sealed_dir)
        moved = backups.before_change(store, "import")
    finally:
        os.umask(was)
    assert made is not None and made.path.parent == tmp_path / "backups"
    assert moved.path.parent == sealed_dir
    for path in (made.path, moved.path):
        assert path.stat().st_mode & 0o777 == 0o600
    for folder in (made.path.parent, sealed_dir):
        assert folder.stat().st_mode & 0o777 == 0o700
    assert not list(sealed_dir.glob(".*partial"))
    report = backups.check(store.path)
    assert report.ok and {m.path for m in report.modes} >= {moved.path, sealed_dir}
    moved.path.chmod(0o644)
    assert not backups.check(store.path).ok


def test_a_chosen_folder_that_cannot_be_used_falls_back_beside_the_database(store, tmp_path):
    stick = tmp_path / "usb"
    backups.set_folder(store, stick)
    shutil.rmtree(stick)
    stick.write_text("the stick is not plugged in; a file is in its place")
    made = backups.before_change(store, "import")
    assert made.path.parent == tmp_path / "backups" and made.note and str(stick) in made.note


def test_an_import_and_a_migration_back_up_first(tmp_path, monkeypatch):
    every = store_module.migration_files()
    monkeypatch.setattr(store_module, "migration_files", lambda: every[:-1])
    path = tmp_path / "old.db"
    with Store(path) as old:
        register(old, conference(old), "Before Upgrade")
    assert list(tmp_path.glob("backups/*")) == []  # a new file has nothing to lose
    monkeypatch.setattr(store_module, "migration_files", lambda: every)
    with Store(path) as upgraded:
        [before] = backups.listed(upgraded)
        assert before.kind == "before-migration"
        assert backups.inspect(before.path).schema == every[-2].stem
        csv = tmp_path / "people.csv"
        csv.write_text("Name,Email\nNew Person,new@example.org\n", encoding="utf-8")
        importer.run_import(upgraded, 1, csv, maps=["Name=name", "Email=email"])
        assert sorted(f.kind for f in backups.listed(upgraded)) == ["before-import", "before-migration"]


def _copy_of(store: Store, tmp_path: Path, name: str) -> Path:
    return backups.take(store, out=tmp_path / name).path


def test_restore_puts_the_backup_in_place_and_keeps_the_current_file_aside(store, tmp_path):
    event = conference(store)
    register(store, event, "In The Backup")
    saved = _copy_of(store, tmp_path, "saved.db")
    register(store, event, "Only In The Live File")
    aside = backups.restore(store.path, backups.inspect(saved), now=DAY)
    assert aside == store.path.with_name("coprod.db.before-restore-20261201-083000")
    assert aside.stat().st_mode & 0o777 == 0o600
    names = {row[0] for row in store.query("SELECT name FROM people")}  # the open store sees it
    assert names == {"In The Backup"}
    kept = sqlite3.connect(aside)
    assert {row[0] for row in kept.execute("SELECT name FROM people")} == {"In The Backup",
                                                                          "Only In The Live File"}
    kept.close()


def test_restore_refuses_what_is_not_a_sound_backup_of_this_version(store, tmp_path):
    saved = _copy_of(store, tmp_path, "saved.db")
    newer = tmp_path / "newer.db"
    shutil.copy(saved, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('coprod_events', '9999_from_the_future', '2030-01-01')")
    with pytest.raises(backups.Refused, match="newer version"):
        backups.inspect(newer)
    damaged = tmp_path / "damaged.db"
    data = bytearray(saved.read_bytes())
    data[4096 * 3:4096 * 3 + 200] = b"\xff" * 200  # a page of a table overwritten
    damaged.write_bytes(bytes(data))
    with pytest.raises(CoprodError):  # Refused, or not even readable as a database
        backups.inspect(damaged)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.close()
    with pytest.raises(CoprodError, match="not a coprod-events one"):
        backups.inspect(other)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(CoprodError, match="not a coprod-events backup"):
        backups.inspect(text)
    assert not list(tmp_path.glob("*.before-restore-*"))  # nothing was touched


def test_an_import_whose_backup_fails_imports_nothing(store, tmp_path, monkeypatch):
    event = conference(store)

    def no_room(source, path):
        raise backups.BackupFailed(f"Could not write the backup {path}: No space left on device.")

    monkeypatch.setattr(backups, "_copy_to", no_room)
    csv = tmp_path / "people.csv"
    csv.write_text("Name\nNot Imported\n", encoding="utf-8")
    with pytest.raises(backups.BackupFailed, match="No space left"):
        importer.run_import(store, event.id, csv, maps=["Name=name"])
    assert store.value("SELECT count(*) FROM people") == 0
