"""Hostile input to every command of `coprod-events`, run in-process against a real database.

The commands and their parameters come from click's own tree (`main.commands`), so a new command
or option is fuzzed without touching this file; the values come from its parameter's type and
name (a date for --starts, an email for --email) and from a list of hostile values for any text.
Whatever comes in: no traceback, exit code 0, 2 or (for `checkin` only) 1, and a command that
exits 2 says why in one line and changes nothing: not the database, not a file.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from coprod_events import cli

LONDON = ZoneInfo("Europe/London")
REFUSING = {("checkin",), ("restore",), ("check",)}  # the commands whose "no" is exit code 1
LONG_NAME = "n" * 300  # longer than any file system allows for one name
HOSTILE = [  # for any parameter
    "", " ", "\t", "\n", "\r\n", "-", "-1", "0", "99999999999999999999", "-99999999999999999999",
    "1e309", "nan", "\x01", "a\x08b", "\x7f\x9b", "\x1b]0;pwned\x07", "\x1b[2J\x1b[31mred",
    "\u202egnp.exe", "\u2066isolated", "a\u200bb\ufeff", "caf\udce9", "\ud800", "x" * 100_000,
    "名前" * 60, "' OR 1=1 --", "%s%n", "..", "/", "~", "\\", "NULL",
]
# Inside otherwise good text: what could rewrite a terminal, reorder a line, or not be UTF-8.
DANGEROUS = ["\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\r", "\x08", "\u202e", "\u2066", "\u200b",
             "\udce9", "\udcff\udcfe"]
BAD_DATES = [
    "29/3/2026 01:30", "25/10/2026 01:30", "1/13/2027", "31/2/2026", "31/12/9999 23:59",
    "1/1/1 00:00", "3/12/2026 25:00", "32/1/2026", "10:00", "tomorrow", "2026-12-03T10:00+14:00",
    "1/1/1970", "3/12/99999 10:00", "17/12/2026,,", "1/13/2027,17/12/2026",
]
BAD_RULES = [
    "FREQ=WEEKLY;INTERVAL=0", "FREQ=WEEKLY;INTERVAL=-1;COUNT=2", "FREQ=DAILY;COUNT=2;UNTIL=20261231",
    "FREQ=WEEKLY;UNTIL=20200101", "FREQ=WEEKLY", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=SECONDLY;COUNT=3", "RRULE:FREQ=DAILY;COUNT=2", "FREQ=WEEKLY;COUNT=0",
    "FREQ=WEEKLY;COUNT=99999999999999999999", "DTSTART:20260101\nFREQ=DAILY", "FREQ=WEEKLY;COUNT=-1",
]
BAD_EMAILS = ["a@", "@@", "a@b@c", "a@b", "@example.org", " ADA@EXAMPLE.ORG ", "ada @example.org",
              "a" * 300 + "@example.org", "ada@example.org\x01", "ada@-example.org", "ada@example..org"]
BAD_INTEGERS = ["2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999",
                "-99999999999999999999", "-1", "0", "1_000", " 5", "0x10", "5.0"]
BAD_FLOATS = ["0", "-1", "nan", "inf", "-inf", "1e309", "1e-320", "300.0000001", "1e2"]
BAD_PATHS = ["out.txt", "folder", "folder/", "new/deeper/out.pdf", f"{LONG_NAME}.pdf",
             f"{LONG_NAME}/out.pdf", "/proc/no-such/out.pdf", "~no-such-user/out.pdf", "", ".", "/"]
PIN_INPUT = ["1234\n1234\n", "", "1234\n", "1234\n4321\n", "\x1b\n\x1b\n", "１２３４\n１２３４\n",
             "9" * 1000 + "\n", "12 34\n12 34\n"]
ANY_BUT_NUL = st.characters(exclude_characters="\x00")  # a command line cannot hold a NUL byte
QUOTED_AT_MOST = 100  # characters of one typed value in a message (80 and a little slack)
# Examples for each command on every run (COPROD_FUZZ_EXAMPLES=500 for a long hunt); a third as
# many for a command that writes a document, where each example makes a PDF or a spreadsheet.
PER_COMMAND = int(os.environ.get("COPROD_FUZZ_EXAMPLES", "30"))
PER_WRITER = max(5, PER_COMMAND // 3)


@dataclass
class Desk:
    """The database the examples of one command run against, and the real values in it."""
    db: Path
    folder: Path
    known: dict[str, list[str]]
    held: sqlite3.Connection  # its `data_version` changes when any other connection commits


def run(*args: str, db: Path, input: str | None = None) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(db), *args], input=input)


def created(result: Result) -> dict:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    """An event on today, a course, a session, registrations with tickets, a check-in and a
    kiosk PIN, all made through the CLI once; and the real values in it."""
    db = tmp_path_factory.mktemp("template") / "desk.db"
    now = datetime.now(LONDON)
    uk = "%d/%m/%Y %H:%M"
    today = created(run("event", "add", "Desk Day", "--kind", "conference", "--capacity", "3",
                        "--starts", (now - timedelta(hours=2)).strftime(uk),
                        "--ends", (now + timedelta(hours=4)).strftime(uk), "--json", db=db))
    course = created(run("event", "add", "Course", "--kind", "training", "--starts", "6/10/2026 10:00",
                         "--repeat", "FREQ=WEEKLY;COUNT=3", "--json", db=db))
    session = created(run("session", "add", today["slug"], "Workshop", "--booking-required",
                          "--starts", (now + timedelta(hours=1)).strftime(uk), "--json", db=db))
    people = [created(run("register", today["slug"], name, "--session", str(session["id"]),
                          "--email", f"{name.split()[0].lower()}@example.org", "--json", db=db))
              for name in ("Ada Lovelace", "Bo Ng", "Cy Twombly", "Dee Dee")]
    people.append(created(run("register", course["slug"], "Ed Ito", "--json", db=db)))
    verdict = created(run("checkin", today["slug"], people[0]["code"], "--json", db=db))
    assert run("kiosk-pin", db=db, input="2468\n2468\n").exit_code == 0
    codes = [person["code"] for person in people]
    return db, {
        "event": [today["slug"], course["slug"], str(today["id"])],
        "code": codes + [codes[1].lower(), " ".join(codes[2][i:i + 4] for i in range(0, 26, 4))],
        "registration": [str(person["registration_id"]) for person in people],
        "session": [str(session["id"]), *(str(s["id"]) for s in course["sessions"])],
        "checkin": [verdict["checkin_id"]],
        "now": [now.strftime(uk)],
    }


@pytest.fixture
def desk(template, tmp_path, monkeypatch) -> Iterator[Desk]:
    """A copy of the template for one command's examples, run from its own folder (so relative
    --out paths land there). The full-screen app is not started (its own tests drive it),
    only the store it would open."""
    db, known = template
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(tmp_path / db.name)) as copy:
        source.backup(copy)
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_run_app", lambda ctx, **options: ctx.store)
    held = sqlite3.connect(tmp_path / db.name)
    yield Desk(tmp_path / db.name, tmp_path, known, held)
    held.close()


def leaves(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command, as `coprod-events --help` finds them (the command modules are loaded then)."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from leaves(command, (*path, name))
        elif command is not None:
            yield (*path, name), command


COMMANDS = dict(leaves(cli.main))


def test_the_fuzz_reaches_the_commands_loaded_only_when_used():
    assert {("desk",), ("backup",), ("person", "erase"), ("payments", "pay")} <= set(COMMANDS)
WRITERS = [path for path, command in COMMANDS.items() if any(param.name == "out" for param in command.params)]
OTHERS = [path for path in COMMANDS if path not in WRITERS]


@dataclass(frozen=True)
class Kind:
    """What a parameter takes: values that pass (so the checks of the others are reached), and
    values that should be refused."""
    good: list[str]
    bad: list[str]


def kind_of(param: click.Parameter, known: dict[str, list[str]]) -> Kind:
    """By the parameter's type, then by its name: a new parameter gets the plain-text kind."""
    name = param.name or ""
    if isinstance(param.type, click.Choice):
        return Kind([str(choice) for choice in param.type.choices], ["PDF", "party"])
    if isinstance(param.type, click.Path):
        return Kind(["out.pdf", "out.png", "out.svg", "pngs"], BAD_PATHS)
    if isinstance(param.type, click.types.FloatParamType):
        return Kind(["1"], BAD_FLOATS)
    if isinstance(param.type, click.types.IntParamType):
        ids = "registration" if name in ("reg_id", "pa_for") else "session" if "session" in name else None
        return Kind(known[ids] if ids else ["1", "10"], BAD_INTEGERS)
    by_name = {
        "starts": Kind(["3/12/2026 10:00", "3 Dec 2026 10am"], BAD_DATES),
        "ends": Kind(["3/12/2026 12:00"], BAD_DATES),
        "at": Kind(known["now"], BAD_DATES),
        "except_dates": Kind(["17/12/2026"], BAD_DATES),
        "repeat": Kind(["FREQ=WEEKLY;COUNT=3"], BAD_RULES),
        "email": Kind(["new.person@example.org"], BAD_EMAILS),
        "tz": Kind(["Europe/London", "America/New_York"], ["Nowhere/City", "../../etc/passwd", "+05:00"]),
        "event": Kind(known["event"], ["no-such-event", "0", "99999999999999999999"]),
        "code": Kind(known["code"], ["NOT-A-CODE", known["code"][0][:-1], "X" * 27]),
        "checkin_id": Kind(known["checkin"], ["no-such-check-in"]),
        "access": Kind(["bsl", "large_print=18pt"], ["wheelchairs", "=", "bsl=" + "x" * 500, "bsl,bsl"]),
        "roles": Kind(["carer", "speaker"], ["nope"]),
    }
    return by_name.get(name, Kind(["Ada Lovelace", "Main hall", "she/her", "+44 20 7946 0000"], []))


def values(kind: Kind, hostile: bool) -> st.SearchStrategy[str]:
    if not hostile:
        return st.sampled_from(kind.good)
    tainted = st.tuples(st.sampled_from(kind.good), st.sampled_from(DANGEROUS)).map("".join)
    return st.one_of(st.sampled_from(kind.bad + HOSTILE), tainted, st.text(ANY_BUT_NUL, max_size=30))


@st.composite
def command_lines(draw: st.DrawFn, command: click.Command,
                  known: dict[str, list[str]]) -> tuple[list[str], bool]:
    """Good values for all but one or two parameters, which get hostile ones; options (a
    required one now and then left out), --json or not, then "--" and the arguments: so a
    hostile argument such as "-1" reaches the command, not click's option parser."""
    params = [param for param in command.params if param.name != "as_json"]
    names = [param.name for param in params]
    hostile = draw(st.sets(st.sampled_from(names), max_size=2)) if names else set()
    options: list[str] = []
    arguments: list[str] = []
    for param in params:
        value = values(kind_of(param, known), param.name in hostile)
        if isinstance(param, click.Argument):
            arguments.append(draw(value))
        elif isinstance(param, click.Option) and (
                param.name in hostile or draw(st.integers(0, 9)) < (9 if param.required else 3)):
            if param.is_flag:
                options.append(param.opts[0])
            for _ in range(draw(st.integers(1, 3)) if param.multiple else 0 if param.is_flag else 1):
                options += [param.opts[0], draw(value)]
    as_json = draw(st.booleans())
    return [*options, *(["--json"] if as_json else []), "--", *arguments], as_json


def fingerprint(desk: Desk) -> tuple[int, list[str]]:
    """Changes when any other connection commits (`data_version`), or a file appears or goes
    (but for SQLite's own -wal and -shm files, which come and go with connections)."""
    files = sorted(str(Path(root, name)) for root, _, names in os.walk(desk.folder) for name in names
                   if not name.startswith(f"{desk.db.name}-"))
    return desk.held.execute("PRAGMA data_version").fetchone()[0], files


def assert_one_line_of_failure(result: Result, as_json: bool, typed: list[str]) -> None:
    """ "Error: ..." on stderr, or {"error": ...} on stdout with --json (but for errors in the
    command line itself, found before the command starts); either quotes little of what was typed."""
    if as_json and result.stdout:
        assert result.stdout.count("\n") == 1 and set(json.loads(result.stdout)) == {"error"}
        line = json.loads(result.stdout)["error"]
    else:
        assert not result.stdout and result.stderr.count("\n") == 1, (result.stdout, result.stderr)
        assert result.stderr.startswith("Error: ")
        line = result.stderr
    for value in typed:
        if len(value) > QUOTED_AT_MOST:
            assert value[:QUOTED_AT_MOST + 1] not in line, f"quotes more of {value[:20]!r}… than it should"


def assert_prints_no_terminal_controls(result: Result) -> None:
    """No ESC sequence, other control character, bidi override or isolate reaches the terminal."""
    controls = [char for char in result.stdout + result.stderr
                if (ord(char) < 32 and char not in "\n\t") or 0x7F <= ord(char) < 0xA0
                or "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069"]
    assert not controls, f"printed {controls!r}"


def fuzzed(examples: int):
    """No shrinking: a failure's values are readable as drawn. One desk for all the examples."""
    return settings(max_examples=examples, deadline=None, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("path", OTHERS, ids=" ".join)
@fuzzed(PER_COMMAND)
@given(data=st.data())
def test_any_input_is_done_refused_or_said_in_one_line(desk, path, data):
    any_input_is_done_refused_or_said_in_one_line(desk, path, data)


@pytest.mark.parametrize("path", WRITERS, ids=" ".join)
@fuzzed(PER_WRITER)
@given(data=st.data())
def test_any_input_to_a_document_writer_is_done_or_said_in_one_line(desk, path, data):
    any_input_is_done_refused_or_said_in_one_line(desk, path, data)


def any_input_is_done_refused_or_said_in_one_line(desk, path, data) -> None:
    args, as_json = data.draw(command_lines(COMMANDS[path], desk.known), label="arguments")
    typed_in = data.draw(st.sampled_from(PIN_INPUT) | st.text(max_size=40), label="input")
    before = fingerprint(desk)
    result = run(*path, *args, db=desk.db, input=typed_in)
    after = fingerprint(desk)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in ((0, 1, 2) if path in REFUSING else (0, 2)), (result.stdout, result.stderr)
    assert_prints_no_terminal_controls(result)
    if result.exit_code == 2:
        assert after == before, "a command that failed changed the database or the files"
        assert_one_line_of_failure(result, as_json, args)
    elif as_json and result.stdout:  # the full-screen commands print nothing
        json.loads(result.stdout)
