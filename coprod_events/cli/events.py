"""`coprod-events event ...` and `session ...`: events (a conference, a course that repeats)
and their sessions."""

from __future__ import annotations

from dataclasses import asdict

import click

from ..core import dates, events
from . import Context, command, emit, main

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
