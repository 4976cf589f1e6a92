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

import contextlib
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
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..core import checkin as checkin_core
from ..core import dates, events, people, registrations, tickets
from ..core.errors import QUOTE_LIMIT, CoprodError, from_sqlite, quote
from ..core.importing import FIELDS, FORMAT_NAMES, FORMATS
from ..core.store import Store, default_db_path, demo_db_path
from ..core.text import plural

if TYPE_CHECKING:
    from ..core.importing import importer

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
    "attendance": "reports", "audit": "audit", "backup": "backup",
    "backups": "backup", "certificates": "paper", "check": "backup",
    "door-list": "paper", "export": "export", "merge": "offline",
    "organiser": "paper", "payments": "payments",
    "person": "privacy",  # the group is person.py's; privacy.py adds export and erase
    "privacy-notice": "audit", "purge": "privacy", "register-sheet": "paper",
    "restore": "backup", "retention": "privacy", "serve": "serve",
    "snapshot": "offline", "summary": "reports",
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
    return events.get_place(ctx.store, event, session_id).event.id


# --- events and sessions ------------------------------------------------------------------

@main.group("event")
def event_group() -> None:
    """Create and list events."""


def _event_lines(summary: events.EventSummary) -> str:
    event = summary.event
    capacity = f"/{event.capacity}" if event.capacity is not None else ""
    waiting = f", {summary.waitlisted} waiting" if summary.waitlisted else ""
    return (f"{event.slug}  {event.title} ({event.kind})  {event.show(event.starts_at)}"
            f"  {summary.confirmed}{capacity} registered{waiting}, {summary.checked_in} checked in")


@command(event_group, "add")
@click.argument("title")
@click.option("--kind", type=click.Choice(events.KINDS), required=True)
@click.option("--starts", required=True, help="e.g. 3/12/2026 10:00 (UK order: day first).")
@click.option("--ends", help="Default: two hours after the start.")
@click.option("--repeat", help='RFC 5545 rule for a course, e.g. "FREQ=WEEKLY;COUNT=6". As in '
              "any calendar, its COUNT includes the --except dates.")
@click.option("--except", "except_dates", multiple=True,
              help="A cancelled date of a repeating course (repeatable, or comma-separated).")
@click.option("--capacity", type=click.IntRange(min=0))
@click.option("--venue")
@click.option("--tz", help="Time zone (default Europe/London).")
@click.option("--checkin-opens", type=int, default=60, show_default=True,
              help="Minutes before a session that check-in opens.")
@click.option("--checkin-closes", type=int, default=0, show_default=True,
              help="Minutes after a session ends that check-in closes.")
@click.option("--certificate-ratio", type=float, default=0.8, show_default=True,
              help="Share of a course's sessions to attend for a certificate.")
def event_add(ctx: Context, as_json: bool, title, kind, starts, ends, repeat, except_dates,
              capacity, venue, tz, checkin_opens, checkin_closes, certificate_ratio) -> None:
    """Create an event (a course with --repeat gets one session per occurrence)."""
    skipped = [part for item in except_dates for part in item.split(",") if part.strip()]
    event = events.add_event(ctx.store, title, kind=kind, starts=starts, ends=ends, repeat=repeat,
                             except_dates=skipped, capacity=capacity, venue=venue, tz=tz,
                             checkin_opens_minutes=checkin_opens,
                             checkin_closes_minutes=checkin_closes,
                             certificate_ratio=certificate_ratio)
    sessions = events.list_sessions(ctx.store, event.id)
    emit(as_json, {**asdict(event), "sessions": sessions},
         [f"Created {event.title} ({event.slug}), {event.show(event.starts_at)}."]
         + [f"  session {s.id}: {s.title}, {event.show(s.starts_at)}" for s in sessions])


@command(event_group, "list")
def event_list(ctx: Context, as_json: bool) -> None:
    """Every event with its registered / capacity / checked-in counts."""
    summaries = events.list_events(ctx.store)
    emit(as_json, summaries,
         [_event_lines(s) for s in summaries] or ["No events yet: add one with `event add`."])


@main.group("session")
def session_group() -> None:
    """Add sessions (plenaries, workshops) to an event."""


@command(session_group, "add")
@click.argument("event")
@click.argument("title")
@click.option("--starts", required=True)
@click.option("--ends")
@click.option("--room")
@click.option("--capacity", type=click.IntRange(min=0))
@click.option("--booking-required", is_flag=True, help="Only people who booked it may enter.")
def session_add(ctx: Context, as_json: bool, event, title, starts, ends, room, capacity,
                booking_required) -> None:
    """Add a session to EVENT."""
    session = events.add_session(ctx.store, event, title, starts=starts, ends=ends, room=room,
                                 capacity=capacity, booking_required=booking_required)
    tz = events.get_event(ctx.store, event).tz
    emit(as_json, session,
         f"Added session {session.id}: {session.title}, {dates.show(session.starts_at, tz)}.")


# --- registrations and tickets ----------------------------------------------------------------

def _registration_lines(registration: registrations.Registration, code: str | None) -> list[str]:
    status = registration.status
    if registration.waitlist_position:
        status += f" (place {registration.waitlist_position} on the waiting list)"
    lines = [f"Registration {registration.id}: {registration.name}, {status}."]
    if code:
        lines.append(f"Ticket code: {tickets.grouped(code)}")
    return lines


@command(main, "register")
@click.argument("event")
@click.argument("name")
@click.option("--email")
@click.option("--preferred-name")
@click.option("--pronouns")
@click.option("--phone")
@click.option("--organisation")
@click.option("--role", "roles", multiple=True, help="Role code (repeatable), e.g. carer.")
@click.option("--access", "access", multiple=True,
              help="Access need code (repeatable), with an optional detail: large_print=18pt.")
@click.option("--access-notes")
@click.option("--role-notes")
@click.option("--dietary")
@click.option("--consent", is_flag=True, help="The person consents to us keeping access needs and notes.")
@click.option("--session", "sessions", multiple=True, type=int, help="Book a session (repeatable).")
@click.option("--pa-for", type=int, help="This person is the PA/supporter of registration REG_ID.")
@click.option("--payment-eligible", is_flag=True, help="Eligible for an involvement payment.")
@click.option("--same-person", is_flag=True,
              help="The email is already someone's under another name, and this is them.")
def register_command(ctx: Context, as_json: bool, event, name, roles, access, sessions, pa_for,
                     **fields) -> None:
    """Register NAME for EVENT and issue a ticket."""
    try:
        result = registrations.register(ctx.store, event, name, roles=roles, access=access,
                                        sessions=sessions, pa_for=pa_for, **fields)
    except people.DifferentPerson as different:
        raise CoprodError(f"{different} If this is them, add --same-person.") from different
    registration = result.registration
    for warning in result.warnings:
        warn(warning)
    emit(as_json, {
        "registration_id": registration.id, "person_id": registration.person.id,
        "name": registration.name, "status": registration.status,
        "waitlist_position": registration.waitlist_position, "code": result.code,
        "bookings": registration.bookings, "warnings": result.warnings,
    }, _registration_lines(registration, result.code))


@command(main, "registrations")
@click.argument("event")
@click.option("--status", type=click.Choice(registrations.STATUSES))
@click.option("--search", "text", default="", help="Any part of a name or email.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=500, show_default=True)
@click.option("--health-data", is_flag=True,
              help="Include access needs, notes and dietary needs (health data: the listing is audited).")
def registrations_command(ctx: Context, as_json: bool, event: str, status, text: str, limit: int,
                          health_data: bool) -> None:
    """List EVENT's registrations (name order), optionally filtered. Access needs, notes and
    dietary needs are health data: left out unless --health-data is given."""
    from ..core import roster

    found = roster.roster(ctx.store, event, text=text, status=status, limit=limit)
    health = roster.health_data(ctx.store, event, found) if health_data else {}
    rows, lines = [], []
    for r in found.rows:
        row = asdict(r)
        del row["access"]  # codes of health data too: only with the rest of it
        lines.append(f"{r.registration_id:>6}  {r.name}  {r.status}"
                     + ("  checked in" if r.checked_in else ""))
        if health_data:
            held = health[r.registration_id]
            row |= {"access": [{"code": code, "detail": detail} for code, detail in held.access],
                    "access_notes": held.access_notes, "role_notes": held.role_notes,
                    "dietary": held.dietary}
            lines += [f"        {label}: {text}" for label, text in (
                ("Access", ", ".join(code + (f"={detail}" if detail else "")
                                     for code, detail in held.access)),
                ("Access notes", held.access_notes), ("Role notes", held.role_notes),
                ("Dietary", held.dietary)) if text]
        rows.append(row)
    if found.total > len(found.rows):
        lines.append(f"... {found.total - len(found.rows)} more (use --limit or --search).")
    emit(as_json, {"total": found.total, "registrations": rows}, lines or ["None found."])


@command(main, "cancel")
@click.argument("reg_id", type=int)
def cancel_command(ctx: Context, as_json: bool, reg_id: int) -> None:
    """Cancel a registration; the first on the waiting list takes the place."""
    result = registrations.cancel(ctx.store, reg_id)
    lines = [f"Cancelled registration {reg_id} ({result.registration.name})."]
    lines += [f"Promoted from the waiting list: {r.name} (registration {r.id})." for r in result.promoted]
    lines += [f"Promoted to session {s}: {r.name} (registration {r.id})."
              for r, s in result.promoted_bookings]
    lines += [f"Also cancelled their PA: {r.name} (registration {r.id})." for r in result.cancelled_pas]
    emit(as_json, {
        "registration_id": reg_id, "status": result.registration.status,
        "promoted": [{"registration_id": r.id, "name": r.name} for r in result.promoted],
        "promoted_bookings": [{"registration_id": r.id, "name": r.name, "session_id": s}
                              for r, s in result.promoted_bookings],
        "cancelled_pas": [{"registration_id": r.id, "name": r.name} for r in result.cancelled_pas],
    }, lines)


@command(main, "ticket")
@click.argument("reg_id", type=int)
@click.option("--reissue", is_flag=True, help="Issue a new code and revoke the old one.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Also write the ticket to this file: .pdf (a printable page), .png or .svg (the QR).")
def ticket_command(ctx: Context, as_json: bool, reg_id: int, reissue: bool, out: Path | None) -> None:
    """Show (or reissue) a registration's ticket code; --out writes the ticket to a file."""
    if out is not None:
        _check_ticket_file(out)
    # A file that cannot be written takes a reissue back with it; a copy of the live ticket
    # takes no lock (another desk's scans do not wait while a PDF is drawn).
    with ctx.store.write() if reissue else contextlib.nullcontext():
        ticket = tickets.issue(ctx.store, reg_id, reissue=reissue)
        written = _write_one_ticket(ctx, reg_id, out) if out is not None else None
    emit(as_json, {"registration_id": reg_id, "code": ticket.code, "issued_at": ticket.issued_at,
                   **({"file": str(written)} if written else {})},
         [f"Ticket for registration {reg_id}: {tickets.grouped(ticket.code)}"
          + (" (new: the old code no longer works)" if reissue else "")]
         + ([f"Written to {written}."] if written else []))


@command(main, "search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 200), default=20)
def search_command(ctx: Context, as_json: bool, query: str, limit: int) -> None:
    """Find people by any part of a name or email (3+ characters)."""
    found = people.search_people(ctx.store, query, limit=limit)
    emit(as_json, found, [f"{p.id}  {p.name}  {p.email or ''}".rstrip() for p in found] or ["No one found."])


# --- importing registrations ------------------------------------------------------------------

@command(main, "import")
@click.argument("event")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(("auto", *FORMATS)), default="auto", show_default=True,
              help="The tool that made the file; auto reads it from the header.")
@click.option("--map", "maps", multiple=True, metavar='"COLUMN=FIELD"',
              help=f"Read a column (its heading, or letter) into a field (repeatable): {', '.join(FIELDS)}.")
@click.option("--consented", metavar='"NOTICE"',
              help="The form asked for consent to keep access and dietary answers, under this privacy "
                   "notice (its text or version): they are kept, and it is recorded.")
@click.option("--include-pending", is_flag=True, help="Import unpaid (pending) orders too.")
@click.option("--dry-run", is_flag=True, help="Say what importing would do, and change nothing.")
def import_command(ctx: Context, as_json: bool, event: str, file: Path, fmt: str, maps: tuple[str, ...],
                   consented: str | None, include_pending: bool, dry_run: bool) -> None:
    """Import EVENT's registrations from FILE: an Eventbrite attendee summary, a Google Forms or
    Microsoft Forms (.xlsx) response sheet, pretix order positions, or any CSV with --map.

    One person per email (the latest answer wins); rows with problems are left out and listed,
    the rest imported in one go. Importing the same file again changes nothing.
    """
    from ..core.importing import importer

    found = events.get_event(ctx.store, event)
    result = importer.run_import(ctx.store, found.id, file, fmt=fmt, maps=maps, consented=consented,
                                  include_pending=include_pending, dry_run=dry_run)
    emit(as_json, result.as_json(), _import_lines(result, file, found.title))


def _import_lines(result: importer.ImportResult, file: Path, title: str) -> list[str]:
    done = "Would import" if result.dry_run else "Imported"
    waiting = f", {result.waitlisted:,} of them on the waiting list" if result.waitlisted else ""
    source = f"{file.name} ({FORMAT_NAMES[result.format]}, {plural(result.rows, 'row')})"
    lines = [f"{done} {source} into {title}: {result.created:,} new, {result.updated:,} updated, "
             f"{result.unchanged:,} unchanged{waiting}."]
    if result.skipped:
        lines.append(f"Skipped {plural(len(result.skipped), 'row')}:")
        lines += [f"  Row {s.row}: {s.reason}" for s in result.skipped]
    if result.problems:
        lines.append(f"Left out, with problems: {plural(len({p.row for p in result.problems}), 'row')}:")
        lines += [f"  Row {p.row}" + (f", {p.column}" if p.column else "") + f": {p.message}"
                  for p in result.problems]
    if result.health_data_dropped:
        people = plural(result.health_data_dropped, "person", "people")
        lines.append(f"Access and dietary answers not kept for {people}: they are kept only with "
                     "consent. If the form asked for it, import again with --consented \"NOTICE\" "
                     "(the privacy notice it asked under).")
    if result.possible_duplicates:
        lines.append("Possible duplicates (no email to tell them apart):")
        lines += [f"  Row {d.row}: {d.name}, like {d.like}" for d in result.possible_duplicates]
    if result.dry_run:
        lines.append("Dry run: nothing was changed.")
    return lines


# --- check-in ----------------------------------------------------------------------------

def _verdict_lines(verdict: checkin_core.Verdict) -> list[str]:
    if verdict.admitted:
        mark = "✓ ADMITTED" + (f" (forced: {verdict.force_reason})" if verdict.force_reason
                              else " (forced)" if verdict.forced else "")
    elif checkin_core.tone(verdict) == "look":  # as the desk shows it
        mark = f"! CHECK ({verdict.reason})"
    else:
        mark = f"✗ REFUSED ({verdict.reason})"
    lines = [f"{mark}  {verdict.message}"]
    lines += [f"  • {action}" for action in verdict.attention]
    lines.append(f"  check-in id {verdict.checkin_id}" + (" (replayed)" if verdict.replayed else ""))
    return lines


@command(main, "checkin")
@click.argument("event")
@click.argument("code")
@click.option("--session", "session_id", type=int, help="Check in to this session, not the door.")
@click.option("--exit", "is_exit", is_flag=True, help="Record leaving, not arriving.")
@click.option("--force", is_flag=True, help="Staff override for a refusable verdict.")
@click.option("--reason", help="Why staff override, in a few words (with --force; kept in the log).")
@click.option("--station", help="This desk's name, recorded on the check-in.")
@click.option("--operator", help="Who is at the desk (default: your login name).")
@click.option("--at", "at", help="When it happened, for a paper list typed in later.")
@click.option("--id", "checkin_id", help="Idempotency key: a replay with the same id is stored once.")
def checkin_command(ctx: Context, as_json: bool, event, code, session_id, is_exit, force, reason,
                    station, operator, at, checkin_id) -> None:
    """Check CODE in at EVENT (exit code 1 when refused)."""
    verdict = checkin_core.check_in(
        ctx.store, event, code, session_id=session_id,
        direction=checkin_core.EXIT if is_exit else checkin_core.ENTRY, force=force,
        reason=reason, station=station, operator=operator, at=at, checkin_id=checkin_id)
    emit(as_json, verdict.as_dict(), _verdict_lines(verdict))
    if not verdict.admitted:
        sys.exit(EXIT_REFUSED)


@command(main, "undo")
@click.argument("checkin_id")
@click.option("--operator")
def undo_command(ctx: Context, as_json: bool, checkin_id: str, operator) -> None:
    """Annul a check-in (the log keeps it, marked undone)."""
    undone = checkin_core.undo(ctx.store, checkin_id, operator=operator)
    emit(as_json, undone,
         [f"Undone: check-in {undone.checkin_id}" + (f" ({undone.name})." if undone.name else "."),
          *([undone.note] if undone.note else [])])


# --- attendance -----------------------------------------------------------------------------

@command(main, "onsite")
@click.argument("event")
def onsite_command(ctx: Context, as_json: bool, event: str) -> None:
    """Who is on site now (fire roll call): assisted evacuation first."""
    from ..core import attendance as attendance_core

    present = attendance_core.on_site(ctx.store, event)
    tz = events.get_event(ctx.store, event).tz
    lines = [f"{len(present)} on site now."] + [
        f"  {'EVACUATION HELP  ' if p.assisted_evacuation else ''}{p.name}"
        f"  (in since {dates.show(p.since, tz, with_date=False)})" for p in present]
    emit(as_json, {"count": len(present), "people": present}, lines)


# --- printing: ticket files and badges ------------------------------------------------------

@command(main, "badges")
@click.argument("event")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The PDF to write, e.g. badges.pdf.")
@click.option("--layout", type=click.Choice(("a6", "avery-l7418")), default="a6", show_default=True,
              help="a6: a badge per A6 card (landscape); avery-l7418: 8 labels of 86 x 55 mm per A4.")
@click.option("--session", "session_id", type=int,
              help="Only people who may attend this session (booked, if it needs booking).")
def badges_command(ctx: Context, as_json: bool, event: str, out: Path, layout: str,
                   session_id: int | None) -> None:
    """Name badges for EVENT's confirmed registrations, by surname: name, pronouns, organisation
    and a QR code for the desk. Never roles, access needs or notes."""
    from ..core import badges  # imported late: PDF code costs the other commands nothing
    from .progress import progress_bar

    with progress_bar(as_json, "Badges") as progress:
        run = badges.write_badges(ctx.store, event, out, layout=layout, session_id=session_id,
                                  progress=progress)
    if run.not_rendered:
        warn(badges.not_rendered_message(run.not_rendered))
    count = len(run.printed)
    emit(as_json, {
        "out": str(run.path), "layout": run.layout, "pages": run.pages, "count": count,
        "badges": [{"registration_id": b.registration_id, "name": b.name, "page": b.page}
                   for b in run.printed],
        "not_rendered": run.not_rendered,
    }, f"Wrote {plural(count, 'badge')} to {run.path} ({plural(run.pages, 'page')}, "
       f"{run.layout}), in surname order.")


def _check_ticket_file(out: Path) -> None:
    """A wrong extension is said before anything is done, and the PDF code (a third of a second
    to import) is loaded before the write lock is taken. Imported late: other commands never pay."""
    from ..core import ticket_files

    if ticket_files.format_of(out) == "pdf":
        from ..core import ticket_pdf  # noqa: F401


def _write_one_ticket(ctx: Context, reg_id: int, out: Path) -> Path:
    from ..core import ticket_files

    event, holder = ticket_files.for_registration(ctx.store, reg_id)
    return ticket_files.write_ticket(event, holder, out)


@command(main, "tickets")
@click.argument("event")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The PDF file; for png or svg, a folder that receives one image per person.")
@click.option("--format", "fmt", type=click.Choice(("pdf", "png", "svg")), default="pdf",
              show_default=True, help="pdf: a printable ticket a page; png or svg: the QR codes.")
def tickets_command(ctx: Context, as_json: bool, event: str, out: Path, fmt: str) -> None:
    """Write the tickets of EVENT's confirmed registrations: one PDF, or a folder of QR images."""
    from ..core import ticket_files
    from .progress import progress_bar

    found, holders = ticket_files.for_event(ctx.store, event)
    with progress_bar(as_json, "Tickets") as progress:
        if fmt == "pdf":
            files = [ticket_files.write_pdf(found, holders, out, progress=progress)] * len(holders)
        else:
            files = ticket_files.write_images(found, holders, out, fmt, progress=progress)
    if fmt == "pdf":
        line = f"Wrote {plural(len(holders), 'ticket')} for {found.title} to {files[0]}, one a page."
    else:
        line = (f"Wrote {plural(len(files), fmt.upper() + ' ticket')} for {found.title} into {out}, "
                "one per person (named surname-first-name-registration id).")
    emit(as_json, {"event": found.slug, "format": fmt, "out": str(out), "count": len(holders),
                   "tickets": [{"registration_id": h.registration_id, "file": str(path)}
                               for h, path in zip(holders, files, strict=True)]}, line)


# --- sending tickets by email ----------------------------------------------------------------

@command(main, "send-tickets")
@click.argument("event")
@click.option("--only-unsent", is_flag=True, help="Skip people whose live ticket was already sent.")
@click.option("--to", "to", type=int, multiple=True, metavar="REG_ID",
              help="Only this registration (repeatable).")
@click.option("--dry-run", is_flag=True, help="List who would be sent a ticket; send nothing.")
@click.option("--eml", "eml_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write one .eml file per person into this folder, for a mail client to send, "
                   "instead of sending (they are not marked sent).")
def send_tickets_command(ctx: Context, as_json: bool, event: str, only_unsent: bool, to: tuple[int, ...],
                         dry_run: bool, eml_dir: Path | None) -> None:
    """Email each confirmed person at EVENT their ticket: the QR code, the ticket PDF, their
    sessions, and how to ask for adjustments. Each is marked sent when the server accepts it.

    \b
    The server: COPROD_EVENTS_SMTP=smtps://user@host:465 (or smtp://user@host:587, STARTTLS),
    the sender: COPROD_EVENTS_SMTP_FROM, the password: COPROD_EVENTS_SMTP_PASSWORD or asked
    (never stored or shown); or the settings saved on the app's Send tickets screen.
    Exit code 0: done; 1: someone's message was refused (the rest went); 2: the run stopped
    (login refused, server unreachable or lost) or bad input. Unsent people stay unsent.
    """
    from ..core.mailing import send
    from ..core.mailing import settings as mail_settings
    from ..core.mailing.transport import SmtpTransport

    settings = mail_settings.load(ctx.store)
    transport = None
    if not dry_run and eml_dir is None:
        server = settings.require_server()
        transport = SmtpTransport(server, settings.require_sender(), mail_settings.password() or (
            lambda: _ask_password(f"Password for {server.user} at {server.host}")))

    shown: set[int] = set()  # said as they happened; the rest (skipped, ...) is said at the end

    def said(result: send.Result, done: int, of: int) -> None:
        if not as_json:
            shown.add(result.registration_id)
            emit(False, None, f"[{done}/{of}] {send.describe(result)}")

    run = send.send_tickets(ctx.store, event, settings=settings, transport=transport,
                            only_unsent=only_unsent, to=to, dry_run=dry_run, eml_dir=eml_dir,
                            progress=said)
    emit(as_json, {"event": run.event.slug, "dry_run": dry_run, "eml": str(eml_dir) if eml_dir else None,
                   "counts": {outcome: run.count(outcome) for outcome in send.OUTCOMES},
                   "stopped": run.stopped, "results": run.results},
         [send.describe(r) for r in run.results if r.registration_id not in shown]
         + [run.summary()] + ([f"Stopped: {run.stopped}"] if run.stopped else []))
    if run.stopped:
        sys.exit(EXIT_FAILED)
    if run.failed:
        sys.exit(EXIT_REFUSED)


def _ask_password(prompt: str) -> str | None:
    """Hidden when typed; a line of standard input when piped."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, err=True, default="", show_default=False) or None
    try:
        line = sys.stdin.readline()
    except UnicodeDecodeError as error:
        raise CoprodError("The password piped in is not valid UTF-8 text.") from error
    return line.rstrip("\r\n") or None


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
