"""The one SQLite file: where it lives, how it is opened, its migrations, and its connections.

Threads: one writer connection does every write, under `BEGIN IMMEDIATE` and a process-wide
lock, so a write from one thread can never join another thread's transaction. Every other
thread reads on a connection of its own (query-only, so it cannot write by mistake). Inside
`write()`, the writing thread reads on the writer, and so sees what it has just written.
SQLite's errors become `CoprodError`s in words here, in one place (`errors.from_sqlite`).
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from .errors import Busy, CoprodError, NotOurDatabase, ReadOnly, StoreError, from_sqlite, quote

if TYPE_CHECKING:
    import sqlite_utils

APP_NAME = "coprod-events"
MIGRATION_SET = "coprod_events"
BUSY_TIMEOUT = 10.0  # seconds a write waits for another desk's lock (the app waits less)
ENV_DB = "COPROD_EVENTS_DB"

Params = Sequence[Any]


def default_db_path() -> Path:
    """`COPROD_EVENTS_DB`, else the platform's user data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        try:
            return Path(env).expanduser()
        except RuntimeError as error:  # ~someone-unknown
            raise CoprodError(f"{ENV_DB} is {quote(env)}, but there is no such user's home. "
                              "Give the path in full.") from error
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "coprod-events.db"


def demo_db_path() -> Path:
    """The demo lives beside the real database, never inside it."""
    return default_db_path().with_name("demo.db")


def migrations_dir() -> Path:
    """`db/` ships inside the wheel as coprod_events/db; a source checkout has it at the top."""
    package = Path(__file__).resolve().parents[1]
    shipped = package / "db"
    return shipped if shipped.is_dir() else package.parent / "db"


def split_sql(script: str) -> list[str]:
    """Split a script into statements (trigger bodies keep their inner semicolons)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in current.splitlines()
    ):
        raise CoprodError(f"Incomplete SQL statement in a migration: {current.strip()[:80]}")
    return statements


def migration_files() -> list[Path]:
    return sorted(migrations_dir().glob("[0-9][0-9][0-9][0-9]_*.sql"))


def load_migrations() -> sqlite_utils.Migrations:
    """Register every db/NNNN_name.sql file, in order, as one sqlite-utils migration."""
    import sqlite_utils

    migrations = sqlite_utils.Migrations(MIGRATION_SET)
    for path in migration_files():
        statements = split_sql(path.read_text(encoding="utf-8"))

        def apply(db: sqlite_utils.Database, statements: list[str] = statements) -> None:
            for statement in statements:
                db.execute(statement)

        migrations(name=path.stem)(apply)
    return migrations


class Store:
    """An open coprod-events database. Core functions take one of these; any thread may use
    it (the screens call it from worker threads), but only `write()` writes."""

    def __init__(self, path: str | Path, *, busy_timeout: float | None = None):
        self.path = Path(path)
        self.busy_timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        self._write_lock = threading.Lock()
        self._local = threading.local()  # .reader, .depth (this thread's writes in progress)
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        # Called before any connection is handed out; the app's tests set one that refuses
        # calls from the screen's thread.
        self.guard: Callable[[], None] | None = None
        self._writer = _open(self.path, self.busy_timeout)
        try:
            self._migrate()
            # From here the writer waits for the lock in `write()` only, in short retries up
            # to `busy_timeout` (which the app shortens); SQLite's own wait would ignore that.
            self._writer.execute("PRAGMA busy_timeout = 0")
        except BaseException:
            self._writer.close()
            raise

    @classmethod
    def open(cls, path: str | Path | None = None) -> Store:
        return cls(path if path is not None else default_db_path())

    def close(self) -> None:
        with self._readers_lock:
            readers, self._readers = self._readers, []
        for reader in readers:
            reader.close()
        self._writer.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Connections --------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection: the writer inside its own `write()`, else its reader."""
        if self.guard is not None:
            self.guard()
        if getattr(self._local, "depth", 0):
            return self._writer
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._local.reader = _reader(self.path, self.busy_timeout)
            with self._readers_lock:
                self._readers.append(reader)
        return reader

    @property
    def writing(self) -> bool:
        """Whether this thread is inside `write()`."""
        return bool(getattr(self._local, "depth", 0))

    # Reading and writing: the data layer's one access style ------------------------------

    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Every row of a query; columns by name or position."""
        with self._translated():
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            return cursor.execute(sql, params).fetchall()

    def one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a query, or None."""
        with self._translated():
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            return cursor.execute(sql, params).fetchone()

    def value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        with self._translated():
            row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def run(self, sql: str, params: Params = ()) -> int:
        """One write statement inside `write()`; the new row's id for an INSERT."""
        if not self.writing:
            raise RuntimeError("Writes go through store.write().")
        with self._translated():
            return self._writer.execute(sql, params).lastrowid or 0

    def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        if not self.writing:
            raise RuntimeError("Writes go through store.write().")
        with self._translated():
            self._writer.executemany(sql, rows)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """Several reads as of one moment: a read transaction on this thread's reader, so an
        export's queries agree with one another while desks go on writing (WAL: nobody waits).
        Reads only: a write in it would not be seen by the reads after it, so it is refused.
        Nested, the outer one holds."""
        if self.writing or getattr(self._local, "reading", False):
            yield self
            return
        conn = self.conn
        with self._translated():
            conn.execute("BEGIN")
        self._local.reading = True
        try:
            yield self
        finally:
            self._local.reading = False
            # A reader's: nothing to keep, it only lets go of the moment (SQLite may have ended
            # it already, on an error that is on its way up: that error is the one to see).
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def write(self) -> Iterator[Store]:
        """A write transaction that takes the write lock up front (BEGIN IMMEDIATE).

        Several desks share the file: taking the lock first means a read-then-write (is this
        code already in?) cannot be overtaken by another process, and the thread lock means
        not by another thread either. A nested call in the same thread is a savepoint.
        Waits at most `busy_timeout` seconds for the lock, then raises `Busy`.
        """
        if self.guard is not None:
            self.guard()
        if getattr(self._local, "reading", False):
            raise RuntimeError("A write inside store.reading(): its reads would not see it.")
        depth = getattr(self._local, "depth", 0)
        if depth:
            yield from self._savepoint(depth)
            return
        deadline = time.monotonic() + self.busy_timeout
        if not self._write_lock.acquire(timeout=self.busy_timeout):
            raise Busy("The database is busy: this app is still saving something else. "
                       "Nothing was changed; try again.")
        try:
            with self._translated():
                self._begin_immediate(deadline)
            self._local.depth = 1
            try:
                yield self
            except BaseException:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                raise
            else:
                with self._translated():
                    try:
                        self._writer.execute("COMMIT")
                    except sqlite3.Error:
                        if self._writer.in_transaction:
                            self._writer.execute("ROLLBACK")
                        raise
            finally:
                self._local.depth = 0
        finally:
            self._write_lock.release()

    def _savepoint(self, depth: int) -> Iterator[Store]:
        name = f"nested_{depth}"
        self._writer.execute(f"SAVEPOINT {name}")
        self._local.depth = depth + 1
        try:
            yield self
        except BaseException:
            self._writer.execute(f"ROLLBACK TO {name}")
            self._writer.execute(f"RELEASE {name}")
            raise
        else:
            self._writer.execute(f"RELEASE {name}")
        finally:
            self._local.depth = depth

    def _begin_immediate(self, deadline: float) -> None:
        """Take SQLite's write lock, retrying every millisecond or so until the deadline.

        SQLite's own busy wait backs off to 100 ms sleeps, so under a burst from four desks
        one desk can starve for seconds; short random retries keep every wait short.
        """
        while True:
            try:
                self._writer.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    raise
                if time.monotonic() > deadline:
                    raise Busy("Another desk is busy writing to the database. Nothing was "
                               "changed; try again in a moment.") from error
                time.sleep(random.uniform(0.0002, 0.002))

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            known = from_sqlite(error, self.path)
            if known is None:
                raise
            raise known from error
        except OverflowError as error:  # a number past SQLite's integers, which no id reaches
            raise CoprodError("A number given is too large: nothing has an id or a count that "
                              "big. Check what was typed.") from error

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this thread's connection, for the migrations (which sqlite-utils
        applies and records); everything else goes through query / one / value / run."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    # Other desks and the schema -----------------------------------------------------------

    def data_version(self) -> int | None:
        """Changes when another process commits: a cheap poll for live refresh. Read on the
        writer, whose own commits do not change it; None while this app is writing (ask
        again later)."""
        if self.guard is not None:
            self.guard()
        if not self._write_lock.acquire(timeout=0.05):
            return None
        try:
            with self._translated():
                return self._writer.execute("PRAGMA data_version").fetchone()[0]
        finally:
            self._write_lock.release()

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the file and empty it, so no old page stays readable
        there (after an erasure). False if another desk's read kept it from finishing (the
        log is emptied at a later checkpoint then)."""
        if self.guard is not None:
            self.guard()
        with self._write_lock, self._translated():
            busy = self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return not busy

    def schema_version(self) -> list[str]:
        """The migrations applied to this file, in the order they were applied (read on this
        thread's connection: the writer may be in another thread's transaction)."""
        return applied_migrations(self.conn)

    def _migrate(self) -> None:
        known = {path.stem for path in migration_files()}
        applied = applied_migrations(self._writer)
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise CoprodError(
                f"{self.path} was written by a newer version of coprod-events "
                f"(schema {unknown[-1]}). Upgrade coprod-events to open it; "
                "the file has not been changed."
            )
        if known <= set(applied):
            return
        if applied:  # a file with data, about to change shape: a backup first
            from . import backups

            backups.before_change(self, "migration")
        # Two processes opening a new file at once: the write lock makes one wait, and
        # sqlite-utils applies only what is still pending once it has the lock.
        with self.write():
            with self._translated():
                load_migrations().apply(self.db)


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """The migrations applied to the file open on `conn`, in order."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
        return []
    return [row[0] for row in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]


def _open(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """The writer: the file created with mode 0600 if new (or empty), checked to be ours
    before anything writes to it, then configured."""
    if path.is_dir():
        raise CoprodError(f"{path} is a folder, not a database file. Give a file path with --db.")
    if path.exists() and not path.is_file():  # /dev/null, a pipe: not ours to chmod or open
        raise NotOurDatabase(f"{path} is a device or a pipe, not a database file. It has not been "
                             "changed; give a file path with --db.")
    _create_private(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise from_sqlite(error, path) or StoreError(f"Cannot open {path}: {error}.") from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        _check_is_ours(conn, path)
        _configure(conn)
        conn.execute("PRAGMA synchronous = FULL")  # a check-in shown on screen is on disk
    except sqlite3.Error as error:
        conn.close()
        known = from_sqlite(error, path)
        if isinstance(known, NotOurDatabase) or known is None:
            raise NotOurDatabase(f"{path} is not a coprod-events database ({error}). "
                                 "It has not been changed.") from error
        raise known from error
    except BaseException:
        conn.close()
        raise
    return conn


def _create_private(path: Path) -> None:
    """A new file, or an empty one (created but never written), belongs to us: mode 0600."""
    try:
        if path.exists():
            if path.stat().st_size == 0:
                os.chmod(path, 0o600)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except PermissionError as error:
        raise ReadOnly(f"Cannot write to {path.parent}: read-only (permission denied), so "
                       f"{path.name} cannot be made there. Choose another place with --db.") from error
    except OSError as error:
        raise StoreError(f"Cannot create the database at {path}: {error.strerror}.") from error


def _reader(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A thread's own read connection: query-only, so a write by mistake fails loudly."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    _configure(conn)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _check_is_ours(conn: sqlite3.Connection, path: Path) -> None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return
    ours = "_sqlite_migrations" in tables and conn.execute(
        "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1", [MIGRATION_SET]
    ).fetchone()
    if not ours:
        raise NotOurDatabase(
            f"{path} is a SQLite database, but not a coprod-events one. "
            "It has not been changed; choose another file with --db."
        )


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    # What sqlite-utils sets when it wraps the connection, set here because that is now late:
    # an INSERT OR REPLACE fires the delete triggers that keep the search index in step.
    conn.execute("PRAGMA recursive_triggers = ON")
    # Deleted or rewritten content is overwritten with zeros, not left in free space: health
    # data that was purged or erased must not stay readable in the file (issue 12).
    conn.execute("PRAGMA secure_delete = ON")
    # fold(text): Unicode case folding for searches (SQLite's own lower() folds A-Z only).
    conn.create_function("fold", 1, _fold, deterministic=True)


def _fold(text: str | None) -> str | None:
    return text.casefold() if isinstance(text, str) else text
