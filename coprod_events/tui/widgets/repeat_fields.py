"""How an event repeats, chosen rather than typed, on the event form.

How often, how many sessions are held or the last day, and the cancelled weeks are chosen, and
written as an RFC 5545 rule in an advanced field that stays in step: typing a rule there sets
the choices when it is one of them, else "custom". What the rule makes is shown as you go.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from datetime import date, datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalGroup
from textual.reactive import reactive
from textual.widgets import Input, Label, Select

from ...core import dates, events, repeats
from ...core.errors import CoprodError
from .field_row import field_row

EVERY_OPTIONS = [("Does not repeat", "once"), *((label, key) for key, label in repeats.EVERY.items()),
                 ("Custom: type an RFC 5545 rule", "custom")]
REPEAT_FIELDS = ("sessions", "last_day", "except_dates", "repeat")
EXCEPT_HINT = "Dates not held, e.g. 24/12/2026, 31/12/2026."
RULE_HINT = "Advanced, kept in step. As in any calendar, its COUNT includes cancelled weeks."


def parse_sessions(text: str) -> int | None:
    """A number of sessions as typed ("" is none given)."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise CoprodError(f"Sessions is a whole number, e.g. 6, not {text[:20]!r}.", field="sessions")
    return int(text)


def typed_day(day: date) -> str:
    """A day as someone would type it: 24/2/2027."""
    return f"{day.day}/{day.month}/{day.year}"


class RepeatFields(VerticalGroup):
    """The repeat's rows of the event form: how often ("every"), the sessions held or the last
    day, the cancelled weeks, what the rule makes ("plan") and the rule ("repeat").

    The form keeps `starts`, `ends` (its fields as typed) and `tz` up to date: the rule counts
    from the first day, and the plan shows the sessions' times. On saving, the form reads
    `every`, `typed_rule`, `typed_dates()`, `cancelled()` and `rule(...)`.
    """

    starts: reactive[str] = reactive("", init=False)
    ends: reactive[str] = reactive("", init=False)
    tz: reactive[str] = reactive(dates.DEFAULT_TZ, init=False)

    def __init__(self, rule: str = "", cancelled: Sequence[date] = (), *,
                 starts: str, ends: str, tz: str) -> None:
        """`rule` and `cancelled`: the event's stored repeat (nothing for a new event)."""
        super().__init__()
        self._stored_rule, self._stored_cancelled = rule, list(cancelled)
        self.set_reactive(RepeatFields.starts, starts)
        self.set_reactive(RepeatFields.ends, ends)
        self.set_reactive(RepeatFields.tz, tz)
        self._written_rule = ""  # the rule text the choices last wrote (its echo is not typing)

    def compose(self) -> ComposeResult:
        every, choice, first = "once", None, self._first_day()
        if self._stored_rule and first is not None:
            choice = repeats.choice_of(self._stored_rule, first, len(self._stored_cancelled))
            every = choice.every if choice else "custom"
        yield field_row("every", "Repeats", Select(EVERY_OPTIONS, allow_blank=False, value=every))
        yield field_row("sessions", "Sessions", Input(
            str(choice.sessions) if choice and choice.sessions else "", placeholder="e.g. 6"),
            "How many are held: a cancelled week adds one on.")
        last_day = choice.last_day if choice else None
        yield field_row("last_day", "Or last day", Input(
            typed_day(last_day) if last_day else "", placeholder="e.g. 24/2/2027"),
            "Instead of a number: as many as fit by then.")
        yield field_row("except_dates", "Cancelled weeks", Input(
            ", ".join(typed_day(d) for d in self._stored_cancelled),
            placeholder="e.g. 10/2/2027, 17/2/2027"), EXCEPT_HINT)
        yield Horizontal(Label("Makes", classes="field-label"),
                         Label("", id="plan", classes="field-body", markup=False),
                         id="row-plan", classes="field")
        yield field_row("repeat", "RFC 5545 rule",
                        Input(self._stored_rule, placeholder="FREQ=WEEKLY;COUNT=6"), RULE_HINT)

    def on_mount(self) -> None:
        self._show_repeat_rows()
        self._show_plan()

    # What the form reads ----------------------------------------------------------------------

    @property
    def every(self) -> str:
        """The repeat chosen: "once", a key of repeats.EVERY, or "custom"."""
        value = self.query_one("#every", Select).value
        return value if isinstance(value, str) else "once"

    @property
    def typed_rule(self) -> str:
        return self._text("repeat")

    def typed_dates(self) -> list[str]:
        """The cancelled weeks as typed, one string a date."""
        typed = self._text("except_dates").replace(";", ",").split(",")
        return [part.strip() for part in typed if part.strip()]

    def cancelled(self) -> list[date]:
        """The cancelled weeks typed so far that can be read (the rest are said on saving)."""
        found = []
        for text in self.typed_dates():
            with suppress(CoprodError):
                found.append(dates.parse_day(text))
        return sorted(set(found))

    def rule(self, starts: datetime, ends: datetime | None) -> str:
        """The rule to save, checked by planning it from `starts` to `ends`. A problem is raised
        with the field it is about: one of REPEAT_FIELDS ("repeat" when the rule as a whole)."""
        try:
            rule = self._rule_to_save(starts.date())
            repeats.plan(rule, starts, ends or starts + events.DEFAULT_LENGTH, self.cancelled())
        except CoprodError as error:
            if error.field in REPEAT_FIELDS:
                raise
            raise CoprodError(str(error), field="repeat") from error
        return rule

    # Kept in step -----------------------------------------------------------------------------

    def watch_starts(self) -> None:
        self._write_rule()  # the rule counts from the first day
        self._show_plan()

    def watch_ends(self) -> None:
        self._show_plan()

    def watch_tz(self) -> None:
        self._show_plan()

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
        elif name in ("sessions", "last_day", "except_dates"):
            self._write_rule()
        self._show_plan()

    def _text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _set(self, name: str, value: str) -> None:
        widget = self.query_one(f"#{name}", Input)
        if widget.value != value:
            widget.value = value

    def _show_repeat_rows(self) -> None:
        every = self.every
        for name in ("sessions", "last_day"):
            self.query_one(f"#row-{name}").display = every in repeats.EVERY
        for name in ("except_dates", "repeat", "plan"):
            self.query_one(f"#row-{name}").display = every != "once"

    def _first_day(self) -> date | None:
        try:
            return dates.parse_when(self.starts, self.tz).date()
        except CoprodError:
            return None

    def _choice(self) -> repeats.Choice | None:
        """The choice made so far, or None while a part of it cannot be read."""
        every = self.every
        if every not in repeats.EVERY:
            return None
        try:
            sessions = parse_sessions(self._text("sessions"))
            last_day = self._last_day()
        except CoprodError:
            return None
        return repeats.Choice(every, sessions, last_day)

    def _last_day(self) -> date | None:
        if not self._text("last_day"):
            return None
        try:
            return dates.parse_day(self._text("last_day"))
        except CoprodError as error:
            raise CoprodError(str(error), field="last_day") from error

    def _write_rule(self) -> None:
        """The choices changed: write the rule they make, unless it says so already."""
        choice, first = self._choice(), self._first_day()
        if choice is None or first is None:
            return
        cancelled = len(self.cancelled())
        if repeats.choice_of(self._text("repeat"), first, cancelled) != choice:
            self._written_rule = repeats.rule_for(choice, first, cancelled)
            self._set("repeat", self._written_rule)

    def _read_rule(self) -> None:
        """The rule was typed: show it as the choices, or as "custom"."""
        rule = self._text("repeat")
        if rule == self._written_rule or not rule:  # the choices' own echo, or nothing yet
            return
        first = self._first_day()
        choice = repeats.choice_of(rule, first, len(self.cancelled())) if first else None
        every = choice.every if choice else "custom"
        if self.every != every:
            self.query_one("#every", Select).value = every
        if choice is not None and choice != self._choice():
            self._written_rule = rule  # the choices that follow write this rule back: no echo
            self._set("sessions", str(choice.sessions or ""))
            last = choice.last_day
            self._set("last_day", typed_day(last) if last else "")

    def _show_plan(self) -> None:
        """What the rule makes, as it stands: the sessions, their dates, the cancelled weeks."""
        if self.every == "once":
            return
        label = self.query_one("#plan", Label)
        try:
            starts = dates.parse_when(self.starts, self.tz)
            ends = dates.parse_when(self.ends, self.tz) if self.ends else None
            rule = self._rule_to_save(starts.date())
            made = repeats.plan(rule, starts, ends or starts + events.DEFAULT_LENGTH, self.cancelled())
        except CoprodError as error:
            label.update(f"Nothing yet: {error}" if str(error) else "Nothing yet.")
            label.set_class(True, "muted")
            return
        label.update(made.summary())
        label.set_class(False, "muted")

    def _rule_to_save(self, first: date) -> str:
        """The rule the choices make (checked), or the one typed when it is custom."""
        every = self.every
        if every in repeats.EVERY:
            choice = repeats.Choice(every, parse_sessions(self._text("sessions")), self._last_day())
            repeats.check_choice(choice, first)
            return repeats.rule_for(choice, first, len(self.cancelled()))
        if not self._text("repeat"):
            raise CoprodError('Type a rule, e.g. "FREQ=WEEKLY;COUNT=6", or choose how often above.',
                              field="repeat")
        return self._text("repeat")
