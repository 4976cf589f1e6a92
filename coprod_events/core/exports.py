"""Exports for finance, funders, caterers and staff: an event's data as CSV or XLSX.

Each kind of export is one function registered with `@kind`: it reads the event and returns
its tables; writing, the health-data notice and the export log are done once, here, for all.
Health data (access needs and notes, dietary needs) goes only into the kinds that need it
(access, catering), each saying so on its first line. Every export is logged (who, when,
what, which event, how many rows; never the data) for the privacy work.
"""

from __future__ import annotations

import getpass
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import audit, dates, spreadsheet
from .catalogue import ACCESS_NEEDS, NEEDS_BY_CODE, ROLES_BY_CODE, action_for
from .data import checkins as checkins_data
from .data import exports as data
from .errors import CoprodError, quote
from .events import Event, get_event, list_sessions
from .progress import Progress
from .spreadsheet import Cell, Table
from .store import Store

Build = Callable[[Store, Event], list[Table]]
FOOD = "Food"  # the catalogue's group of dietary needs: catering's, not access's
_PLACE = {need.code: place for place, need in enumerate(ACCESS_NEEDS)}  # needs in the catalogue's order


@dataclass(frozen=True)
class Kind:
    name: str
    build: Build
    health: str | None = None  # the health data it holds, said at its top; None: none


@dataclass(frozen=True)
class Exported:
    path: str
    event: str  # its slug
    what: str
    format: str
    rows: int  # data rows written, over all its tables
    health_data: bool


KINDS: dict[str, Kind] = {}


def kind(name: str, *, health: str | None = None) -> Callable[[Build], Build]:
    """Register an export: `@kind("payments")` over a function that builds its tables; `health`
    says what health data it holds (then said on its first line)."""
    def register(build: Build) -> Build:
        KINDS[name] = Kind(name, build, health)
        return build
    return register


def export(store: Store, event_ref: str | int, what: str, out: str | Path, *,
           operator: str | None = None, progress: Progress | None = None) -> Exported:
    """Write the `what` export of an event to `out` (.csv or .xlsx), then log it. A file whose
    export cannot be logged is removed: no export goes unrecorded."""
    chosen = KINDS.get(what)
    if chosen is None:
        raise CoprodError(f"Unknown export {quote(what)}: choose {', '.join(KINDS)}.", field="what")
    fmt = spreadsheet.format_of(out)
    event = get_event(store, event_ref)
    with store.reading():  # one moment: its tables agree while desks go on checking people in
        tables = chosen.build(store, event)
    path = spreadsheet.write(out, tables, chosen.health and _notice(chosen.health), progress=progress)
    rows = sum(len(table.rows) for table in tables)
    try:
        with store.write():
            data.log_export(store, at=dates.to_db(dates.utcnow()), operator=_who(operator),
                            event_id=event.id, event_slug=event.slug, what=what, fmt=fmt, rows=rows,
                            health_data=chosen.health is not None)
            if chosen.health:
                audit.record(store, "exported_health_data", event_id=event.id, operator=_who(operator),
                             detail=f"{what} export ({fmt}, {rows} rows)")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Exported(str(path), event.slug, what, fmt, rows, chosen.health is not None)


def logged(store: Store, event_ref: str | int) -> list[data.Logged]:
    """The exports made of an event, oldest first."""
    return data.logged(store, get_event(store, event_ref).id)


def _notice(health: str) -> str:
    return (f"HEALTH DATA: {health}. Keep this file private, share it only with the people who act "
            "on it, and delete it when the event is over.")


def _who(operator: str | None) -> str | None:
    """Who made the export: as given, else the login name."""
    if operator and operator.strip():
        return operator.strip()[:64]
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


def _local(event: Event, stored: str | None) -> datetime | None:
    """A stored UTC time as the event's wall-clock time, which is what a spreadsheet shows."""
    return dates.local(stored, event.tz).replace(tzinfo=None) if stored else None


def _titles(store: Store, event: Event) -> dict[int, str]:
    return {s.id: s.title for s in list_sessions(store, event.id, include_cancelled=True)}


def _needs(store: Store, event: Event, *, food: bool) -> list[data.Need]:
    """The confirmed registrations' dietary needs, or their other needs: by name, each
    person's in the catalogue's order (which groups them: getting there, hearing, ...)."""
    found = [n for n in data.needs(store, event.id) if (NEEDS_BY_CODE[n.code].group == FOOD) is food]
    return sorted(found, key=lambda n: (n.name.casefold(), n.registration_id, _PLACE[n.code]))


def _joined(items: Iterable[str]) -> str:
    return "; ".join(items)


# The kinds ----------------------------------------------------------------------------------

@kind("registrations")
def _registrations(store: Store, event: Event) -> list[Table]:
    titles = _titles(store, event)
    rows: list[list[Cell]] = [[
        r.registration_id, r.name, r.preferred_name, r.pronouns, r.email, r.phone, r.organisation,
        r.status, _local(event, r.waitlisted_at),
        _joined(ROLES_BY_CODE[code].label if code in ROLES_BY_CODE else code for code in r.roles),
        _joined(titles[s] for s in r.booked), _joined(titles[s] for s in r.waiting), r.pa_for,
        r.payment_eligible, _local(event, r.consent_at), _local(event, r.created_at),
        _local(event, r.cancelled_at), r.checked_in,
    ] for r in data.registrations(store, event.id)]
    return [Table("Registrations", (
        "Registration id", "Name", "Preferred name", "Pronouns", "Email", "Phone", "Organisation",
        "Status", "Waiting since", "Roles", "Sessions booked", "Sessions waiting", "PA for",
        "Payment eligible", "Consent given", "Registered", "Cancelled", "Checked in"), rows)]


@kind("attendance")
def _attendance(store: Store, event: Event) -> list[Table]:
    from . import attendance  # imported late, as the CLI does: most exports never need it

    report = attendance.attendance(store, event.id)
    rows: list[list[Cell]] = []
    for item in report.sessions:
        session: list[Cell] = [item.session.id, item.session.title, _local(event, item.session.starts_at)]
        rows += [[*session, mark.registration_id, mark.name, mark.status.replace("_", " "),
                  _local(event, mark.arrived_at), _local(event, mark.left_at)] for mark in item.marks]
    marks = Table("Attendance", (
        "Session id", "Session", "Starts", "Registration id", "Name", "Status", "Arrived", "Left"), rows)
    if len(report.sessions) < 2:
        return [marks]
    series = Table("Course", (
        "Registration id", "Name", "Sessions attended", "Sessions held", "Sessions in all",
        "Certificate eligible"), [
        [row.registration_id, row.name, row.attended, row.held, row.total, row.eligible]
        for row in report.series])
    return [marks, series]


@kind("checkins")
def _checkins(store: Store, event: Event) -> list[Table]:
    titles = _titles(store, event)
    rows: list[list[Cell]] = [[
        _local(event, c.at), c.registration_id, c.name, c.direction,
        titles.get(c.session_id, "") if c.session_id is not None else "Door", c.station, c.operator,
        c.admitted, c.reason.replace("_", " "), c.forced, c.force_reason,
        _local(event, c.annulled_at), c.annulled_by,
    ] for c in data.checkins(store, event.id)]
    return [Table("Check-ins", (
        "When", "Registration id", "Name", "Direction", "Where", "Station", "Operator", "Admitted",
        "Reason", "Forced", "Force reason", "Undone at", "Undone by"), rows)]


@kind("payments")
def _payments(store: Store, event: Event) -> list[Table]:
    from . import payments  # imported late: it reads attendance
    from .data import payments as paid

    due = payments.due(store, event.id)
    names = {line.registration_id: line.name for line in due.lines}
    people = Table("Payments", (
        "Registration id", "Name", "Choice", "Hours", "Fee due (£)", "Expenses (£)", "Paid (£)",
        "Balance (£)", "How paid"), [
        [line.registration_id, line.name, payments.CHOICES.get(line.choice or "", "not asked yet"),
         line.hours, line.fee_due / 100, line.expenses / 100, line.paid / 100, line.balance / 100,
         _joined(payments.HOW[how] for how in line.how_paid)] for line in due.lines])
    claims = Table("Expenses", ("Registration id", "Name", "Claimed", "Kind", "Amount (£)", "Receipt"), [
        [x.registration_id, names.get(x.registration_id, ""), _local(event, x.claimed_at),
         payments.KINDS[x.kind], x.amount_pence / 100, x.receipt] for x in paid.expenses(store, event.id)])
    made = Table("Paid", ("Registration id", "Name", "When", "Amount (£)", "How", "Paid by"), [
        [p.registration_id, names.get(p.registration_id, ""), _local(event, p.paid_at), p.amount_pence / 100,
         payments.HOW[p.how], p.paid_by] for p in paid.payments(store, event.id)])
    return [people, claims, made]


_FOOD_NEEDS = [need for need in ACCESS_NEEDS if need.group == FOOD]


@kind("catering", health="the dietary needs and allergies of the people named")
def _catering(store: Store, event: Event) -> list[Table]:
    food = _needs(store, event, food=True)
    dietary = {n.registration_id: n for n in data.notes(store, event.id) if n.dietary}
    people: dict[int, list[data.Need]] = defaultdict(list)
    for need in food:
        people[need.registration_id].append(need)
    counts = Counter(need.code for need in food)
    everyone = checkins_data.expected_count(store, event.id, None)
    with_needs = set(people) | set(dietary)
    meals: list[tuple[str, int]] = [
        ("Everyone confirmed", everyone),
        *[(need.label, counts[need.code]) for need in _FOOD_NEEDS],
        ("Other dietary notes", len(dietary)),
        ("No dietary need given", everyone - len(with_needs))]
    totals = Table("Totals", ("Meals", "People"), meals)
    names = {n.registration_id: n.name for n in food} | {r: n.name for r, n in dietary.items()}
    order = sorted(with_needs, key=lambda r: (names[r].casefold(), r))
    individual = Table("People", ("Registration id", "Name", "Needs", "Allergy", "Dietary notes"), [
        [r, names[r], _joined(NEEDS_BY_CODE[n.code].label for n in people[r]),
         next((n.detail or "yes" for n in people[r] if n.code == "allergy"), None),
         dietary[r].dietary if r in dietary else None] for r in order])
    return [totals, individual]


@kind("access", health="the access needs and access notes of the people named")
def _access(store: Store, event: Event) -> list[Table]:
    needs = _needs(store, event, food=False)
    notes = {n.registration_id: n for n in data.notes(store, event.id) if n.access_notes}
    counts = Counter(need.code for need in needs)
    totals = Table("Totals", ("Need", "Group", "People", "Staff action"), [
        [need.label, need.group, counts[need.code], action_for(need.code, None)]
        for need in ACCESS_NEEDS if counts[need.code]])
    rows: list[list[Cell]] = [
        [n.registration_id, n.name, NEEDS_BY_CODE[n.code].label, action_for(n.code, n.detail), n.detail,
         notes[n.registration_id].access_notes if n.registration_id in notes else None] for n in needs]
    with_needs = {n.registration_id for n in needs}
    rows += [[r, n.name, None, None, None, n.access_notes] for r, n in notes.items() if r not in with_needs]
    rows.sort(key=lambda row: (str(row[1]).casefold(), row[0]))
    staff = Table("For staff", ("Registration id", "Name", "Need", "Staff action", "Detail", "Access notes"),
                  rows)
    return [totals, staff]
