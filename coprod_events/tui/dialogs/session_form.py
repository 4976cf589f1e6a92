"""The form for one session of an event: add one, or edit one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input

from ...core import events
from ...core.store import Store
from ..widgets.field_row import field_row
from .form import DATE_HINT, FormScreen, parse_capacity, typed_local


class SessionFormScreen(FormScreen[events.Session]):
    """Add a session to an event, or edit one (`session`). Dismisses with the saved session,
    or None when cancelled."""

    def __init__(self, event: events.Event, session: events.Session | None = None):
        super().__init__()
        self.event = event
        self.session = session
        self.heading = f"Edit session: {session.title}" if session else "New session"
        self.note = f"{event.title} (times in {event.tz})"

    def fields(self) -> ComposeResult:
        session, tz = self.session, self.event.tz
        yield field_row("title", "Title", Input(session.title if session else "",
                                                placeholder="e.g. Workshop A: Peer support"))
        # A new one starts on the event's (next) day, to be changed as needed.
        starts = events.new_session_start(self.event, self.app.clock())
        yield field_row("starts", "Starts", Input(
            typed_local(session.starts_at if session else starts, tz),
            placeholder="3/12/2026 10:00"), DATE_HINT)
        yield field_row("ends", "Ends", Input(
            typed_local(session.ends_at, tz) if session else "",
            placeholder=typed_local(starts + events.DEFAULT_LENGTH, tz)), "Empty: two hours after the start.")
        yield field_row("room", "Room", Input((session.room or "") if session else "",
                                              placeholder="e.g. Great Hall"))
        capacity = str(session.capacity) if session and session.capacity is not None else ""
        yield field_row("capacity", "Capacity", Input(capacity, placeholder="no limit"),
                        "Places in the room. Leave empty for no limit.")
        yield field_row("booking_required", "Booking", Checkbox(
            "Required: only people booked on it may enter",
            session.booking_required if session else False))

    def save(self) -> Callable[[Store], events.Session] | None:
        tz = self.event.tz
        title = self.text("title")
        if not title:
            self.problem("title", "A session needs a title.")
        starts, ends = self.read_span(tz)
        capacity = self.read("capacity", lambda: parse_capacity(self.text("capacity")))
        if self._problems or starts is None:
            return None
        write: Callable[..., events.Session] = (partial(events.update_session, session_id=self.session.id)
                                                if self.session else events.add_session)
        event_id, room = self.event.id, self.text("room") or None
        booking_required = self.query_one("#booking_required", Checkbox).value
        return lambda store: write(store, event_id, title=title, starts=starts, ends=ends, room=room,
                                   capacity=capacity, booking_required=booking_required)
