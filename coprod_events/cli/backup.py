"""`coprod-events backup`, `restore`, `check` and `backups`: the database file kept safe
(core/backups.py). Exit codes: 0 done; 1 refused (a restore not confirmed, or of a file not
safe to put in place; `check` finding a problem); 2 bad input; 3 an internal error."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..core import audit
from ..core.errors import CoprodError
from ..core.store import Store, default_db_path
from ..core.text import plural
from . import EXIT_REFUSED, Context, _say, command, emit, main, warn

ENV_PASSPHRASE = "COPROD_EVENTS_BACKUP_PASSPHRASE"


def _passphrase(twice: bool) -> str:
    """From COPROD_EVENTS_BACKUP_PASSPHRASE, else typed, hidden (twice for a new backup)."""
    given = os.environ.get(ENV_PASSPHRASE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise CoprodError(f"No passphrase: set {ENV_PASSPHRASE}, or run this in a terminal "
                          "to type it.")
    first = click.prompt("Passphrase", hide_input=True, err=True)
    if twice and click.prompt("The same passphrase again", hide_input=True, err=True) != first:
        raise CoprodError("The two passphrases were not the same. Nothing was written.")
    if not first:
        raise CoprodError("The passphrase is empty. Nothing was written.")
    return first


def _refused(ctx: Context, message: str) -> None:
    _say(ctx, message)
    sys.exit(EXIT_REFUSED)


@command(main, "backup")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the backup to this new file (default: a new file in the backups folder).")
@click.option("--encrypt", is_flag=True,
              help=f"Encrypt it with a passphrase (${ENV_PASSPHRASE}, or typed twice): "
                   "for a USB stick.")
def backup_command(ctx: Context, as_json: bool, out: Path | None, encrypt: bool) -> None:
    """Back up the database now, while desks carry on scanning.

    The app also backs up by itself: once a day when it starts, and before every upgrade of
    the database and every import. Those are kept in the backups folder (see `backups`), the
    newest 7 daily and 10 before-change ones; backups taken here are never removed.
    An encrypted backup cannot be restored without its passphrase: keep it somewhere safe.
    """
    from ..core import backups  # imported late: other commands never pay for it

    passphrase = _passphrase(twice=True) if encrypt else None
    done = backups.take(ctx.store, out=out, passphrase=passphrase)
    if done.note:
        warn(done.note)
    emit(as_json, {"file": str(done.path), "encrypted": done.encrypted, "size": done.size},
         f"Backed up {ctx.store.path.name} to {done.describe()}.")


@command(main, "restore")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask first (for scripts).")
def restore_command(ctx: Context, as_json: bool, file: Path, yes: bool) -> None:
    """Put the database back as it was in FILE (a backup, encrypted or not).

    FILE is checked first: it must be a sound coprod-events database (SQLite's integrity
    check) from this version or an older one. The database there now is kept beside it as
    DB.before-restore-DATE-TIME, and you are asked before anything changes. Close the app on
    every desk first: a check-in made during the restore would be lost.
    """
    from ..core import backups  # imported late: other commands never pay for it

    db_path = ctx.db_path or default_db_path()
    try:
        found = backups.inspect(file, lambda: _passphrase(twice=False))
    except backups.Refused as error:
        _refused(ctx, str(error))
    try:
        held = ", ".join(f"{count:,} {table.replace('checkins', 'check-ins')}"
                         for table, count in found.counts.items())
        if not yes:
            if not sys.stdin.isatty():
                _refused(ctx, "Nothing was restored: give --yes to restore without being asked.")
            question = (f"Restore {db_path} from {file} ({held})? The database there now is kept "
                        "beside it.")
            if not click.confirm(question, default=False, err=True):
                _refused(ctx, "Nothing was restored.")
        aside = backups.restore(db_path, found)
    finally:
        found.memory.close()
    with Store(db_path) as restored, restored.write():  # opening it brings an older one up to date
        audit.record(restored, "backup_restored", detail=f"from {file.name}")
    later = f" It was upgraded ({plural(found.pending, 'change')})." if found.pending else ""
    emit(as_json, {**found.as_json(), "db": str(db_path), "kept_aside": str(aside) if aside else None},
         [f"Restored {db_path} from {file} ({held}).{later}"]
         + ([f"The database as it was before is kept as {aside}."] if aside else []))


@command(main, "check")
def check_command(ctx: Context, as_json: bool) -> None:
    """Check the database file without changing it: SQLite's integrity check, foreign keys,
    the schema version, and that the file, its backups and their folder are private (0600,
    0700). Exit code 1 if anything is wrong."""
    from ..core import backups  # imported late: other commands never pay for it

    report = backups.check(ctx.db_path or default_db_path())
    schema = {"current": "up to date", "newer": "made by a newer version of coprod-events",
              "pending": f"{plural(report.pending, 'upgrade')} to apply when the app next opens it"}
    lines = [f"Database: {report.path}",
             "Integrity: " + ("ok" if report.integrity == ["ok"] else "; ".join(report.integrity)),
             "Foreign keys: " + ("ok" if not report.foreign_key_problems
                                 else f"{plural(report.foreign_key_problems, 'row')} pointing nowhere"),
             f"Schema: {report.schema} ({schema[report.schema_state]})"]
    lines += [f"Mode {m.mode:04o} {m.path}" + ("" if m.ok else "  (others can read it: chmod go-rwx)")
              for m in report.modes]
    lines.append("All good." if report.ok else "Problems found: see above.")
    emit(as_json, report.as_json(), lines)
    if not report.ok:
        sys.exit(EXIT_REFUSED)


@command(main, "backups")
@click.option("--folder", type=click.Path(path_type=Path, file_okay=False),
              help="Keep backups in this folder from now on (e.g. on a USB stick).")
@click.option("--beside", is_flag=True, help="Keep backups beside the database again (the default).")
def backups_command(ctx: Context, as_json: bool, folder: Path | None, beside: bool) -> None:
    """List this database's backups, or choose where they are kept."""
    from ..core import backups  # imported late: other commands never pay for it

    if folder is not None or beside:
        backups.set_folder(ctx.store, None if beside else folder)
    where = backups.folder(ctx.store)
    found = backups.listed(ctx.store)
    emit(as_json, {"folder": str(where), "backups": [
        {"file": str(f.path), "kind": f.kind, "taken": f.taken.isoformat(), "size": f.size,
         "encrypted": f.encrypted} for f in found]},
        [f"Backups folder: {where}"]
        + [f"  {f.taken:%d/%m/%Y %H:%M}  {f.kind:<18} {f.path.name}" for f in reversed(found)]
        + ([] if found else ["  No backups yet."]))
