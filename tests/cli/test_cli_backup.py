"""`backup`, `restore`, `check` and `backups`, run as a person or a script would (each run
costs a start of the command: the core tests cover the rest)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def test_backup_restore_and_check_say_what_they_did_and_refuse_what_is_unsafe(cli, cli_db, tmp_path):
    slug = cli.json("event", "add", "Backup Day", "--kind", "conference",
                    "--starts", "3/12/2026 09:00")["slug"]
    cli("register", slug, "Kept Person")
    taken = cli.json("backup")
    assert taken["file"].startswith(str(tmp_path / "backups" / "desk-manual-"))
    cli("register", slug, "Later Person")

    refused = cli("restore", taken["file"], expect=1)  # a script, not asked: nothing happens
    assert "--yes" in refused.stderr
    done = cli.json("restore", taken["file"], "--yes")
    assert done["counts"]["people"] == 1 and done["kept_aside"].startswith(f"{cli_db}.before-restore-")
    with sqlite3.connect(cli_db) as conn:
        assert conn.execute("SELECT name FROM people").fetchall() == [("Kept Person",)]
        assert conn.execute("SELECT action, detail FROM audit_log").fetchall()[-1] == (
            "backup_restored", f"from {Path(taken['file']).name}")

    cli_db.chmod(0o644)
    checked = cli("check", expect=1).stdout
    assert "Integrity: ok" in checked and "others can read it" in checked

    listed = cli.json("backups", "--folder", str(tmp_path / "usb"))
    assert listed == {"folder": str(tmp_path / "usb"), "backups": []}
    assert (tmp_path / "usb").stat().st_mode & 0o777 == 0o700


def test_an_encrypted_backup_is_refused_with_the_wrong_passphrase(cli, tmp_path):
    sealed = tmp_path / "usb.db.enc"
    cli("backup", "--encrypt", "--out", str(sealed), env={"COPROD_EVENTS_BACKUP_PASSPHRASE": "right one"})
    assert sealed.stat().st_mode & 0o777 == 0o600
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(sealed).execute("SELECT * FROM sqlite_master").fetchall()
    wrong = cli("restore", str(sealed), "--yes", expect=2, env={"COPROD_EVENTS_BACKUP_PASSPHRASE": "wrong"})
    assert "Wrong passphrase" in wrong.stderr
    assert not list(tmp_path.glob("*.before-restore-*"))  # nothing was touched
