"""Reports after and before the day: `attendance`, `summary`. Registered on the main command group."""

from __future__ import annotations

import textwrap
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING

import click

from ..core import dates
from . import Context, command, emit, main

if TYPE_CHECKING:
    from ..core import attendance as attendance_core
    from ..core import summary as summary_core

STATUS_WORDS = {"present": "present", "late": "late", "left_early": "left early", "absent": "absent"}


def _names_line(label: str, names: list[str]) -> list[str]:
    """`label: A; B; C` wrapped at 100 columns, never inside a name."""
    joined = "; ".join(name.replace(" ", "\u00a0") for name in names)
    return [line.replace("\u00a0", " ") for line in textwrap.wrap(
        joined, 100, initial_indent=f"    {label}: ", subsequent_indent="      ",
        break_long_words=False, break_on_hyphens=False)]


def _clock(moment: str | None, tz: str) -> str:
    return dates.show(moment, tz, with_date=False) if moment else ""


def _mark_text(mark: attendance_core.Mark, tz: str) -> str:
    if mark.status == "absent":
        return mark.name
    times = f"in {_clock(mark.arrived_at, tz)}" + (" at the door" if mark.via == "door" else "")
    if mark.left_at:
        times += f", out {_clock(mark.left_at, tz)}"
    return f"{mark.name} ({times})"


def _session_lines(item: attendance_core.SessionAttendance, tz: str) -> list[str]:
    s = item.session
    who = "booked on it or scanned in" if item.counts_booked_only else "everyone confirmed"
    head = (f"  session {s.id}: {s.title}, {dates.show(s.starts_at, tz)}-{_clock(s.ends_at, tz)}"
            + (f", {s.room}" if s.room else "") + f"  ({item.expected} expected: {who})")
    if item.upcoming:
        return [f"{head}  upcoming"]
    counts = ", ".join(f"{item.count(k)} {word}" for k, word in STATUS_WORDS.items())
    lines = [head, f"    {counts}"]
    for status, word in STATUS_WORDS.items():
        marks = [m for m in item.marks if m.status == status]
        if marks:
            lines += _names_line(word, [_mark_text(m, tz) for m in marks])
    return lines


def _day_lines(day: attendance_core.DoorDay, tz: str) -> list[str]:
    shown = dates.day(date.fromisoformat(day.day))
    if day.upcoming:
        return [f"  {shown}: upcoming"]
    came = [a for a in day.arrivals if a.arrived_at]
    straight = sum(1 for a in came if a.via == "session")
    lines = [f"  {shown}{' (today, so far)' if day.today else ''}: "
             f"{len(came)} of {len(day.arrivals)} came"
             + (f" ({straight} straight into a session)" if straight else "")]
    if came:
        lines += _names_line("came", [f"{a.name} ({_clock(a.arrived_at, tz)})" for a in came])
    missing = [a.name for a in day.arrivals if not a.arrived_at]
    if missing:
        lines += _names_line("not come yet" if day.today else "did not come", missing)
    return lines


def _series_line(row: attendance_core.SeriesRow, certificates: bool) -> str:
    def verdict(yes: bool, over: str) -> str:
        return f"{'eligible' if yes else 'not eligible'} {over}"

    tally = f"    {row.name}: attended {row.attended} of {row.held} held, of {row.total} in all"
    if not certificates:
        return tally
    return (f"{tally} ({row.needed} needed): {verdict(row.eligible_so_far, 'so far')}; "
            f"{verdict(row.eligible, 'over the whole course')}")


def attendance_lines(report: attendance_core.Attendance) -> list[str]:
    event, tz = report.event, report.event.tz
    assert report.rule is not None
    lines = [f"{event.title} ({event.kind}): attendance, times in {tz}"]
    if report.days:
        lines.append("Door, by day:")
        for day in report.days:
            lines += _day_lines(day, tz)
    if report.sessions:
        lines.append("Sessions:")
        for item in report.sessions:
            lines += _session_lines(item, tz)
    if report.series and report.sessions:
        lines.append("Course tally (attended of held so far, of all; certificate "
                     f"at {event.certificate_ratio:.0%}):" if event.kind != "conference" else
                     "Sessions per person (of their own: open ones and those booked):")
        lines += [_series_line(row, event.kind != "conference") for row in report.series]
    lines.append("How this was counted:")
    for text in report.rule.text:
        lines += textwrap.wrap(text, 100, initial_indent="  ", subsequent_indent="    ")
    return lines


def attendance_json(report: attendance_core.Attendance) -> dict:
    from ..core import attendance as attendance_core

    return {
        "event": report.event.slug,
        "rule": report.rule,
        "days": [{"day": d.day, "upcoming": d.upcoming, "today": d.today,
                  "expected": len(d.arrivals), "came": d.came, "arrivals": d.arrivals}
                 for d in report.days],
        "sessions": [{**asdict(item.session), "upcoming": item.upcoming, "expected": item.expected,
                      "counts_booked_only": item.counts_booked_only,
                      "counts": {k: item.count(k) for k in attendance_core.STATUSES},
                      "names": {k: item.names(k) for k in attendance_core.STATUSES},
                      "marks": item.marks} for item in report.sessions],
        "series": report.series,
    }


@command(main, "attendance")
@click.argument("event")
def attendance_command(ctx: Context, as_json: bool, event: str) -> None:
    """Door attendance per day, each session's marks with names (the rule said), and the
    course tally with certificate eligibility so far and over the whole course."""
    from ..core import attendance as attendance_core  # imported late: the desk starts without it

    report = attendance_core.attendance(ctx.store, event)
    emit(as_json, attendance_json(report), attendance_lines(report))


def summary_lines(report: summary_core.Summary) -> list[str]:
    event, heads = report.event, report.headcount
    capacity = f" of {event.capacity}" if event.capacity is not None else ""
    lines = [f"{event.title} ({event.kind}): before the event",
             f"  Registered: {heads.confirmed}{capacity} places taken, {heads.pas} PAs or supporters "
             f"with them; {heads.waitlisted} waiting; {heads.cancelled} cancelled."]
    if report.sessions:
        lines.append("Sessions:")
    for line in report.sessions:
        s = line.session
        cap = f" of {s.capacity}" if s.capacity is not None else ""
        booked = (f"{line.places_taken}{cap} booked, {line.people} in the room with PAs, "
                  f"{line.waiting} waiting" if s.booking_required
                  else f"open to all: {line.people} expected{cap and f', room of {s.capacity}'}")
        lines.append(f"  session {s.id}: {s.title}, {dates.show(s.starts_at, event.tz)}"
                     + (f", {s.room}" if s.room else "") + f": {booked}")
    food = report.catering
    lines.append(f"Catering: {food.people} people (PAs included)")
    lines += [f"  {c.label}: {c.count}" for c in food.diets]
    if food.own_notes:
        lines.append(f"  Dietary notes in people's own words: {food.own_notes} "
                     "(see `export --what catering`)")
    lines.append("Access needs:" if report.access else "Access needs: none recorded")
    lines += [f"  {c.label}: {c.count}" + (f"  ({c.action})" if c.action else "")
              for c in report.access]
    lines.append("Warnings:" if report.warnings else "No room capacity warnings.")
    lines += [f"  {warning}" for warning in report.warnings]
    return lines


@command(main, "summary")
@click.argument("event")
def summary_command(ctx: Context, as_json: bool, event: str) -> None:
    """Before the event: registered, waiting, each session, catering totals, access needs by
    kind, PAs and room capacity warnings. Counts only: no names."""
    from ..core import summary as summary_core

    report = summary_core.summary(ctx.store, event)
    emit(as_json, {
        "event": report.event.slug, **asdict(report.headcount),
        "sessions": [{**asdict(line.session), "places_taken": line.places_taken,
                      "people": line.people, "waiting": line.waiting} for line in report.sessions],
        "catering": report.catering, "access": report.access, "warnings": report.warnings,
    }, summary_lines(report))
