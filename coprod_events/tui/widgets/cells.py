"""How events and registrations read in a table's cells and headings: shared by the events list
and the event screen's tabs."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from ...core import dates, events

ROLE_SHORT = {
    "expert_by_experience": "Expert by exp.", "carer": "Carer", "peer_worker": "Peer worker",
    "lived_experience_researcher": "LE researcher", "professional": "Professional",
    "academic": "Academic", "student": "Student", "community": "Community", "speaker": "Speaker",
    "pa_supporter": "PA/supporter", "staff": "Staff",
}


def fit(text: str | None, width: int) -> str:
    """Cut to `width` terminal cells with an ellipsis, so that a cell never wraps (a CJK
    character takes two cells)."""
    text = text or ""
    return text if cell_len(text) <= width else set_cell_size(text, max(width - 1, 0)) + "…"


def padded(text: str | None, width: int, *, right: bool = False) -> str:
    """Cut as `fit` does, then filled with spaces to exactly `width` cells (on the left if `right`)."""
    text = fit(text, width)
    fill = " " * (width - cell_len(text))
    return fill + text if right else text + fill


def short_roles(codes: tuple[str, ...]) -> str:
    """Roles in a few words each, for a narrow column."""
    return ", ".join(ROLE_SHORT.get(code, code) for code in codes)


def places(confirmed: int, capacity: int | None) -> str:
    return f"{confirmed:,} / {capacity:,}" if capacity is not None else f"{confirmed:,}"


def day_span(event: events.Event) -> str:
    """"Thu 3 Dec 2026", or "3 Nov – 15 Dec 2026" for an event over several days."""
    start, end = dates.local(event.starts_at, event.tz), dates.local(event.ends_at, event.tz)
    if start.date() == end.date():
        return f"{start:%a} {start.day} {start:%b %Y}"
    first = f"{start.day} {start:%b}" + ("" if start.year == end.year else f" {start.year}")
    return f"{first} – {end.day} {end:%b %Y}"


def time_span(event: events.Event) -> str:
    """"09:00–17:00" in the event's own zone."""
    return f"{event.show(event.starts_at, with_date=False)}–{event.show(event.ends_at, with_date=False)}"


def full_span(event: events.Event) -> str:
    """"Thu 3 Dec 2026 09:00–17:00", or both ends in full when it spans several days."""
    start, end = dates.local(event.starts_at, event.tz), dates.local(event.ends_at, event.tz)
    if start.date() == end.date():
        return f"{event.show(event.starts_at)}–{event.show(event.ends_at, with_date=False)}"
    return f"{event.show(event.starts_at)} – {event.show(event.ends_at)}"
