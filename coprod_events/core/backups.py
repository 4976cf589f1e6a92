"""Backups of the one database file, taken without anyone remembering to, and restores.

A backup is SQLite's online backup API run on this thread's read connection, in one step: one
read transaction, so the copy is the database as it was at one moment, however many desks are
scanning (WAL lets them carry on writing meanwhile). It is written under a hidden name, synced,
then renamed, so a backup that exists is whole.

Where: a folder beside the database (`backups/`), or the one chosen in settings (a USB stick);
made 0700, files 0600. Names say whose and when: `desk-daily-20261202-071833.db`,
`desk-before-import-20261202-071833.db`; automatic ones are rotated (the newest `KEEP_DAILY`
daily ones and `KEEP_BEFORE_CHANGE` before-change ones stay), ones taken by hand are not.

When: once a day when the app starts (`daily`), and before anything that changes much at once
(`before_change(store, reason)`: a migration, an import; purge and erase call it too).

Encrypted backups (for a USB stick) are the same copy, made in memory, sealed with AES-256-GCM
under a key derived from a passphrase with scrypt (pyca/cryptography). The file:

    offset  size  what
    0       8     b"CPEVBAK\\x00"   (magic: not "SQLite format 3", so nothing opens it as SQLite)
    8       1     format version (1)
    9       1     scrypt log2(N)
    10      1     scrypt r
    11      1     scrypt p
    12      16    salt
    28      12    nonce
    40      ...   ciphertext of the SQLite file, then GCM's 16-byte tag

The 40-byte header is the associated data: changing any of it fails the tag, as does a wrong
passphrase.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .data import files
from .data import settings as settings_data
from .errors import CoprodError, StoreError, from_sqlite
from .store import Store, migration_files

FOLDER_KEY = "backups_folder"
DEFAULT_FOLDER = "backups"
KEEP_DAILY = 7
KEEP_BEFORE_CHANGE = 10
REASONS = ("migration", "import", "purge", "erase", "restore", "merge")
ENV_PASSPHRASE = "COPROD_EVENTS_BACKUP_PASSPHRASE"

MAGIC = b"CPEVBAK\x00"
VERSION = 1
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 17, 8, 1  # 128 MiB, about half a second: OWASP's minimum
MAX_LOG_N = 20  # a header asking for more is not one of ours (and would take gigabytes)
SALT_SIZE, NONCE_SIZE = 16, 12
HEADER_SIZE = len(MAGIC) + 4 + SALT_SIZE + NONCE_SIZE
SQLITE_MAGIC = b"SQLite format 3\x00"
ENCRYPTED_SUFFIX = ".db.enc"

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"(?P<kind>daily|manual|before-[a-z]+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?(?:\.db|\.db\.enc)")
Passphrase = str | Callable[[], str] | None


class BackupFailed(StoreError):
    """A backup could not be written; whatever it was to protect was not done."""


class Refused(CoprodError):
    """A restore (or a check) refused: the file is not safe to put in place."""


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str  # daily, manual, before-import, ...
    encrypted: bool
    size: int
    removed: list[Path] = field(default_factory=list)  # older ones rotated out
    note: str | None = None  # e.g. the chosen folder could not be used

    def describe(self) -> str:
        sealed = ", encrypted" if self.encrypted else ""
        return f"{self.path} ({_size(self.size)}{sealed})"


@dataclass(frozen=True)
class Found:
    """A backup in the folder."""

    path: Path
    kind: str
    taken: datetime
    size: int
    encrypted: bool


# Where --------------------------------------------------------------------------------------

def default_folder(db_path: Path) -> Path:
    return db_path.absolute().parent / DEFAULT_FOLDER


def folder(store: Store) -> Path:
    """The folder chosen in settings, else `backups/` beside the database."""
    chosen = settings_data.get(store, FOLDER_KEY)
    return Path(chosen) if chosen else default_folder(store.path)


def set_folder(store: Store, path: str | Path | None) -> Path:
    """Keep backups in `path` from now on (None: beside the database again). It is made now
    (0700), so a folder that cannot be used is said at once, not on the day."""
    try:
        target = Path(path).expanduser().absolute() if path else default_folder(store.path)
    except RuntimeError as error:  # ~someone-unknown
        raise CoprodError(f"There is no such user's home in {path}: give the folder in full.") from error
    try:
        _private_folder(target)
    except OSError as error:
        raise CoprodError(f"Cannot use {target} for backups: {error.strerror or error}. "
                          "Nothing was changed.") from error
    with store.write():
        if path:
            settings_data.put(store, FOLDER_KEY, str(target))
        else:
            settings_data.delete(store, FOLDER_KEY)
    return target


def _usable_folder(store: Store) -> tuple[Path, str | None]:
    """The folder to write to now: the chosen one, or (if it cannot be made or written, e.g. a
    USB stick that is not plugged in) the default one, with a note saying so."""
    chosen = folder(store)
    try:
        return _private_folder(chosen), None
    except OSError as error:
        fallback = default_folder(store.path)
        if fallback == chosen:
            raise BackupFailed(f"Cannot make the backups folder {chosen}: {error.strerror or error}. "
                               "Nothing was changed.") from error
        try:
            _private_folder(fallback)
        except OSError as second:
            raise BackupFailed(
                f"Cannot make the backups folder {chosen} ({error.strerror or error}) nor {fallback} "
                f"({second.strerror or second}). Nothing was changed.") from second
        return fallback, (f"The backups folder {chosen} could not be used ({error.strerror or error}), "
                          f"so this backup is in {fallback}.")


def _private_folder(path: Path) -> Path:
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True)
    if not os.access(path, os.W_OK | os.X_OK):
        raise PermissionError(13, "Permission denied", str(path))
    return path


# Taking -------------------------------------------------------------------------------------

def daily(store: Store, *, now: datetime | None = None) -> Backup | None:
    """Today's backup, unless there already is one (None then). The app calls this on start."""
    now = now or datetime.now()
    target, note = _usable_folder(store)
    today = now.strftime("%Y%m%d")
    if any(found.kind == "daily" and found.taken.strftime("%Y%m%d") == today
           for found in _listed(target, store.path)):
        return None
    return _automatic(store, "daily", target, note, now)


def before_change(store: Store, reason: str, *, now: datetime | None = None) -> Backup:
    """A backup before something changes much at once (`reason`: one of `REASONS`). Call it
    before taking the write lock: if it fails, it raises `BackupFailed` and the change should
    not go ahead."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason for a backup: {reason}")
    target, note = _usable_folder(store)
    return _automatic(store, f"before-{reason}", target, note, now or datetime.now())


def take(store: Store, *, out: Path | None = None, passphrase: str | None = None,
         now: datetime | None = None,
         mark: Callable[[sqlite3.Connection], None] | None = None) -> Backup:
    """A backup by hand: to `out` (a new file), else into the backups folder; encrypted with
    `passphrase` if given. Never rotated. `mark` changes the copy (in memory) before it is
    written: an offline snapshot says where it came from."""
    note = None
    if out is None:
        where, note = _usable_folder(store)
        suffix = ENCRYPTED_SUFFIX if passphrase is not None else ".db"
        out = _new_name(where, store.path, "manual", now or datetime.now(), suffix)
    elif out.is_dir():
        raise CoprodError(f"{out} is a folder: give the name of a new file for the backup with --out.")
    elif out.exists() or out.is_symlink():
        raise CoprodError(f"{out} already exists. Nothing was written; give a new file name with --out.")
    source = _source(store)
    if mark is not None:
        source = _in_memory(source)
        mark(source)
    try:
        if passphrase is not None:
            _write_private(out, encrypt(_serialized(source), passphrase))
        else:
            _copy_to(source, out)
    finally:
        if mark is not None:
            source.close()
    return Backup(out, "manual", passphrase is not None, out.stat().st_size, note=note)


def _automatic(store: Store, kind: str, target: Path, note: str | None, now: datetime) -> Backup:
    path = _new_name(target, store.path, kind, now, ".db")
    _copy_to(_source(store), path)
    removed = rotate(target, store.path)
    return Backup(path, kind, False, path.stat().st_size, removed, note)


def _source(store: Store) -> sqlite3.Connection:
    """This thread's read connection: never the writer, whose open transaction (another thread's
    half-done write) would go into the copy."""
    if store.writing:
        raise RuntimeError("Take a backup before store.write(), not inside it.")
    return store.conn


def _copy_to(source: sqlite3.Connection, path: Path) -> None:
    """The database on `source`, as of one moment, into a new private file at `path`."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.unlink(missing_ok=True)  # left by a backup that was cut off
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(dest)  # all pages in one step: one read transaction, one moment
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            dest.close()
        _sync(partial)
        os.replace(partial, path)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise _failed(path, error) from error


def _write_private(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.unlink(missing_ok=True)
        handle = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise _failed(path, error) from error


def _failed(path: Path, error: Exception) -> CoprodError:
    if isinstance(error, sqlite3.Error):
        known = from_sqlite(error, path)
        if known is not None and not isinstance(known, BackupFailed):
            return BackupFailed(f"Could not write the backup {path}: {known} Nothing was changed.")
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return BackupFailed(f"Could not write the backup {path}: {reason}. Nothing was changed.")


def _sync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _in_memory(source: sqlite3.Connection) -> sqlite3.Connection:
    """A copy of the database on `source`, as of one moment, in memory."""
    memory = sqlite3.connect(":memory:")
    source.backup(memory)
    return memory


def _serialized(source: sqlite3.Connection) -> bytes:
    """The database as one SQLite file's bytes, made in memory (no unencrypted copy on disk)."""
    memory = _in_memory(source)
    try:
        data = bytearray(memory.serialize())
    finally:
        memory.close()
    data[18:20] = b"\x01\x01"  # a rollback-journal file, which SQLite can load from memory (WAL: no)
    return bytes(data)


def _new_name(where: Path, db_path: Path, kind: str, now: datetime, suffix: str) -> Path:
    base = f"{db_path.stem}-{kind}-{now.strftime(_STAMP)}"
    path, n = where / f"{base}{suffix}", 1
    while path.exists():
        n += 1
        path = where / f"{base}-{n}{suffix}"
    return path


# The folder ---------------------------------------------------------------------------------

def listed(store: Store) -> list[Found]:
    """This database's backups in the backups folder, oldest first."""
    return _listed(folder(store), store.path)


def _listed(where: Path, db_path: Path) -> list[Found]:
    prefix = f"{db_path.stem}-"
    found = []
    try:
        entries = list(os.scandir(where))
    except FileNotFoundError:
        return []
    for entry in entries:
        match = _NAME.fullmatch(entry.name[len(prefix):]) if entry.name.startswith(prefix) else None
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        found.append(Found(Path(entry.path), match["kind"], datetime.strptime(match["stamp"], _STAMP),
                           entry.stat().st_size, entry.name.endswith(ENCRYPTED_SUFFIX)))
    return sorted(found, key=lambda f: (f.taken, f.path.name))


def rotate(where: Path, db_path: Path) -> list[Path]:
    """Remove all but the newest `KEEP_DAILY` daily and `KEEP_BEFORE_CHANGE` before-change
    backups of this database; ones taken by hand stay. The removed paths."""
    found = _listed(where, db_path)
    daily_ones = [f.path for f in found if f.kind == "daily"]
    before = [f.path for f in found if f.kind.startswith("before-")]
    removed = daily_ones[:-KEEP_DAILY] + before[:-KEEP_BEFORE_CHANGE]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


# Encryption ---------------------------------------------------------------------------------

def encrypt(data: bytes, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # only when asked for

    if not passphrase:
        raise CoprodError("The passphrase is empty. Nothing was written.")
    salt, nonce = os.urandom(SALT_SIZE), os.urandom(NONCE_SIZE)
    header = MAGIC + bytes([VERSION, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P]) + salt + nonce
    key = _key(passphrase, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
    return header + AESGCM(key).encrypt(nonce, data, header)


def decrypt(blob: bytes, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = blob[:HEADER_SIZE]
    if len(blob) < HEADER_SIZE + 16 or not header.startswith(MAGIC):
        raise CoprodError("This is not an encrypted coprod-events backup.")
    version, log_n, r, p = header[8:12]
    if version != VERSION or not 1 <= log_n <= MAX_LOG_N or not r or not p:
        raise CoprodError(f"This encrypted backup is in a format this version of coprod-events does "
                          f"not know (version {version}). Upgrade coprod-events to restore it.")
    salt = header[12:12 + SALT_SIZE]
    nonce = header[12 + SALT_SIZE:]
    try:
        return AESGCM(_key(passphrase, salt, log_n, r, p)).decrypt(nonce, blob[HEADER_SIZE:], header)
    except InvalidTag:
        raise CoprodError("Wrong passphrase, or the backup file is damaged: it could not be "
                          "decrypted. Nothing was changed.") from None


def _key(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2 ** log_n, r=r, p=p).derive(passphrase.encode("utf-8"))


# Restoring ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Inspected:
    """A backup checked and loaded, ready to restore."""

    path: Path
    encrypted: bool
    schema: str  # the last migration it has
    pending: int  # migrations this version will apply when it opens it
    counts: dict[str, int]
    memory: sqlite3.Connection  # the backup, loaded

    def as_json(self) -> dict:
        return {"file": str(self.path), "encrypted": self.encrypted, "schema": self.schema,
                "pending_migrations": self.pending, "counts": self.counts}


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as source:
        return source.read(len(MAGIC)) == MAGIC


def inspect(path: Path, passphrase: Passphrase = None) -> Inspected:
    """Load a backup (plain SQLite, or ours encrypted: `passphrase` is asked only then) into
    memory and check it: sound (integrity_check), ours, and not from a newer version.
    Raises `CoprodError` for a file that is not a backup, `Refused` for one not safe to use."""
    if not path.is_file():
        raise CoprodError(f"{path} is not a file. Give the backup file to restore.")
    try:
        with open(path, "rb") as source:
            blob = source.read()
    except OSError as error:
        raise CoprodError(f"Cannot read {path}: {error.strerror or error}.") from error
    encrypted = blob.startswith(MAGIC)
    if encrypted:
        given = passphrase() if callable(passphrase) else passphrase
        if not given:
            raise CoprodError(f"{path} is encrypted: give its passphrase ({ENV_PASSPHRASE}, or typed).")
        blob = decrypt(blob, given)
    if not blob.startswith(SQLITE_MAGIC):
        raise CoprodError(f"{path} is not a coprod-events backup (neither a SQLite database nor an "
                          "encrypted backup). Nothing was changed.")
    memory = _loaded(blob)
    try:
        return _checked(path, encrypted, memory)
    except BaseException:
        memory.close()
        raise


def _loaded(blob: bytes) -> sqlite3.Connection:
    data = bytearray(blob)
    data[18:20] = b"\x01\x01"  # a WAL file's header says WAL, which a database in memory cannot be
    memory = sqlite3.connect(":memory:")
    memory.deserialize(bytes(data))
    return memory


def _checked(path: Path, encrypted: bool, memory: sqlite3.Connection) -> Inspected:
    try:
        problems = files.integrity(memory)
    except sqlite3.DatabaseError as error:
        raise Refused(f"{path} is damaged ({error}). Nothing was changed.") from error
    if problems != ["ok"]:
        raise Refused(f"{path} failed SQLite's integrity check ({problems[0]}). It was not restored; "
                      "nothing was changed. Try an older backup.")
    if not files.is_ours(memory):
        raise CoprodError(f"{path} is a SQLite database, but not a coprod-events one. Nothing was changed.")
    applied = files.applied(memory)
    known = [p.stem for p in migration_files()]
    newer = [name for name in applied if name not in known]
    if newer:
        raise Refused(f"{path} was made by a newer version of coprod-events (schema {newer[-1]}). "
                      "Upgrade coprod-events to restore it; nothing was changed.")
    return Inspected(path, encrypted, applied[-1] if applied else "", len(set(known) - set(applied)),
                     files.counts(memory), memory)


def restore(db_path: Path, backup: Inspected, *, busy_timeout: float = 10.0,
            now: datetime | None = None) -> Path | None:
    """Put the checked backup in place of the database at `db_path`, through the backup API
    (under the file's write lock, so a desk that has it open sees the restored data). The file
    there now is kept aside first, beside it (`desk.db.before-restore-STAMP`); its path, or None
    when there was no database yet. Desks should be closed first: a check-in made between the
    copy aside and the restore would be in neither."""
    db_path = db_path.absolute()
    aside = None
    stamp = (now or datetime.now()).strftime(_STAMP)
    try:
        if db_path.exists() and db_path.stat().st_size:
            live = _connect(db_path, busy_timeout)
            try:
                aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
                _copy_to(live, aside)
                backup.memory.backup(live)
            finally:
                live.close()
        else:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
            live = _connect(db_path, busy_timeout)
            try:
                backup.memory.backup(live)
                live.execute("PRAGMA journal_mode = WAL")
            finally:
                live.close()
    except sqlite3.Error as error:
        raise from_sqlite(error, db_path) or StoreError(f"Cannot restore into {db_path}: {error}.") from error
    except OSError as error:
        raise StoreError(f"Cannot restore into {db_path}: {error.strerror or error}. "
                         "Nothing was changed.") from error
    return aside


def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, timeout=busy_timeout)


# Checking -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mode:
    path: Path
    mode: int
    ok: bool  # nobody but the owner can read it (and a folder: go into it)

    def as_json(self) -> dict:
        return {"path": str(self.path), "mode": f"{self.mode:04o}", "ok": self.ok}


@dataclass(frozen=True)
class Report:
    path: Path
    integrity: list[str]
    foreign_key_problems: int
    schema: str
    schema_state: str  # current, pending, newer
    pending: int
    modes: list[Mode]

    @property
    def ok(self) -> bool:
        return (self.integrity == ["ok"] and not self.foreign_key_problems
                and self.schema_state != "newer" and all(m.ok for m in self.modes))

    def as_json(self) -> dict:
        return {"db": str(self.path), "ok": self.ok, "integrity": self.integrity,
                "foreign_key_problems": self.foreign_key_problems, "schema": self.schema,
                "schema_state": self.schema_state, "pending_migrations": self.pending,
                "modes": [m.as_json() for m in self.modes]}


def check(db_path: Path) -> Report:
    """The database file checked without changing it (opened read-only, no migration):
    integrity, foreign keys, schema version, and the modes of it, its -wal and -shm, the
    backups folder and the backups in it."""
    if not db_path.is_file():
        raise CoprodError(f"There is no database at {db_path}. Give one with --db.")
    try:
        conn = sqlite3.connect(f"{db_path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise from_sqlite(error, db_path) or StoreError(f"Cannot open {db_path}: {error}.") from error
    try:
        try:
            integrity = files.integrity(conn)
            if not files.is_ours(conn):
                raise CoprodError(f"{db_path} is not a coprod-events database. Nothing was checked.")
            fk_problems = files.foreign_key_problems(conn)
            applied = files.applied(conn)
            chosen = files.setting(conn, FOLDER_KEY)
        except sqlite3.DatabaseError as error:
            raise from_sqlite(error, db_path) or StoreError(f"Cannot check {db_path}: {error}.") from error
    finally:
        conn.close()
    known = [p.stem for p in migration_files()]
    pending = len(set(known) - set(applied))
    state = "newer" if set(applied) - set(known) else "pending" if pending else "current"
    where = Path(chosen) if chosen else default_folder(db_path)
    return Report(db_path, integrity, fk_problems, applied[-1] if applied else "", state, pending,
                  _modes(db_path, where))


def _modes(db_path: Path, where: Path) -> list[Mode]:
    paths = [db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm"))]
    modes = [_mode(path, 0o077) for path in paths if path.exists()]
    if where.is_dir():
        modes.append(_mode(where, 0o077))
        modes += [_mode(found.path, 0o077) for found in _listed(where, db_path)]
    return modes


def _mode(path: Path, forbidden: int) -> Mode:
    mode = stat.S_IMODE(path.stat().st_mode)
    return Mode(path, mode, not mode & forbidden)


def _size(size: float) -> str:
    if size < 1000:
        return f"{int(size)} bytes"
    for unit in ("kB", "MB"):
        size /= 1000
        if size < 1000:
            return f"{size:.1f} {unit}"
    return f"{size / 1000:.1f} GB"
