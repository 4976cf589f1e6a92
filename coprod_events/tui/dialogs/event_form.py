"""Forms for an event (create, edit, duplicate) and for one of its sessions.

Every field is read first, and each problem is shown under its own field; only a form with no
problems reaches the core (in a worker: the screen never waits on the database), whose writes
are atomic, so nothing is ever half-saved. A form edits what the screen behind it shows: it is
given the event or session, and reads nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select

from ...core import dates, events, repeats
from ...core.errors import CoprodError
from ...core.store import Store
from ...core.text import plural
from ..app import CoprodApp
from ..background import UsesCore
from .confirm import ConfirmScreen

T = TypeVar("T")
R = TypeVar("R")  # what a form saves and dismisses with: an Event or a Session
FieldWidget = Input | Select | Checkbox  # what a form row holds: each can be drawn compact

DATE_HINT = "UK style, e.g. 3/12/2026 10:00 or 3 Dec 2026 10am."
ENDS_HINT = "Empty: two hours after the start. For a course: when the first session ends."
EVERY_OPTIONS = [("Does not repeat", "once"), *((label, key) for key, label in repeats.EVERY.items()),
                 ("Custom: type an RFC 5545 rule", "custom")]
REPEAT_FIELDS = ("sessions", "last_day", "except_dates", "repeat")
EXCEPT_HINT = "Dates not held, e.g. 24/12/2026, 31/12/2026."
RULE_HINT = "Advanced, kept in step. As in any calendar, its COUNT includes cancelled weeks."
CONFERENCE_NOTE = ("A new day moves its sessions with it (they keep their times of day); "
                   "its hours must hold them.")
EDIT_NOTE = ("Sessions follow the new dates. Ones people booked or were checked into are never "
             "removed without a word.")
CAPACITY_HINT = "Number of places. Leave empty for no limit (PAs and supporters do not take one)."
NOT_A_NUMBER = "Capacity is a whole number of places, e.g. 120. Leave it empty for no limit."


def typed_local(moment: str | datetime, tz: str) -> str:
    """A stored time as someone would type it back: 03/12/2026 10:00."""
    return dates.local(moment, tz).strftime("%d/%m/%Y %H:%M")


def parse_sessions(text: str) -> int | None:
    """A number of sessions as typed ("" is none given)."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise CoprodError(f"Sessions is a whole number, e.g. 6, not {text[:20]!r}.", field="sessions")
    return int(text)


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
    dismisses with what the write returns (None when cancelled). A form that must ask before
    some writes sets `check` in `save()` (run first, in a worker) and answers `question(...)`."""

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
        self.check: Callable[[Store], Any] | None = None

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
                          id=f"row-{name}", classes="field")

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
        self.check = None
        write = self.save()
        if self._problems or write is None:
            self._show_problems()
            return
        self._saving = True
        if self.check is None:
            self._write(write)
        else:
            self.run_core(self.check, then=partial(self._ask, write), failed=self._refused, group="save")

    def question(self, checked: Any) -> tuple[str, str] | None:
        """What `check` found, as a question and its yes-button (None: save without asking)."""
        return None

    def _ask(self, write: Callable[[Store], R], checked: Any) -> None:
        if (asked := self.question(checked)) is None:
            self._write(write)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(write)
            else:
                self._saving = False  # the form stays open with what was typed

        question, yes = asked
        self.app.push_screen(ConfirmScreen(question, yes=yes, no="Back to the form"), answer)

    def _write(self, write: Callable[[Store], R]) -> None:
        self.run_core(write, then=self.saved, failed=self._refused, group="save")

    def saved(self, result: R) -> None:
        self.dismiss(result)

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
    Dismisses with the saved event, or None when cancelled.

    A repeat is chosen (how often, how many sessions held or the last day, cancelled weeks) and
    written as an RFC 5545 rule in an advanced field that stays in step: typing a rule there sets
    the choices when it is one of them, else "custom". What the rule makes is shown as you go.
    """

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
            "edit": EDIT_NOTE if self._repeats_editable else CONFERENCE_NOTE,
            "duplicate": "The copy has the same settings and sessions, and no registrations.",
        }[self.mode]
        self._written_rule = ""  # the rule text the choices last wrote (its echo is not typing)
        self._changes: events.ScheduleChanges | None = None  # what saving does to the sessions
        self._schedule_was = self._stored_schedule(event) if event and not self.duplicate else None

    @property
    def mode(self) -> str:
        if self.event is None:
            return "create"
        return "duplicate" if self.duplicate else "edit"

    @property
    def _repeats_editable(self) -> bool:
        """A conference has its own day and hours; everything else runs as its sessions do."""
        event = self.event
        return event is None or event.kind != "conference" or bool(event.repeat_rule)

    def _zone(self) -> str:
        """The event's time zone, or the one typed so far (the default while it cannot be read)."""
        if self.event is not None:
            return self.event.tz
        try:
            return dates.zone(self.text("tz") or None).key
        except CoprodError:
            return dates.DEFAULT_TZ

    # Fields ---------------------------------------------------------------------------------

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
        if event is None:
            yield self.field("kind", "Kind", Select([(k.capitalize(), k) for k in events.KINDS],
                                                   allow_blank=False, value="conference"))
        yield from self._schedule_fields(event)
        capacity = str(event.capacity) if event and event.capacity is not None else ""
        yield self.field("capacity", "Capacity", Input(capacity, placeholder="no limit"), CAPACITY_HINT)
        yield self.field("venue", "Venue", Input((event.venue or "") if event else "",
                                                 placeholder="e.g. Ash Court Building"))
        if event is None:
            yield self.field("tz", "Time zone", Input(dates.DEFAULT_TZ),
                             "Times are typed and shown in this zone.")

    def _schedule_fields(self, event: events.Event | None) -> ComposeResult:
        starts, ends, every, choice, skipped = "", "", "once", None, ""
        if event is not None:
            first = dates.local(event.starts_at, event.tz)
            starts, ends = typed_local(event.starts_at, event.tz), self._first_end(event)
            cancelled = [date.fromisoformat(d) for d in event.except_dates]
            skipped = ", ".join(f"{d.day}/{d.month}/{d.year}" for d in cancelled)
            if event.repeat_rule:
                choice = repeats.choice_of(event.repeat_rule, first.date(), len(cancelled))
                every = choice.every if choice else "custom"
        course = self._repeats_editable
        yield self.field("starts", "Starts", Input(starts, placeholder="3/12/2026 10:00"),
                         DATE_HINT + (" For a course: its first session." if course else ""))
        yield self.field("ends", "Ends", Input(ends, placeholder="3/12/2026 16:00"), ENDS_HINT)
        if not course:
            return
        yield self.field("every", "Repeats", Select(EVERY_OPTIONS, allow_blank=False, value=every))
        yield self.field("sessions", "Sessions", Input(
            str(choice.sessions) if choice and choice.sessions else "", placeholder="e.g. 6"),
            "How many are held: a cancelled week adds one on.")
        last_day = choice.last_day if choice else None
        yield self.field("last_day", "Or last day", Input(
            f"{last_day.day}/{last_day.month}/{last_day.year}" if last_day else "",
            placeholder="e.g. 24/2/2027"), "Instead of a number: as many as fit by then.")
        yield self.field("except_dates", "Cancelled weeks", Input(
            skipped, placeholder="e.g. 10/2/2027, 17/2/2027"), EXCEPT_HINT)
        yield Horizontal(Label("Makes", classes="field-label"),
                         Label("", id="plan", classes="field-body", markup=False),
                         id="row-plan", classes="field")
        yield self.field("repeat", "RFC 5545 rule", Input(
            (event.repeat_rule or "") if event else "", placeholder="FREQ=WEEKLY;COUNT=6"), RULE_HINT)

    @staticmethod
    def _first_end(event: events.Event) -> str:
        """When the first session ends: a course's last end time on its first day."""
        if not event.repeat_rule:
            return typed_local(event.ends_at, event.tz)
        first = dates.local(event.starts_at, event.tz)
        end = datetime.combine(first.date(), dates.local(event.ends_at, event.tz).time(), first.tzinfo)
        return f"{end:%d/%m/%Y %H:%M}" if end > first else ""

    def on_mount(self) -> None:
        super().on_mount()
        if self.mode != "duplicate":
            self._show_repeat_rows()
            self._show_plan()

    # The repeat, kept in step -----------------------------------------------------------------

    def on_select_changed(self, message: Select.Changed) -> None:
        if message.select.id == "every":
            if message.value == "once":
                self._set("repeat", "")
            self._show_repeat_rows()
            self._write_rule()
        self._show_plan()

    def on_input_changed(self, message: Input.Changed) -> None:
        name = message.input.id
        if name == "repeat":
            self._read_rule()
        elif name in ("starts", "sessions", "last_day", "except_dates"):
            self._write_rule()
        self._show_plan()

    def _every(self) -> str:
        """The repeat chosen: "once", a key of repeats.EVERY, or "custom"."""
        if not self.query("#every"):
            return "once"
        value = self.query_one("#every", Select).value
        return value if isinstance(value, str) else "once"

    def _show_repeat_rows(self) -> None:
        if not self.query("#every"):  # a conference's form: its own day and hours only
            return
        every = self._every()
        for name in ("sessions", "last_day"):
            self.query_one(f"#row-{name}").display = every in repeats.EVERY
        for name in ("except_dates", "repeat", "plan"):
            self.query_one(f"#row-{name}").display = every != "once"

    def _cancelled(self) -> list[date]:
        """The cancelled weeks typed so far that can be read (the rest are said on saving)."""
        found = []
        for text in self._typed_dates():
            with suppress(CoprodError):
                found.append(dates.parse_day(text))
        return sorted(set(found))

    def _typed_dates(self) -> list[str]:
        if not self.query("#except_dates"):  # a conference's form
            return []
        typed = self.text("except_dates").replace(";", ",").split(",")
        return [part.strip() for part in typed if part.strip()]

    def _first_day(self) -> date | None:
        try:
            return dates.parse_when(self.text("starts"), self._zone()).date()
        except CoprodError:
            return None

    def _choice(self) -> repeats.Choice | None:
        """The choice made so far, or None while a part of it cannot be read."""
        every = self._every()
        if every not in repeats.EVERY:
            return None
        try:
            sessions = parse_sessions(self.text("sessions"))
            last_day = self._last_day()
        except CoprodError:
            return None
        return repeats.Choice(every, sessions, last_day)

    def _last_day(self) -> date | None:
        if not self.text("last_day"):
            return None
        try:
            return dates.parse_day(self.text("last_day"))
        except CoprodError as error:
            raise CoprodError(str(error), field="last_day") from error

    def _write_rule(self) -> None:
        """The choices changed: write the rule they make, unless it says so already."""
        choice, first = self._choice(), self._first_day()
        if choice is None or first is None:
            return
        cancelled = len(self._cancelled())
        if repeats.choice_of(self.text("repeat"), first, cancelled) != choice:
            self._written_rule = repeats.rule_for(choice, first, cancelled)
            self._set("repeat", self._written_rule)

    def _read_rule(self) -> None:
        """The rule was typed: show it as the choices, or as "custom"."""
        rule = self.text("repeat")
        if rule == self._written_rule or not rule:  # the choices' own echo, or nothing yet
            return
        first = self._first_day()
        choice = repeats.choice_of(rule, first, len(self._cancelled())) if first else None
        every = choice.every if choice else "custom"
        if self._every() != every:
            self.query_one("#every", Select).value = every
        if choice is not None and choice != self._choice():
            self._written_rule = rule  # the choices that follow write this rule back: no echo
            self._set("sessions", str(choice.sessions or ""))
            last = choice.last_day
            self._set("last_day", f"{last.day}/{last.month}/{last.year}" if last else "")

    def _set(self, name: str, value: str) -> None:
        widget = self.query_one(f"#{name}", Input)
        if widget.value != value:
            widget.value = value

    def _show_plan(self) -> None:
        """What the rule makes, as it stands: the sessions, their dates, the cancelled weeks."""
        if not self.query("#plan") or self._every() == "once":
            return
        label = self.query_one("#plan", Label)
        try:
            starts = dates.parse_when(self.text("starts"), self._zone())
            ends = dates.parse_when(self.text("ends"), self._zone()) if self.text("ends") else None
            rule = self._rule_to_save(starts.date())
            made = repeats.plan(rule, starts, ends or starts + events.DEFAULT_LENGTH, self._cancelled())
        except CoprodError as error:
            label.update(f"Nothing yet: {error}" if str(error) else "Nothing yet.")
            label.set_class(True, "muted")
            return
        label.update(made.summary())
        label.set_class(False, "muted")

    def _rule_to_save(self, first: date) -> str:
        """The rule the choices make (checked), or the one typed when it is custom."""
        every = self._every()
        if every in repeats.EVERY:
            sessions = parse_sessions(self.text("sessions"))
            last_day = self._last_day()
            choice = repeats.Choice(every, sessions, last_day)
            repeats.check_choice(choice, first)
            return repeats.rule_for(choice, first, len(self._cancelled()))
        if not self.text("repeat"):
            raise CoprodError('Type a rule, e.g. "FREQ=WEEKLY;COUNT=6", or choose how often above.',
                              field="repeat")
        return self.text("repeat")

    # Saving ---------------------------------------------------------------------------------

    def save(self) -> Callable[[Store], events.Event] | None:
        event = self.event
        if event is not None and self.duplicate:
            return self._save_duplicate(event)
        title = self.text("title")
        if not title:
            self.problem("title", "An event needs a title.")
        capacity = self.read("capacity", lambda: parse_capacity(self.text("capacity")))
        venue = self.text("venue") or None
        tz = self.read("tz", lambda: dates.zone(self.text("tz") or None).key) if event is None else event.tz
        tz = tz or dates.DEFAULT_TZ
        starts, ends = self.read_span(tz)
        repeat, skipped = self._read_repeat(starts, ends)
        if self._problems or starts is None:
            return None
        if event is not None:  # editing it; the settings the form does not show keep their values
            schedule = None  # unchanged: the sessions are left as they are
            if self._schedule_now() != self._schedule_was:
                schedule = events.Schedule(starts, ends, repeat, tuple(skipped))
                self.check = partial(events.schedule_changes, ref=event.id, schedule=schedule)
            return lambda store: events.update_event(store, event.id, title=title, venue=venue,
                                                     capacity=capacity, schedule=schedule)
        kind = self.query_one("#kind", Select).value
        assert isinstance(kind, str)  # the select has no blank
        return lambda store: events.add_event(store, title, kind=kind, starts=starts, ends=ends,
                                              repeat=repeat, except_dates=skipped, capacity=capacity,
                                              venue=venue, tz=tz)

    def _read_repeat(self, starts: datetime | None, ends: datetime | None) -> tuple[str | None, list[str]]:
        """The rule to save and the cancelled weeks as typed, each problem noted at its field."""
        if self._every() == "once":
            return None, []
        skipped = self._typed_dates()
        for text in skipped:
            self.read("except_dates", partial(dates.parse_day, text))
        if starts is None or "ends" in self._problems:
            return None, skipped
        try:
            rule = self._rule_to_save(starts.date())
            repeats.plan(rule, starts, ends or starts + events.DEFAULT_LENGTH, self._cancelled())
        except CoprodError as error:
            self.problem(error.field if error.field in REPEAT_FIELDS else "repeat", str(error))
            return None, skipped
        return rule, skipped

    @classmethod
    def _stored_schedule(cls, event: events.Event) -> tuple[object, ...]:
        """The event's schedule as it was, in the form `_schedule_now` gives."""
        return (dates.from_db(event.starts_at), cls._first_end(event),
                (event.repeat_rule or "").upper(), set(event.except_dates))

    def _schedule_now(self) -> tuple[object, ...] | None:
        """The schedule the fields say, to compare with the stored one (None: unreadable)."""
        try:
            starts = dates.parse_when(self.text("starts"), self._zone())
        except CoprodError:
            return None
        if self._every() == "once":  # what the hidden fields hold is not saved
            return (starts, self.text("ends"), "", set())
        return (starts, self.text("ends"), self.text("repeat").upper(),
                {d.isoformat() for d in self._cancelled()})

    def question(self, checked: events.ScheduleChanges) -> tuple[str, str] | None:
        """Before sessions are removed, ask, naming them."""
        self._changes = checked
        if not checked.removed or self.event is None:
            return None
        tz = self.event.tz
        removed = "; ".join(f"{s.title} ({dates.show(s.starts_at, tz)})" for s in checked.removed)
        return (f"Remove {plural(len(checked.removed), 'session')}: {removed}? Nobody "
                "booked them or was checked in there.", "Remove and save")

    def saved(self, result: events.Event) -> None:
        if self._changes is not None:
            self.app.notify(self._changes.summary(), title="Sessions")
        super().saved(result)

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
        # A new one starts on the event's (next) day, to be changed as needed.
        starts = events.new_session_start(self.event, self.app.clock())
        yield self.field("starts", "Starts", Input(
            typed_local(session.starts_at if session else starts, tz),
            placeholder="3/12/2026 10:00"), DATE_HINT)
        yield self.field("ends", "Ends", Input(
            typed_local(session.ends_at, tz) if session else "",
            placeholder=typed_local(starts + events.DEFAULT_LENGTH, tz)), "Empty: two hours after the start.")
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
