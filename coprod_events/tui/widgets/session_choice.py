"""The sessions a registration books, ticked in a list."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import VerticalGroup
from textual.content import Content
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from ...core import events
from .form_parts import Checklist, heading, hidden, tick_exactly


class SessionChoice(VerticalGroup):
    """The event's sessions, each with its time, title and room (or a line saying it has none)."""

    def compose(self) -> ComposeResult:
        yield heading("Sessions", "tick each one they are coming to")
        yield Checklist[int](id="sessions")
        yield hidden(Static("This event has no sessions to choose.", id="reg-no-sessions", classes="muted"))

    def offer(self, event: events.Event, sessions: list[events.Session]) -> None:
        """Time, title and room of each session (the date too when they span several days):
        the time first, so a narrow terminal cuts the room rather than the time."""
        multi_day = events.several_days(event, sessions)
        options = []
        for session in sessions:
            when = (f"{event.show(session.starts_at, with_date=multi_day)}"
                    f"–{event.show(session.ends_at, with_date=False)}")
            label = " · ".join(part for part in (when, session.title, session.room) if part)
            options.append(Selection(Content(label), session.id))
        self._list.add_options(options)
        self._list.display = bool(sessions)
        self.query_one("#reg-no-sessions").display = not sessions

    @property
    def chosen(self) -> list[int]:
        return self._list.selected

    def tick(self, session_ids: Iterable[int]) -> None:
        """Tick exactly these sessions."""
        tick_exactly(self._list, session_ids)

    @property
    def _list(self) -> SelectionList[int]:
        return self.query_one("#sessions", SelectionList)
