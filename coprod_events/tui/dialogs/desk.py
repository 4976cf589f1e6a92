"""The desk's small dialogs: find by name, walk-in, and which door or session."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core import events, people, registrations, roster
from ...core.errors import CoprodError
from ..app import CoprodApp
from ..widgets.typing_input import TypingInput

RESULTS = 10


class FindScreen(ModalScreen[int | None]):
    """Search this event's registrations by name or email; Enter checks the chosen one in."""

    app = getters.app(CoprodApp)

    BINDINGS = [Binding("escape", "dismiss(None)", "Close"),
                Binding("down", "results", "Results", show=False)]

    def __init__(self, event_id: int):
        super().__init__()
        self.event_id = event_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Find by name or email (3+ characters)", classes="dialog-title")
            yield TypingInput(placeholder="e.g. okaf or ada@", id="find-text")
            yield Static("", id="find-hint", classes="muted")
            yield OptionList(id="find-results")

    @on(Input.Changed, "#find-text")
    def search(self, changed: Input.Changed) -> None:
        results = self.query_one("#find-results", OptionList)
        hint = self.query_one("#find-hint", Static)
        results.clear_options()
        typed = changed.value.strip()
        if len(typed.replace('"', "")) < people.MIN_SEARCH:
            hint.update("Type at least 3 characters.")
            return
        try:
            found = roster.roster(self.app.store, self.event_id, text=typed, limit=RESULTS)
        except CoprodError as error:
            hint.update(str(error))
            return
        hint.update(f"{found.total} found" + (f", showing {RESULTS}" if found.total > RESULTS else "")
                    + ". ↓ to choose, Enter to check in.")
        results.add_options(Option(Content(_describe(row)), id=str(row.registration_id))
                            for row in found.rows)
        if found.rows:
            results.highlighted = 0

    @on(Input.Submitted, "#find-text")
    def first(self) -> None:
        results = self.query_one("#find-results", OptionList)
        if results.option_count:
            self.dismiss(_id_of(results.get_option_at_index(results.highlighted or 0)))

    @on(OptionList.OptionSelected, "#find-results")
    def chosen(self, selected: OptionList.OptionSelected) -> None:
        self.dismiss(_id_of(selected.option))

    def action_results(self) -> None:
        self.query_one("#find-results").focus()


def _id_of(option: Option) -> int:
    """The registration or session an option stands for: every option here is made with its id."""
    assert option.id is not None
    return int(option.id)


def _describe(row: roster.RosterRow) -> str:
    marks = [row.status] if row.status != "confirmed" else []
    marks += ["checked in"] if row.checked_in else []
    marks += ["PA"] if row.pa_for_registration_id else []
    extra = f"  ({', '.join(marks)})" if marks else ""
    return f"{row.name}  {row.email or ''}{extra}"


class WalkInScreen(ModalScreen[int | None]):
    """Register someone at the door in a few keystrokes: a name and Enter is enough."""

    app = getters.app(CoprodApp)

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, event_id: int):
        super().__init__()
        self.event_id = event_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Walk-in: register and check in", classes="dialog-title")
            yield Input(placeholder="Full name (required)", id="walk-name")
            yield Input(placeholder="Email (optional)", id="walk-email")
            yield Input(placeholder="Pronouns (optional)", id="walk-pronouns")
            yield Static("Enter registers and checks in. Access needs: edit the registration later, "
                         "with consent.", classes="muted")
            yield Label("", id="walk-error", classes="field-error")
            yield Button("Register and check in", variant="primary", id="walk-go")

    @on(Input.Submitted)
    @on(Button.Pressed, "#walk-go")
    def register(self) -> None:
        value = {field: self.query_one(f"#walk-{field}", Input).value
                 for field in ("name", "email", "pronouns")}
        try:
            result = registrations.register(
                self.app.store, self.event_id, value["name"], email=value["email"] or None,
                pronouns=value["pronouns"] or None)
        except CoprodError as error:
            self.query_one("#walk-error", Label).update(str(error))
            return
        self.dismiss(result.registration.id)


class DoorScreen(ModalScreen[tuple[int | None] | None]):
    """Choose what this desk checks people in to: the event door or one session."""

    app = getters.app(CoprodApp)

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, event_id: int, current: int | None):
        super().__init__()
        self.event_id = event_id
        self.current = current

    def compose(self) -> ComposeResult:
        event = events.get_event(self.app.store, self.event_id)
        options = [Option("Door (whole event)", id="door")] + [
            Option(Content(f"{event.show(s.starts_at)}  {s.title}" + (f" · {s.room}" if s.room else "")
                           + ("  (booking required)" if s.booking_required else "")), id=str(s.id))
            for s in events.list_sessions(self.app.store, self.event_id)]
        with Vertical(classes="dialog"):
            yield Label("This desk checks in to…", classes="dialog-title")
            yield OptionList(*options, id="door-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        wanted = "door" if self.current is None else str(self.current)
        options.highlighted = options.get_option_index(wanted)

    @on(OptionList.OptionSelected)
    def chosen(self, selected: OptionList.OptionSelected) -> None:
        option = selected.option
        self.dismiss((None if option.id == "door" else _id_of(option),))
