"""The installed `coprod-events` command in a real pseudo-terminal, read back through a terminal
emulator (pyte); and an event running now, made and filled through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import pyte

from conftest import COMMAND

COLUMNS, LINES = 100, 30


class Terminal:
    """A pty running the app, with a pyte screen kept up to date."""

    def __init__(self, *args: str, env: dict):
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(COMMAND, list(args), env=env, dimensions=(LINES, COLUMNS))

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.1))
            except pexpect.TIMEOUT:
                pass
            if needle in self.text():
                return self.text()
        raise AssertionError(f"{needle!r} never appeared. Screen:\n{self.text()}")

    def close(self) -> None:
        self.child.terminate(force=True)


def uk(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Europe/London")).strftime("%d/%m/%Y %H:%M")


@dataclass(frozen=True)
class OpenDay:
    """A conference running now, whatever the time the tests run, in its own database."""

    db: str
    env: dict
    slug: str

    @classmethod
    def make(cls, folder: Path) -> OpenDay:
        db = str(folder / "desk.db")
        env = {**os.environ, "COPROD_EVENTS_DB": db, "TERM": "xterm-256color"}
        now = datetime.now(UTC)
        made = cli(db, env, "event", "add", "Open Day", "--kind", "conference", "--starts",
                   uk(now - timedelta(hours=1)), "--ends", uk(now + timedelta(hours=4)))
        return cls(db, env, made["slug"])

    def cli(self, *args: str) -> dict:
        """The command's --json answer, on this database."""
        return cli(self.db, self.env, *args)

    def register(self, name: str, *options: str) -> dict:
        return self.cli("register", self.slug, name, *options)

    def terminal(self, *args: str) -> Terminal:
        """The app in a pty on this database: `terminal("desk", slug)`."""
        return Terminal("--db", self.db, *args, env=self.env)


def cli(db: str, env: dict, *args: str) -> dict:
    result = subprocess.run([COMMAND, "--db", db, *args, "--json"], capture_output=True,
                            text=True, env=env, check=True)
    return json.loads(result.stdout)
