"""`coprod-events register`, `registrations`, `cancel`, `search` and `import`: who comes."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..core import events, people, registrations, tickets
from ..core.errors import CoprodError
from ..core.importing import FIELDS, FORMAT_NAMES, FORMATS
from ..core.text import plural
from . import Context, command, emit, main, warn

if TYPE_CHECKING:
    from ..core.importing import importer

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
