"""Shared helpers for the terminal benchmarks: an app in a real pseudo-terminal, read back
through a terminal emulator (pyte), and a 20,000-registration bench database.

Timing: a reader thread drains the pty as fast as the app writes and stamps every chunk with
its arrival time; the main thread feeds the chunks to pyte and checks the screen. A paint is
timed at the arrival of the chunk that made the screen show what was waited for, so the
emulator's own parsing time is not counted (and never blocks the app's writes: the pty's
buffer is small, and an app that cannot write its frame waits).
"""

from __future__ import annotations

import os
import queue
import random
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

from coprod_events.core import registrations
from coprod_events.core.store import Store

import _common  # noqa: F401  (puts the checkout on sys.path)

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
COMMAND = str(Path(sys.executable).with_name("coprod-events"))
LINES, COLUMNS = 30, 100

# The reader thread must get the GIL back quickly while the main thread parses.
sys.setswitchinterval(0.0002)


def environment(tmp: str | Path) -> dict:
    """The apps' environment: a real terminal type, and a default database path inside the
    bench's temporary folder (so nothing ever touches the user's own database)."""
    # Bytecode is written (the untimed first start writes it), as pip writes it at install:
    # an environment with PYTHONDONTWRITEBYTECODE would time compiling the source every start.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("TEXTUAL") and key not in ("COLORTERM", "PYTHONDONTWRITEBYTECODE")}
    env.update(TERM="xterm-256color", COPROD_EVENTS_DB=str(Path(tmp) / "real.db"))
    return env


class Terminal:
    """A program in a pty (30 lines x 100 columns), with a pyte screen kept up to date."""

    def __init__(self, argv: list[str], env: dict):
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.child = pexpect.spawn(argv[0], argv[1:], env=env, dimensions=(LINES, COLUMNS),
                                   echo=False)
        self.fd = self.child.child_fd
        self.chunks: queue.SimpleQueue = queue.SimpleQueue()
        self.eof = False
        self.bytes_read = 0
        self.touched: set[int] = set()  # screen lines drawn on since mark()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the child has gone
                data = b""
            self.chunks.put((time.perf_counter(), data))
            if not data:
                return

    # Reading -----------------------------------------------------------------------------

    def _feed(self, data: bytes) -> None:
        self.bytes_read += len(data)
        self.stream.feed(data)
        self.touched |= self.screen.dirty
        self.screen.dirty.clear()

    def mark(self) -> None:
        """Forget which lines were drawn on (call just before sending a key)."""
        self.touched.clear()

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def line(self, y: int) -> str:
        return self.screen.display[y]

    def find_line(self, needle: str) -> int | None:
        return next((y for y, line in enumerate(self.screen.display) if needle in line), None)

    def read(self, timeout: float) -> float | None:
        """Feed the next chunk to the screen; its arrival time, or None if none came in time."""
        try:
            arrived, data = self.chunks.get(timeout=max(timeout, 0))
        except queue.Empty:
            return None
        if not data:
            self.eof = True
            raise EOFError(f"the program ended. Screen:\n{self.text()}")
        self._feed(data)
        return arrived

    def wait(self, done: Callable[[Terminal], bool], timeout: float = 30.0) -> float:
        """Read until done(self) is true; return the arrival time of the chunk that made it so."""
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"the screen never showed what was awaited. Screen:\n{self.text()}")
            arrived = self.read(remaining)
            if arrived is not None and done(self):
                return arrived

    def wait_for(self, needle: str, timeout: float = 30.0) -> float:
        return self.wait(lambda term: needle in term.text(), timeout)

    def settle(self, quiet: float = 0.05, limit: float = 5.0) -> None:
        """Read until nothing has arrived for `quiet` seconds."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            try:
                _, data = self.chunks.get(timeout=quiet)
            except queue.Empty:
                return
            if not data:
                self.eof = True
                return
            self._feed(data)

    # Writing -----------------------------------------------------------------------------

    def send(self, data: str | bytes) -> float:
        """One write of the whole burst (as a keyboard-wedge scanner sends it); its time."""
        raw = data.encode() if isinstance(data, str) else data
        sent = time.perf_counter()
        os.write(self.fd, raw)
        return sent

    def quit(self, timeout: float = 10.0) -> None:
        """ctrl+q, then wait for the program to end (killed if it does not)."""
        if not self.eof:
            try:
                self.send(b"\x11")
                deadline = time.perf_counter() + timeout
                while not self.eof and time.perf_counter() < deadline:
                    self.settle(quiet=0.2, limit=0.5)
            except OSError:
                pass
        if self.child.isalive():
            self.child.terminate(force=True)
        self._reader.join(timeout=2)
        self.child.close(force=True)


def build_registrations(
        path: str | Path, n: int, seed: int = 2026) -> tuple[int, str, list[tuple[str, int, str]]]:
    """A conference open for check-in now with n registrations (each with a ticket), built
    with core functions inside one write transaction. Returns (event id, slug,
    [(code, registration id, name), ...])."""
    rng = random.Random(seed)
    store = Store(path)
    try:
        event = _common.open_event(store)
        out = []
        t0 = time.perf_counter()
        with store.write():
            for i in range(n):
                result = registrations.register(store, event.slug, **_common.person(i, rng))
                out.append((result.code, result.registration.id, result.registration.name))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"build: {n:,} registrations in one write transaction: {time.perf_counter() - t0:.1f} s, "
              f"file {os.path.getsize(path) / 1e6:.1f} MB")
        return event.id, event.slug, out
    finally:
        store.close()
