"""The form for an event: create one, edit one, or duplicate one.

A course's repeat is chosen in its own widget (widgets/repeat_fields.py), which follows the
Starts and Ends typed here; a conference has its own day and hours, and no repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from textual.app import ComposeResult
from textual.widgets import Input, Select

from ...core import dates, events
from ...core.errors import CoprodError
from ...core.store import Store
from ...core.text import plural
from ..widgets.field_row import field_row
from ..widgets.repeat_fields import RepeatFields
from .form import DATE_HINT, FormScreen, parse_capacity, typed_local

ENDS_HINT = "Empty: two hours after the start. For a course: when the first session ends."
CONFERENCE_NOTE = ("A new day moves its sessions with it (they keep their times of day); "
                   "its hours must hold them.")
EDIT_NOTE = ("Sessions follow the new dates. Ones people booked or were checked into are never "
             "removed without a word.")
CAPACITY_HINT = "Number of places. Leave empty for no limit (PAs and supporters do not take one)."


class EventFormScreen(FormScreen[events.Event]):
    """Create an event, edit one (`event`), or duplicate one (`event`, duplicate=True).
    Dismisses with the saved event, or None when cancelled. A course's repeat is chosen in a
    RepeatFields, told the Starts, Ends and time zone typed here as they change.
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
            yield field_row("title", "New title", Input(event.title),
                            "For example with the new year or cohort.")
            yield field_row("first_day", "New first day", Input(placeholder="e.g. 3/12/2027"),
                            f"Was {event.show(event.starts_at)}. Every session moves by the same "
                            "number of days and keeps its time of day.")
            return
        yield field_row("title", "Title", Input(event.title if event else "",
                                                placeholder="e.g. Co-producing Change 2027"))
        if event is None:
            yield field_row("kind", "Kind", Select([(k.capitalize(), k) for k in events.KINDS],
                                                  allow_blank=False, value="conference"))
        yield from self._schedule_fields(event)
        capacity = str(event.capacity) if event and event.capacity is not None else ""
        yield field_row("capacity", "Capacity", Input(capacity, placeholder="no limit"), CAPACITY_HINT)
        yield field_row("venue", "Venue", Input((event.venue or "") if event else "",
                                                placeholder="e.g. Ash Court Building"))
        if event is None:
            yield field_row("tz", "Time zone", Input(dates.DEFAULT_TZ),
                            "Times are typed and shown in this zone.")

    def _schedule_fields(self, event: events.Event | None) -> ComposeResult:
        starts = typed_local(event.starts_at, event.tz) if event else ""
        ends = self._first_end(event) if event else ""
        course = self._repeats_editable
        yield field_row("starts", "Starts", Input(starts, placeholder="3/12/2026 10:00"),
                        DATE_HINT + (" For a course: its first session." if course else ""))
        yield field_row("ends", "Ends", Input(ends, placeholder="3/12/2026 16:00"), ENDS_HINT)
        if not course:
            return
        if event is None:
            yield RepeatFields(starts=starts, ends=ends, tz=dates.DEFAULT_TZ)
        else:
            yield RepeatFields(event.repeat_rule or "", [date.fromisoformat(d) for d in event.except_dates],
                               starts=starts, ends=ends, tz=event.tz)

    @staticmethod
    def _first_end(event: events.Event) -> str:
        """When the first session ends: a course's last end time on its first day."""
        if not event.repeat_rule:
            return typed_local(event.ends_at, event.tz)
        first = dates.local(event.starts_at, event.tz)
        end = datetime.combine(first.date(), dates.local(event.ends_at, event.tz).time(), first.tzinfo)
        return typed_local(end, event.tz) if end > first else ""

    def _repeat(self) -> RepeatFields | None:
        """The repeat's fields; None on a conference's form and a duplicate's."""
        found = self.query(RepeatFields)
        return found.first() if found else None

    def on_input_changed(self, message: Input.Changed) -> None:
        """The repeat follows the span typed: its first day, and the times of what it makes."""
        if message.input.id in ("starts", "ends", "tz") and (repeat := self._repeat()):
            repeat.starts, repeat.ends, repeat.tz = self.text("starts"), self.text("ends"), self._zone()

    # Saving ---------------------------------------------------------------------------------

    def save(self) -> Callable[[Store], events.Event] | None:
        event = self.event
        self._changes = None  # a question asked before, then left with "Back", is no longer news
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
        repeat = self._repeat()
        if repeat is None or repeat.every == "once":
            return None, []
        skipped = repeat.typed_dates()
        for text in skipped:
            self.read("except_dates", partial(dates.parse_day, text))
        if starts is None or "ends" in self._problems:
            return None, skipped
        try:
            return repeat.rule(starts, ends), skipped
        except CoprodError as error:
            self.problem(error.field or "repeat", str(error))
            return None, skipped

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
        repeat = self._repeat()
        if repeat is None or repeat.every == "once":  # what the hidden fields hold is not saved
            return (starts, self.text("ends"), "", set())
        return (starts, self.text("ends"), repeat.typed_rule.upper(),
                {d.isoformat() for d in repeat.cancelled()})

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
