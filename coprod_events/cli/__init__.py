"""`coprod-events`: the scriptable face of the core. Every command takes --json.

Exit codes, the contract a script relies on:
  0    done.
  1    refused: a check-in (`checkin`), a restore not confirmed or not safe, `check` found a problem.
  2    bad input or a clear failure: a usage error, a `CoprodError`, a known condition of the
       database file (busy, read-only, disk full, not ours), a file that cannot be used.
  3    an unexpected internal error: a bug. The traceback is shown only with `--debug`.
  130  interrupted (Ctrl+C); 141: the reader of the output went away (`| head`). Both quietly.
A failure says why in one line: "Error: ..." on stderr, or {"error": ...} on stdout with --json
(errors in the command line itself, found before the command starts, always go to stderr).
"""

from __future__ import annotations

import functools
import gc
import importlib
import json
import logging
import os
import pkgutil
import re
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..core import events as core_events  # not `events`: the name of this package's module
from ..core.errors import QUOTE_LIMIT, CoprodError, from_sqlite, quote
from ..core.store import Store, default_db_path, demo_db_path

EXIT_DONE = 0
EXIT_REFUSED = 1
EXIT_FAILED = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT: what a shell reports for Ctrl+C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what `... | head` gives any program it cuts off
# What a terminal must not be sent as is: control characters (an ESC sequence can retitle or
# clear it), bidi overrides and isolates (they reorder the line), and lone surrogates (bytes
# that were not UTF-8, which no output stream can encode).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_IN_TEXT = re.compile(f"[{_UNSAFE}]")
_UNSAFE_IN_LINE = re.compile(f"[{_UNSAFE}\t\n]")  # an error is one line


class Context:
    """What the commands share: where the database is (opened on first use), and how a
    failure is reported (as JSON or not, with a traceback or not)."""

    def __init__(self) -> None:
        self.db_path: Path | None = None
        self.as_json = False
        self.debug = False
        self.typed: Sequence[str] = ()  # the command line, so that a message quotes little of it
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.db_path or default_db_path())
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def emit(as_json: bool, data, lines: list[str] | str) -> None:
    """The result as JSON, or as lines for a person; either way safe to show on a terminal."""
    if as_json:
        click.echo(_json(data))
    else:
        click.echo(_UNSAFE_IN_TEXT.sub(_escape, lines if isinstance(lines, str) else "\n".join(lines)))


def _json(data) -> str:
    """JSON (dataclasses as objects) with what a terminal must not see written as \\u escapes:
    the same strings to any JSON reader."""
    text = json.dumps(data, default=asdict, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_TEXT.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def warn(message: str) -> None:
    click.echo(f"Warning: {_UNSAFE_IN_LINE.sub(_escape, message)}", err=True)


def command(group: click.Group, name: str | None = None, **settings):
    """A subcommand with --json. However it fails, `_ending` decides the exit code and says why."""

    def decorate(func):
        @group.command(name, **settings)
        @click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
        @click.pass_obj
        @functools.wraps(func)
        def wrapper(ctx: Context, as_json: bool, **kwargs):
            ctx.as_json = as_json
            try:
                return func(ctx, as_json, **kwargs)
            except (Exception, KeyboardInterrupt) as error:  # before click, which would exit 1
                sys.exit(_ending(ctx, error))
            finally:
                ctx.close()

        return wrapper

    return decorate


def _ending(ctx: Context, error: BaseException) -> int:
    """The exit code for a command that raised `error`, once at most one line says why."""
    if isinstance(error, click.exceptions.Exit):  # a command's ctx.exit(n)
        return error.exit_code
    if isinstance(error, (KeyboardInterrupt, click.Abort)):  # Abort: Ctrl+C at a prompt
        return EXIT_INTERRUPTED
    if isinstance(error, BrokenPipeError):
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    if isinstance(error, click.exceptions.NoArgsIsHelpError):  # `coprod-events event`: its help
        error.show()
        return EXIT_FAILED
    message = _failure_message(error)
    if message is not None:
        _say(ctx, message)
        return EXIT_FAILED
    if ctx.debug:
        import traceback  # imported late: a few milliseconds every command would pay

        traceback.print_exception(error)
    _say(ctx, f"Internal error ({type(error).__name__}): a bug in coprod-events, not a mistake in what "
              "you typed. Any database change it was in the middle of was undone, but check whether "
              "the command took effect before running it again. `coprod-events --debug ...` shows "
              "the details for a bug report.")
    return EXIT_INTERNAL


def _failure_message(error: BaseException) -> str | None:
    """A failure a person can act on, in words; None for a bug."""
    if isinstance(error, CoprodError):
        return str(error)
    if isinstance(error, click.UsageError) and error.ctx is not None:
        help_option = error.ctx.help_option_names[0]
        return f"{error.format_message()} (see `{error.ctx.command_path} {help_option}`)"
    if isinstance(error, click.ClickException):
        return error.format_message()
    if isinstance(error, sqlite3.Error):
        known = from_sqlite(error)
        return str(known) if known else None
    if isinstance(error, OSError):
        where = f" {quote(str(error.filename))}" if error.filename is not None else ""
        return f"Cannot use{where}: {error.strerror or error}."
    return None


def _say(ctx: Context, message: str) -> None:
    """One line: "Error: ..." on stderr, or {"error": ...} on stdout for a script."""
    line = _UNSAFE_IN_LINE.sub(_escape, _shortened(message, ctx.typed))
    if ctx.as_json:
        click.echo(json.dumps({"error": line}, ensure_ascii=False))  # `line` is already safe
    else:
        click.echo(f"Error: {line}", err=True)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # how Python hands over a byte that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return match[0].encode("unicode_escape").decode("ascii")


def _shortened(message: str, typed: Sequence[str]) -> str:
    """`message` with anything long that was typed cut to QUOTE_LIMIT characters: click's own
    messages quote a bad value whole, and a 100 kB value must not come back whole."""
    for arg in typed:
        value = arg.partition("=")[2] if arg.startswith("-") else ""  # --option=value
        for text in {arg, value, repr(arg)[1:-1], repr(value)[1:-1]}:
            if len(text) > QUOTE_LIMIT:
                message = message.replace(text, text[:QUOTE_LIMIT] + "…")
    return message


def _drop_stdout() -> None:
    """The reader went away: what is still buffered goes nowhere, so Python's own flush at
    exit does not print a broken-pipe error."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _refuse_undecodable(args: Sequence[str]) -> None:
    """Refuse a command line with bytes that are not UTF-8, before click or a command sees it.

    On Linux such bytes arrive as lone surrogates, which no output stream and no SQLite
    statement can encode: checked here, once, they cannot reach any option of any command.
    (So a file name that is not UTF-8 is refused too.)"""
    for arg in args:
        if any("\ud800" <= char <= "\udfff" for char in arg):
            raise CoprodError(f"{quote(arg)} is not valid UTF-8 text. Nothing was done: check the "
                              "character encoding of the terminal or script that typed it.")


# The commands in modules of their own (this package's others), which register themselves on
# `main` when imported: a module is imported when its command runs, or for the list in --help
# (click's "lazy group"), so the desk does not build every command before its first paint.
_COMMAND_MODULES = {
    "attendance": "reports", "audit": "audit", "backup": "backup", "backups": "backup",
    "badges": "tickets", "cancel": "registrations", "certificates": "paper", "check": "backup",
    "checkin": "checkins", "door-list": "paper", "event": "events", "export": "export",
    "import": "registrations", "merge": "offline", "onsite": "checkins", "organiser": "paper",
    "payments": "payments",
    "person": "privacy",  # the group is person.py's; privacy.py adds export and erase
    "privacy-notice": "audit", "purge": "privacy", "register": "registrations",
    "register-sheet": "paper", "registrations": "registrations", "restore": "backup",
    "retention": "privacy", "search": "registrations", "send-tickets": "tickets",
    "serve": "serve", "session": "events", "snapshot": "offline", "summary": "reports",
    "ticket": "tickets", "tickets": "tickets", "undo": "checkins",
}


class _Main(click.Group):
    """The top-level group: its `main` is where every run ends, with one of the exit codes."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMAND_MODULES and cmd_name not in self.commands:
            importlib.import_module(f"{__name__}.{_COMMAND_MODULES[cmd_name]}")
        elif cmd_name not in self.commands:  # a typo: load them all, so click can suggest one
            self.list_commands(ctx)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in pkgutil.iter_modules(__path__, f"{__name__}."):
            importlib.import_module(module.name)
        return super().list_commands(ctx)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:  # the caller handles what happens outside a command
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        args = sys.argv[1:] if args is None else list(args)
        ctx = Context()
        ctx.typed = args
        try:
            _refuse_undecodable(args)
            result = super().main(args, prog_name, complete_var, standalone_mode=False, obj=ctx, **extra)
            sys.stdout.flush()  # a reader that went away is found here, not at exit
            code = result if isinstance(result, int) else EXIT_DONE  # click's ctx.exit(n), e.g. --help
        except (Exception, KeyboardInterrupt) as error:
            code = _ending(ctx, error)
        sys.exit(code)


@click.group("coprod-events", cls=_Main, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Database file (default: $COPROD_EVENTS_DB, else your user data folder).")
@click.option("--debug", is_flag=True, help="On an internal error, show the traceback (for a bug report).")
@click.version_option(__version__, prog_name="coprod-events")
@click.pass_context
def main(click_ctx: click.Context, db_path: Path | None, debug: bool) -> None:
    """Registration and check-in desk for co-produced events."""
    ctx = click_ctx.ensure_object(Context)
    ctx.db_path, ctx.debug = db_path, debug
    if click_ctx.invoked_subcommand is None:
        try:
            _run_app(ctx)
        finally:
            ctx.close()


def _run_app(ctx: Context, **options) -> None:
    """The full-screen app over this database (imported late: scripts never pay for Textual).
    The garbage collector waits until the first paint, as in `launch`: start-up is queue time.
    An app that crashed has shown why; the exit code says so."""
    _log_beside(ctx.store.path)
    gc.disable()
    try:
        from ..tui.app import CoprodApp

        app = CoprodApp(ctx.store, daily_backup=True, **options)
        app.run()
    finally:
        gc.enable()  # the app has already, unless it stopped before its first paint
    if app.return_code:
        sys.exit(EXIT_INTERNAL)


def _log_beside(db: Path) -> None:
    """What the app logs for staff (a kiosk that could not check a scan in: what failed, never
    who) goes to a file beside the database, readable by you alone: desk.db -> desk.log (and
    a database named desk.log -> desk.log.log: a log line must never land in the database)."""
    path = db.with_suffix(".log")
    if path == db:
        path = db.with_name(db.name + ".log")
    try:
        log = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
        try:
            os.fchmod(log, 0o600)  # one made before (or by hand) is made private too
        finally:
            os.close(log)
    except OSError:
        return  # a read-only folder: the app says so when it tries to write the database
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logging.getLogger("coprod_events").addHandler(handler)


# --- demo -------------------------------------------------------------------------------

@command(main, "demo")
@click.option("--no-tui", is_flag=True, help="Build the demo and print its summary only.")
def demo_command(ctx: Context, as_json: bool, no_tui: bool) -> None:
    """Rebuild the demo database (dated around today) and open it."""
    from .. import demo

    path = ctx.db_path or demo_db_path()
    summary = demo.rebuild(path)
    ctx.db_path = path
    if no_tui or as_json:
        emit(as_json, {"db": str(path), **asdict(summary)},
             [f"Demo database: {path}", *demo.summary_lines(summary)])
    else:
        _run_app(ctx)


@command(main, "desk")
@click.argument("event")
@click.option("--session", "session_id", type=int, help="Check in to this session, not the door.")
@click.option("--station", help="This desk's name, recorded on every check-in it makes.")
@click.option("--camera", is_flag=False, flag_value="0", metavar="[N|PATH]",
              help="Scan tickets with camera N (default 0) or a video file; needs the camera extra.")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="An existing database file, e.g. an offline snapshot (as `coprod-events --db`, "
                   "but never a new, empty one).")
def desk_command(ctx: Context, as_json: bool, event: str, session_id: int | None,
                 station: str | None, camera: str | None, db_path: Path | None) -> None:
    """Open the app straight on the check-in desk for EVENT."""
    ctx.db_path = db_path or ctx.db_path
    _run_app(ctx, event=_checked_event(ctx, event, session_id), session_id=session_id,
             station=station, desk=True, camera=camera)


def _checked_event(ctx: Context, event: str, session_id: int | None) -> int:
    """The event's id, once it and the session asked for are known to exist: a mistyped slug
    is said on the command line, before the full-screen app starts."""
    return core_events.get_place(ctx.store, event, session_id).event.id


# --- the self check-in kiosk -----------------------------------------------------------------

@command(main, "kiosk")
@click.argument("event")
@click.option("--session", "session_id", type=int, help="Check in to this session, not the door.")
@click.option("--station", help='This kiosk\'s name: its check-ins are logged as "Kiosk NAME".')
@click.option("--clear-after", type=click.FloatRange(min=1, max=300), default=5, show_default=True,
              metavar="SECONDS", help="How long a welcome (or \"see the desk\") stays on screen.")
@click.option("--camera", is_flag=False, flag_value="0", metavar="[N|PATH]",
              help="Scan tickets with camera N (default 0) or a video file; needs the camera extra.")
def kiosk_command(ctx: Context, as_json: bool, event: str, session_id: int | None,
                  station: str | None, clear_after: float, camera: str | None) -> None:
    """Open the self check-in kiosk for EVENT: attendees scan their own QR code.

    It shows a first name and where to go, or "Please see the desk" (the reason goes to the
    desks' live list). It is locked: staff press F12 (or Ctrl+U) and give the kiosk PIN,
    set with `coprod-events kiosk-pin`, to close it.
    """
    from ..core import kiosk_pin

    event_id = _checked_event(ctx, event, session_id)
    if not kiosk_pin.has_pin(ctx.store):
        raise CoprodError("No kiosk PIN is set, and without one the kiosk could not be closed "
                          "safely. Run `coprod-events kiosk-pin` first.")
    _run_app(ctx, event=event_id, session_id=session_id, station=station, kiosk=True,
             clear_after=clear_after, camera=camera)


@command(main, "kiosk-pin")
@click.option("--unlock", is_flag=True,
              help="Lift the wait after wrong PINs on every kiosk now (recorded in the audit log).")
def kiosk_pin_command(ctx: Context, as_json: bool, unlock: bool) -> None:
    """Set the staff PIN that closes a kiosk: 4 to 12 digits, asked twice, never shown.

    Only a salted hash is kept; setting a PIN clears the count of wrong tries. Both are recorded
    in the audit log. To pipe it in, give it twice, one line each:

    \b
        printf '%s\\n%s\\n' "$PIN" "$PIN" | coprod-events kiosk-pin
    """
    from ..core import kiosk_pin

    if unlock:
        lifted = kiosk_pin.unlock(ctx.store)
        emit(as_json, {"lifted": bool(lifted.failures or lifted.wait), "failures": lifted.failures,
                       "wait": lifted.wait}, lifted.describe())
        return
    pin = kiosk_pin.check_format(_ask_pin("New kiosk PIN (4 to 12 digits)"))
    if _ask_pin("The same PIN again") != pin:
        raise CoprodError("The two PINs were not the same. Nothing was changed.")
    kiosk_pin.set_pin(ctx.store, pin)
    emit(as_json, {"pin_set": True},
         "Kiosk PIN set. On a kiosk, staff press F12 (or Ctrl+U) and type it to close the kiosk.")


def _ask_pin(prompt: str) -> str:
    """Hidden when typed; a line of standard input when piped (getpass would read the
    terminal instead of the pipe)."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, err=True).strip()
    try:
        line = sys.stdin.readline()
    except UnicodeDecodeError as error:
        raise CoprodError("The PIN piped in is not valid UTF-8 text: give 4 to 12 digits.") from error
    if not line:
        raise CoprodError("No PIN was given: type it, or pipe it in twice (one line each).")
    return line.strip()
