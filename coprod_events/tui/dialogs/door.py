"""What this desk checks people in to: the event's door or one of its sessions."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...core import events
from ...core.store import Store
from ..app import CoprodApp
from ..background import UsesCore


class DoorScreen(UsesCore, ModalScreen[tuple[int | None] | None]):
    """Choose what this desk checks people in to: the event door or one session."""

    app = getters.app(CoprodApp)

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, event_id: int, current: int | None):
        super().__init__()
        self.event_id = event_id
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("This desk checks in to…", classes="dialog-title")
            yield OptionList(Option("Door (whole event)", id="door"), id="door-options")

    def on_mount(self) -> None:
        def sessions(store: Store) -> tuple[events.Event, list[events.Session]]:
            return events.get_event(store, self.event_id), events.list_sessions(store, self.event_id)

        self.run_core(sessions, then=self._show)

    def _show(self, loaded: tuple[events.Event, list[events.Session]]) -> None:
        event, sessions = loaded
        options = self.query_one(OptionList)
        options.add_options(
            Option(Content(f"{event.show(s.starts_at)}  {s.title}" + (f" · {s.room}" if s.room else "")
                           + ("  (booking required)" if s.booking_required else "")), id=str(s.id))
            for s in sessions)
        # On the desk's own session, else the door (its session may have been cancelled since).
        options.highlighted = next((n for n, s in enumerate(sessions, start=1) if s.id == self.current), 0)

    @on(OptionList.OptionSelected)
    def chosen(self, selected: OptionList.OptionSelected) -> None:
        option = selected.option  # "door", or a session's id
        self.dismiss((None if option.id in (None, "door") else int(option.id),))
