"""Forms for an event (create, edit, duplicate) and for one of its sessions.

Every field is read first, and each problem is shown under its own field; only a form with no
problems reaches the core (in a worker: the screen never waits on the database), whose writes
are atomic, so nothing is ever half-saved. A form edits what the screen behind it shows: it is
given the event or session, and reads nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TypeVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select

from ...core import dates, events
from ...core.errors import CoprodError
from ...core.store import Store
from ..app import CoprodApp
from ..background import UsesCore

T = TypeVar("T")
R = TypeVar("R")  # what a form saves and dismisses with: an Event or a Session
FieldWidget = Input | Select | Checkbox  # what a form row holds: each can be drawn compact

DATE_HINT = "UK style, e.g. 3/12/2026 10:00 or 3 Dec 2026 10am."
REPEAT_HINT = ("For a course, one session per occurrence: FREQ=WEEKLY;COUNT=6 makes six weekly "
               "sessions. Leave empty for a one-off event.")
EXCEPT_HINT = "Dates the course skips, separated by commas, e.g. 24/12/2026, 31/12/2026."
CAPACITY_HINT = "Number of places. Leave empty for no limit (PAs and supporters do not take one)."
NOT_A_NUMBER = "Capacity is a whole number of places, e.g. 120. Leave it empty for no limit."


def typed_local(moment: str, tz: str) -> str:
    """A stored time as someone would type it back: 03/12/2026 10:00."""
    return dates.local(moment, tz).strftime("%d/%m/%Y %H:%M")


def parse_capacity(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not (text.isascii() and text.lstrip("-").isdigit()):
        raise CoprodError(NOT_A_NUMBER)
    if int(text) < 0:
        raise CoprodError("Capacity cannot be negative. Leave it empty for no limit.")
    return int(text)


class FormScreen(UsesCore, ModalScreen[R | None]):
    """A modal form: fields with a hint and an error line each; ctrl+s saves, escape cancels.
    Subclasses set `heading` (and `note`), compose their fields with `field(...)` and implement
    `save()`, which reads fields with `read(...)` and returns the core write to run. The form
    dismisses with what the write returns (None when cancelled)."""

    app = getters.app(CoprodApp)
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    heading = ""
    note = ""

    def __init__(self) -> None:
        super().__init__()
        self._problems: dict[str, str] = {}
        self._saving = False  # a write is on its way: a second ctrl+s must not save twice

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box form-box"):
            yield Label(self.heading, classes="form-heading", markup=False)  # titles as typed
            if self.note:
                yield Label(self.note, classes="form-note muted", markup=False)
            with VerticalScroll(classes="form-fields"):
                yield from self.fields()
            yield Label("", id="form-error", classes="field-error", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def save(self) -> Callable[[Store], R] | None:
        """The write to run, or None when a field has a problem (noted with `read`/`problem`)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        for label in self.query(".field-error"):
            label.display = False
        self.query(Input).first().focus()

    # Fields ---------------------------------------------------------------------------------

    @staticmethod
    def field(name: str, label: str, widget: FieldWidget, hint: str = "") -> Horizontal:
        """One row: the label on the left; the widget (id `name`), its hint and its error
        line (id `name-error`) on the right."""
        widget.id = name
        widget.compact = True
        body: list[Widget] = [widget]
        if hint:
            body.append(Label(hint, classes="field-hint muted"))
        body.append(Label("", id=f"{name}-error", classes="field-error", markup=False))
        return Horizontal(Label(label, classes="field-label"), Vertical(*body, classes="field-body"),
                          classes="field")

    def text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def read(self, name: str, parse: Callable[[], T]) -> T | None:
        """parse(), or None with its message noted against the field."""
        try:
            return parse()
        except CoprodError as error:
            self._problems.setdefault(name, str(error))
            return None

    def read_span(self, tz: str) -> tuple[datetime | None, datetime | None]:
        """The "starts" and "ends" fields in zone tz (ends may be empty: None)."""
        starts = self.read("starts", lambda: dates.parse_when(self.text("starts"), tz))
        ends = None
        if self.text("ends"):
            ends = self.read("ends", lambda: dates.parse_when(self.text("ends"), tz))
        if starts and ends:
            self.read("ends", lambda: dates.check_span(starts, ends))
        return starts, ends

    def problem(self, name: str, message: str) -> None:
        self._problems.setdefault(name, message)

    # Saving ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._saving:
            return
        self._problems = {}
        self._show_problems()
        write = self.save()
        if self._problems or write is None:
            self._show_problems()
            return
        self._saving = True
        self.run_core(write, then=self.dismiss, failed=self._refused, group="save")

    def _refused(self, error: Exception) -> None:
        """The core said no: at the field it names, where this form has it; else above the
        buttons. The form stays open with what was typed."""
        self._saving = False
        if not isinstance(error, CoprodError):
            self.app.report(error)
            return
        field = error.field if error.field and self.query(f"#{error.field}") else "form"
        self._problems = {field: str(error)}
        self._show_problems()

    def _show_problems(self) -> None:
        for label in self.query(".field-error").results(Label):
            name = (label.id or "").removesuffix("-error")
            message = self._problems.get(name, "")
            label.update(message)
            label.display = bool(message)
        if self._problems:
            first = next(iter(self._problems))
            if first != "form" and (widgets := self.query(f"#{first}")):
                widget = widgets.first()
                widget.focus(scroll_visible=False)
                row = widget.query_ancestor(".field", Horizontal)
                self.call_after_refresh(row.scroll_visible, top=True, animate=False)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field, as on a paper form; ctrl+s saves."""
        event.stop()
        self.focus_next()


class EventFormScreen(FormScreen[events.Event]):
    """Create an event, edit one (`event`), or duplicate one (`event`, duplicate=True).
    Dismisses with the saved event, or None when cancelled."""

    def __init__(self, event: events.Event | None = None, *, duplicate: bool = False):
        super().__init__()
        self.event = event
        self.duplicate = duplicate and event is not None
        self.heading = {
            "create": "New event",
            "edit": f"Edit: {event.title}" if event else "",
            "duplicate": f"Duplicate: {event.title}" if event else "",
        }[self.mode]
        self.note = {
            "create": "",
            "edit": "Dates are edited on the event's sessions: open the event, Sessions tab.",
            "duplicate": "The copy has the same settings and sessions, and no registrations.",
        }[self.mode]

    @property
    def mode(self) -> str:
        if self.event is None:
            return "create"
        return "duplicate" if self.duplicate else "edit"

    def fields(self) -> ComposeResult:
        event = self.event
        if event is not None and self.duplicate:
            yield self.field("title", "New title", Input(event.title),
                             "For example with the new year or cohort.")
            yield self.field("first_day", "New first day", Input(placeholder="e.g. 3/12/2027"),
                             f"Was {event.show(event.starts_at)}. Every session moves by the same "
                             "number of days and keeps its time of day.")
            return
        yield self.field("title", "Title", Input(event.title if event else "",
                                                 placeholder="e.g. Co-producing Change 2027"))
        if self.mode == "create":
            yield self.field("kind", "Kind", Select([(k.capitalize(), k) for k in events.KINDS],
                                                   allow_blank=False, value="conference"))
            yield self.field("starts", "Starts", Input(placeholder="3/12/2026 10:00"), DATE_HINT)
            yield self.field("ends", "Ends", Input(placeholder="3/12/2026 16:00"),
                             "Empty: two hours after the start. For a course: when the first "
                             "session ends.")
            yield self.field("repeat", "Repeat rule", Input(placeholder="FREQ=WEEKLY;COUNT=6"),
                             REPEAT_HINT)
            yield self.field("except_dates", "Cancelled weeks", Input(placeholder="24/12/2026, 31/12/2026"),
                             EXCEPT_HINT)
        capacity = str(event.capacity) if event and event.capacity is not None else ""
        yield self.field("capacity", "Capacity", Input(capacity, placeholder="no limit"), CAPACITY_HINT)
        yield self.field("venue", "Venue", Input((event.venue or "") if event else "",
                                                 placeholder="e.g. Ash Court Building"))
        if self.mode == "create":
            yield self.field("tz", "Time zone", Input(dates.DEFAULT_TZ),
                             "Times are typed and shown in this zone.")

    def save(self) -> Callable[[Store], events.Event] | None:
        event = self.event
        if event is not None and self.duplicate:
            return self._save_duplicate(event)
        title = self.text("title")
        if not title:
            self.problem("title", "An event needs a title.")
        capacity = self.read("capacity", lambda: parse_capacity(self.text("capacity")))
        venue = self.text("venue") or None
        if event is not None:  # editing it; the settings the form does not show keep their values
            if self._problems:
                return None
            return lambda store: events.update_event(store, event.id, title=title, venue=venue,
                                                     capacity=capacity)
        tz = self.read("tz", lambda: dates.zone(self.text("tz") or None).key) or dates.DEFAULT_TZ
        starts, ends = self.read_span(tz)
        repeat = self.text("repeat") or None
        if repeat and starts and "ends" not in self._problems:
            end = ends or starts + events.DEFAULT_LENGTH
            self.read("repeat", lambda: dates.expand_repeat(repeat, starts, end))
        typed = self.text("except_dates").replace(";", ",").split(",")
        skipped = [part.strip() for part in typed if part.strip()]
        for text in skipped:
            self.read("except_dates", partial(dates.parse_day, text))
        if self._problems or starts is None:
            return None
        kind = self.query_one("#kind", Select).value
        assert isinstance(kind, str)  # the select has no blank
        return lambda store: events.add_event(store, title, kind=kind, starts=starts, ends=ends,
                                              repeat=repeat, except_dates=skipped, capacity=capacity,
                                              venue=venue, tz=tz)

    def _save_duplicate(self, event: events.Event) -> Callable[[Store], events.Event] | None:
        title = self.text("title")
        if not title:
            self.problem("title", "The copy needs a title.")
        day = self.read("first_day", lambda: dates.parse_day(self.text("first_day")))
        if self._problems or day is None:
            return None
        first = dates.local(event.starts_at, event.tz)
        starts = datetime.combine(day, first.time().replace(tzinfo=None), dates.zone(event.tz))
        return lambda store: events.duplicate_event(store, event.id, title=title, starts=starts)


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
        yield self.field("title", "Title", Input(session.title if session else "",
                                                 placeholder="e.g. Workshop A: Peer support"))
        yield self.field("starts", "Starts", Input(typed_local(session.starts_at, tz) if session else "",
                                                   placeholder="3/12/2026 10:00"), DATE_HINT)
        yield self.field("ends", "Ends", Input(typed_local(session.ends_at, tz) if session else "",
                                               placeholder="3/12/2026 11:30"),
                         "Empty: two hours after the start.")
        yield self.field("room", "Room", Input((session.room or "") if session else "",
                                               placeholder="e.g. Great Hall"))
        capacity = str(session.capacity) if session and session.capacity is not None else ""
        yield self.field("capacity", "Capacity", Input(capacity, placeholder="no limit"),
                         "Places in the room. Leave empty for no limit.")
        yield self.field("booking_required", "Booking", Checkbox(
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
