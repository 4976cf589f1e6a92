"""Shared fixtures: a fresh real database file per test, and a fixed clock; and the helpers
that drive the TUI through Pilot."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from rich.cells import cell_len
from textual import events as textual_events
from textual.keys import Keys, _character_to_key, key_to_character
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from coprod_events.core import checkin, dates, events, fonts, registrations, tickets
from coprod_events.core.store import Store

LONDON = ZoneInfo("Europe/London")
# The command installed beside this Python (a venv), else the one on PATH.
_BESIDE = Path(sys.executable).with_name("coprod-events")
COMMAND = str(_BESIDE) if _BESIDE.exists() else shutil.which("coprod-events")


def london(text: str) -> datetime:
    """'2026-12-03 10:00' as an aware Europe/London datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def conference(store: Store, title: str = "Co-production Conference", **settings) -> events.Event:
    """A conference on 3 Dec 2026, 09:00 to 17:00 unless told otherwise."""
    settings.setdefault("starts", "3/12/2026 09:00")
    settings.setdefault("ends", "3/12/2026 17:00")
    return events.add_event(store, title, kind="conference", **settings)


def register(store: Store, event: events.Event, name: str, **details) -> registrations.RegisterResult:
    """Register `name` at `event`, with an email made from the name unless one is given."""
    details.setdefault("email", name.lower().replace(" ", ".") + "@example.org")
    return registrations.register(store, event.id, name, **details)


def five_staff_actions(store: Store, event: events.Event) -> registrations.RegisterResult:
    """Tomasz Nowak at `event`: four access needs and a PA (Lena), five staff actions at the desk,
    with notes and a diet to show beside them."""
    tomasz = register(store, event, "Tomasz Nowak", consent=True,
                      access=["bsl", "wheelchair_space", "assisted_evacuation", ("large_print", "18pt")],
                      access_notes="Interpreter on the left of the stage",
                      role_notes="Speaks at the 14:00 panel", dietary="Halal")
    register(store, event, "Lena Nowak", pa_for=tomasz.registration.id)
    return tomasz


def scan(store: Store, event: events.Event, code: str, when: str, **options) -> checkin.Verdict:
    """A scan at `event` at a London time such as '2026-12-03 10:00'."""
    return checkin.check_in(store, event.id, code, at=london(when), **options)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "coprod.db"


@pytest.fixture
def store(db_path):
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def frozen(monkeypatch) -> None:
    """Seeded ticket codes, and a clock that ticks a second per call from 1 Oct 2026 09:00,
    so screens built from core data look the same on every run."""
    rng = random.Random(2026)
    monkeypatch.setattr(tickets, "new_code", lambda: "".join(
        rng.choice(tickets.ALPHABET) for _ in range(tickets.CODE_LENGTH)))
    ticks = itertools.count()
    start = london("2026-10-01 09:00").astimezone(UTC)
    monkeypatch.setattr(dates, "utcnow", lambda: start + timedelta(seconds=next(ticks)))


@pytest.fixture
def cli_db(tmp_path) -> Path:
    """The database the `cli` fixture's commands use by default."""
    return tmp_path / "desk.db"


@pytest.fixture
def cli(tmp_path, cli_db):
    """Run the installed command as a person or a script would: from tmp_path, with cli_db as
    the default database; `env` adds to the environment, `input` is typed in."""
    base = {**os.environ, "COPROD_EVENTS_DB": str(cli_db)}

    def run(*args: str, expect: int = 0, input: str | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run([COMMAND, *args], capture_output=True, text=True,
                                env={**base, **(env or {})}, cwd=tmp_path, input=input, timeout=60)
        assert result.returncode == expect, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    run.json = lambda *args, **kw: json.loads(run(*args, "--json", **kw).stdout)
    return run


@pytest.fixture
def cli_here(tmp_path, cli_db, monkeypatch):
    """The `cli` fixture's commands run in this process, through click's CliRunner: for tables
    of mistakes, where starting the installed command each time (~0.5 s with the PDF library
    loaded) would be most of what the test spends."""
    from click.testing import CliRunner

    from coprod_events import cli as command_line

    monkeypatch.chdir(tmp_path)

    def run(*args: str, expect: int = 0, input: str | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
        result = CliRunner().invoke(command_line.main, list(args), input=input,
                                    env={"COPROD_EVENTS_DB": str(cli_db), **(env or {})})
        assert result.exit_code == expect, (args, result.stdout, result.stderr, result.exception)
        assert "Traceback" not in result.stderr, result.stderr
        return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)

    run.json = lambda *args, **kw: json.loads(run(*args, "--json", **kw).stdout)
    return run


@contextlib.contextmanager
def another_desk_writing(db_path: Path) -> Iterator[None]:
    """Another process holding the database's write lock (a desk in the middle of a write)."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture(autouse=True)
def database_calls_off_the_screens_thread(monkeypatch):
    """In every test, an app whose handler touches the database directly (not through
    run_core, in a worker) fails loudly: on the day that call would freeze the desk."""
    from coprod_events.tui.app import CoprodApp

    monkeypatch.setattr(CoprodApp, "GUARD_SCREEN_THREAD", True)


async def settle(pilot: Pilot) -> None:
    """Let the app finish what was asked of it: every worker (the database calls) done and
    every message it posted handled, including work that work started, and every key the
    scan catcher held back delivered (a key pressed by hand, GAP late)."""
    app = pilot.app
    catcher = getattr(app, "scan_catcher", None)
    quiet = False
    for _ in range(100):
        await pilot.pause()
        # Not yet finished, not "is_running": a worker just made is PENDING until its task starts.
        running = [worker for worker in app.workers if not worker.is_finished and worker.group != "poll"]
        if running or (catcher and catcher.busy):
            quiet = False
            try:
                await app.workers.wait_for_complete(running)
            except WorkerCancelled:  # replaced by a newer one of its exclusive group: waited for next time
                pass
        elif quiet:
            return
        else:  # once more: a worker may have started and ended within that pause, its answer unread
            quiet = True
    raise AssertionError("the app kept starting work")


async def until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds: for what a timer or the database poll does,
    without a fixed pause that a busy machine can outlast."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still not so after {timeout} s"
        await pilot.pause(0.05)


KEY_NAMES = frozenset(key.value for key in Keys)  # "enter", "tab", "escape", "f12", "ctrl+u", ...


def key_events(parts: Iterable[str]) -> Iterator[textual_events.Key]:
    """The keys for `parts`, each built as Pilot.press builds it (App._press_keys): a part that
    is a named key (textual.keys.Keys: "enter", "tab", "escape", ...) is that key; any other part
    is text, a key a character: "/" (not "slash"), "-" is the key "minus", " " is "space"."""
    for part in parts:
        if part in KEY_NAMES:
            yield textual_events.Key(part, key_to_character(part))
        else:
            for character in part:
                yield textual_events.Key(_character_to_key(character), character)


async def burst(pilot: Pilot, *parts: str, wait: bool = True) -> None:
    """Type as a USB keyboard-wedge scanner does: `burst(pilot, code, "enter")`, `burst(pilot,
    code, "tab")`, `burst(pilot, code, "enter", other, "enter")`. Every key is posted to the app
    back to back, where the terminal driver's path for each key it reads ends (Driver.process_message
    sets the sender, then App.post_message), so all are queued before the one wait until the app
    is idle. pilot.press waits for idle after every key: ~40 ms a key, over a second a ticket
    code; it stays right for single keys (F-keys, bindings). `wait=False` returns as soon as
    the keys are handled, without waiting for the database work they started."""
    app = pilot.app
    for key in key_events(parts):
        key.set_sender(app)
        app.post_message(key)
    await (settle(pilot) if wait else pilot.pause())


async def palette(pilot: Pilot, typed: str) -> list[str]:
    """Open the command palette (ctrl+p) and type: the titles of the commands offered once every
    provider has answered (burst waits for their searches), best match (highlighted) first."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await settle(pilot)
    await burst(pilot, typed)
    offered = pilot.app.screen.query_one(CommandList)
    return [str(offered.get_option_at_index(i).prompt).split("\n")[0] for i in range(offered.option_count)]


class Notice(NamedTuple):
    message: str
    title: str
    severity: SeverityLevel


@pytest.fixture
def notices(monkeypatch) -> list[Notice]:
    """Every notification the app is asked to show (CoprodApp.notify, the public way in for
    widgets, screens and Textual itself), in order; shown as before."""
    from coprod_events.tui.app import CoprodApp

    shown: list[Notice] = []
    notify = CoprodApp.notify

    def recording(app: CoprodApp, message: str, *, title: str = "",
                  severity: SeverityLevel = "information", **options) -> None:
        shown.append(Notice(message, title, severity))
        notify(app, message, title=title, severity=severity, **options)

    monkeypatch.setattr(CoprodApp, "notify", recording)
    return shown


def tiny_cjk_font(path: Path, characters: str) -> Path:
    """A real TrueType font with a square glyph for each character: a stand-in for a system
    CJK font, small enough to make in a test."""
    names = [".notdef", "space"] + [f"uni{ord(char):04X}" for char in characters]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{ord(c): f"uni{ord(c):04X}" for c in characters}})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name != "space":
            pen.moveTo((100, 0))
            for point in ((100, 800), (900, 800), (900, 0)):
                pen.lineTo(point)
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "Test CJK", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(path)
    return path


@pytest.fixture
def installed_font(tmp_path, monkeypatch):
    """`installed_font("李小龍")`: fontconfig (the real fc-list) then knows one font, a tiny one
    with those characters, as a laptop with a CJK font installed would."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig is not installed")

    def install(characters: str) -> Path:
        folder = tmp_path / "fonts"
        folder.mkdir(exist_ok=True)
        path = tiny_cjk_font(folder / "TestCJK.ttf", characters)
        config = tmp_path / "fonts.conf"
        config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                          f"<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir>"
                          "</fontconfig>")
        monkeypatch.setenv("FONTCONFIG_FILE", str(config))
        fonts._fallback.cache_clear()  # answers remembered from the machine's own fonts
        return path

    yield install
    fonts._fallback.cache_clear()


SVG_TEXT = "{http://www.w3.org/2000/svg}text"
SVG_LINE = re.compile(r"-line-(\d+)\)$")  # clip-path="url(#terminal-…-line-3)": a terminal line


def screen_text(app) -> str:
    """Everything on the terminal, as a person sees it: read back from Textual's own
    screenshot, an SVG that puts each run of text at its line and cell."""
    lines: list[list[tuple[int, str]]] = [[] for _ in range(app.size.height)]
    for run in ElementTree.fromstring(app.export_screenshot()).iter(SVG_TEXT):
        line = SVG_LINE.search(run.get("clip-path", ""))
        if line is None:  # the window title drawn around the terminal
            continue
        text = (run.text or "").replace("\xa0", " ").rstrip("\n")  # its spaces are non-breaking
        cell = round(float(run.get("x")) * len(text) / float(run.get("textLength")))  # x: cells * width
        lines[int(line.group(1))].append((cell, text))
    return "\n".join(placed(runs) for runs in lines)


def placed(runs: list[tuple[int, str]]) -> str:
    """One terminal line from its runs of text and the cell where each starts."""
    line = ""
    for cell, text in sorted(runs):
        line += " " * (cell - cell_len(line)) + text
    return line


def verdict_text(app) -> str:
    """What the desk's verdict panel says, part by part (parts hidden for lack of room left out)."""
    from textual.widgets import Static

    from coprod_events.tui.widgets.verdict import VerdictPanel

    panel = app.screen.query_one(VerdictPanel)
    return "\n".join(str(part.render()) for part in panel.query(Static) if part.display)
