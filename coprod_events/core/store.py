"""The one SQLite file: where it lives, how it is opened, and its migrations."""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from .errors import CoprodError

if TYPE_CHECKING:
    import sqlite_utils

APP_NAME = "coprod-events"
MIGRATION_SET = "coprod_events"
BUSY_TIMEOUT_MS = 10_000
ENV_DB = "COPROD_EVENTS_DB"


def default_db_path() -> Path:
    """`COPROD_EVENTS_DB`, else the platform's user data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
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

        def apply(db: sqlite_utils.Database, statements=statements) -> None:
            for statement in statements:
                db.execute(statement)

        migrations(name=path.stem)(apply)
    return migrations


class Store:
    """An open coprod-events database. Core functions take one of these."""

    def __init__(self, path: str | Path):
        self.path = Path(path) if str(path) != ":memory:" else None
        self.conn = _connect(path)
        try:
            self._migrate()
        except BaseException:
            self.conn.close()
            raise

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, built on first use: importing it takes a
        tenth of the desk's cold start, so the desk's first screen reads through `rows`."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    def rows(self, sql: str, params: list | tuple = ()) -> list[dict]:
        """The rows of one query as dicts (what `db.query` gives), without sqlite-utils."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    @classmethod
    def open(cls, path: str | Path | None = None) -> "Store":
        return cls(path if path is not None else default_db_path())

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """A write transaction that takes the write lock up front (BEGIN IMMEDIATE).

        Several desks share the file: taking the lock first means a read-then-write
        (is this code already in?) cannot be overtaken by another process.
        Nested calls become savepoints.
        """
        db = self.db  # built (sqlite-utils imported) before the lock, not while holding it
        if self.conn.in_transaction:
            with db.atomic():
                yield db
            return
        self._begin_immediate()
        try:
            yield db
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def _begin_immediate(self) -> None:
        """Take the write lock, retrying every millisecond or so until BUSY_TIMEOUT_MS.

        SQLite's own busy wait backs off to 100 ms sleeps, so under a burst from four desks
        one desk can starve for seconds; short random retries keep every wait short.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() > deadline:
                        raise
                    time.sleep(random.uniform(0.0002, 0.002))
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def data_version(self) -> int:
        """Changes when another connection commits: a cheap poll for live refresh."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def schema_version(self) -> list[str]:
        """The migrations applied to this file, in the order they were applied."""
        if not self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
            return []
        return [row[0] for row in self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]

    def _migrate(self) -> None:
        known = {path.stem for path in migration_files()}
        applied = self.schema_version()
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise CoprodError(
                f"{self._describe()} was written by a newer version of coprod-events "
                f"(schema {unknown[-1]}). Upgrade coprod-events to open it; "
                "the file has not been changed."
            )
        if known <= set(applied):
            return
        # Two processes opening a new file at once: the write lock makes one wait, and
        # sqlite-utils applies only what is still pending once it has the lock.
        with self.write():
            load_migrations().apply(self.db)

    def _describe(self) -> str:
        return str(self.path) if self.path else "The database"


def _connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating with mode 0600) and check the file before anything writes to it."""
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _configure(conn)
        return conn
    path = Path(path)
    if path.is_dir():
        raise CoprodError(f"{path} is a folder, not a database file. Give a file path with --db.")
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
        except OSError as error:
            raise CoprodError(f"Cannot create the database at {path}: {error.strerror}.") from error
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise CoprodError(f"Cannot open {path}: {error}.") from error
    try:
        _check_is_ours(conn, path)
        _configure(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise CoprodError(
            f"{path} is not a coprod-events database ({error}). It has not been changed."
        ) from error
    except BaseException:
        conn.close()
        raise
    return conn


def _check_is_ours(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return
    ours = "_sqlite_migrations" in tables and conn.execute(
        "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1", [MIGRATION_SET]
    ).fetchone()
    if not ours:
        raise CoprodError(
            f"{path} is a SQLite database, but not a coprod-events one. "
            "It has not been changed; choose another file with --db."
        )


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # What sqlite-utils sets when it wraps the connection, set here because that is now late:
    # an INSERT OR REPLACE fires the delete triggers that keep the search index in step.
    conn.execute("PRAGMA recursive_triggers = ON")
    # fold(text): Unicode case folding for searches (SQLite's own lower() folds A-Z only).
    conn.create_function("fold", 1, _fold, deterministic=True)


def _fold(text: str | None) -> str | None:
    return text.casefold() if isinstance(text, str) else text
