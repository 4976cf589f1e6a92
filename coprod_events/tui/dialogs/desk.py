"""The desk's small dialogs: find by name, walk-in, and which door or session."""

from __future__ import annotations

from functools import partial

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
from ...core.store import Store
from ..app import CoprodApp
from ..background import UsesCore
from ..widgets.typing_input import TypingInput
from .confirm import ConfirmScreen

RESULTS = 10


class FindScreen(UsesCore, ModalScreen[int | None]):
    """Search this event's registrations by name or email; Enter checks the chosen one in."""

    app = getters.app(CoprodApp)

    BINDINGS = [Binding("escape", "dismiss(None)", "Close"),
                Binding("down", "results", "Results", show=False)]

    def __init__(self, event_id: int):
        super().__init__()
        self.event_id = event_id
        self.shown_for: str | None = None  # the text the results on show were found for
        self.enter_for: str | None = None  # Enter pressed on this text before its results came

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Find by name or email (3+ characters)", classes="dialog-title")
            yield TypingInput(placeholder="e.g. okaf or ada@", id="find-text")
            yield Static("", id="find-hint", classes="muted", markup=False)
            yield OptionList(id="find-results")

    @on(Input.Changed, "#find-text")
    def search(self, changed: Input.Changed) -> None:
        typed = changed.value.strip()
        if len(typed.replace('"', "")) < people.MIN_SEARCH:
            self.shown_for = typed
            self.query_one("#find-results", OptionList).clear_options()
            self.query_one("#find-hint", Static).update("Type at least 3 characters.")
            self.workers.cancel_group(self, "find")  # an answer to longer text is stale now
            return
        self.run_core(roster.roster, self.event_id, text=typed, limit=RESULTS,
                      then=partial(self._show, typed), failed=partial(self._say, typed),
                      group="find", exclusive=True)

    def _say(self, typed: str, error: Exception) -> None:
        self.shown_for = typed
        self.query_one("#find-results", OptionList).clear_options()
        if isinstance(error, CoprodError):
            self.query_one("#find-hint", Static).update(str(error))
        else:
            self.app.report(error)

    def _show(self, typed: str, found: roster.Roster) -> None:
        self.shown_for = typed
        results = self.query_one("#find-results", OptionList)
        hint = self.query_one("#find-hint", Static)
        results.clear_options()
        hint.update(f"{found.total} found" + (f", showing {RESULTS}" if found.total > RESULTS else "")
                    + ". ↓ to choose, Enter to check in.")
        results.add_options(Option(Content(_describe(row)), id=str(row.registration_id))
                            for row in found.rows)
        if found.rows:
            results.highlighted = 0
        if self.enter_for == typed:
            self.first()

    @on(Input.Submitted, "#find-text")
    def first(self) -> None:
        """Check in the highlighted result, once the results on show are for what was typed:
        results for the text before the last keys could be someone else."""
        typed = self.query_one("#find-text", Input).value.strip()
        self.enter_for = None
        if typed != self.shown_for:
            self.enter_for = typed  # done when its results come
            return
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


class WalkInScreen(UsesCore, ModalScreen[int | None]):
    """Register someone at the door in a few keystrokes: a name and Enter is enough."""

    app = getters.app(CoprodApp)

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, event_id: int):
        super().__init__()
        self.event_id = event_id
        self.saving = False  # a registration is on its way: a second Enter must not register twice

    def action_close(self) -> None:
        """Not while a registration is on its way: it will happen, and the person must then be
        checked in too, so the dialog stays until it is done (or refused)."""
        if self.saving:
            self.query_one("#walk-error", Label).update("Registering… (another desk is writing)")
        else:
            self.dismiss(None)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Walk-in: register and check in", classes="dialog-title")
            yield Input(placeholder="Full name (required)", id="walk-name")
            yield Input(placeholder="Email (optional)", id="walk-email")
            yield Input(placeholder="Pronouns (optional)", id="walk-pronouns")
            yield Static("Enter registers and checks in. Access needs: edit the registration later, "
                         "with consent.", classes="muted")
            yield Label("", id="walk-error", classes="field-error", markup=False)
            yield Button("Register and check in", variant="primary", id="walk-go")

    @on(Input.Submitted)
    @on(Button.Pressed, "#walk-go")
    def submitted(self) -> None:
        self.register()

    def register(self, *, same_person: bool = False) -> None:
        """Once at a time, never cancelled: a write cancelled in its worker still happens,
        and the walk-in would be registered again."""
        if self.saving:
            return
        self.saving = True
        value = {field: self.query_one(f"#walk-{field}", Input).value
                 for field in ("name", "email", "pronouns")}
        self.run_core(registrations.register, self.event_id, value["name"],
                      email=value["email"] or None, pronouns=value["pronouns"] or None,
                      same_person=same_person, then=self._registered, failed=self._not_registered,
                      group="walk-in")

    def _registered(self, result: registrations.RegisterResult) -> None:
        self.dismiss(result.registration.id)

    def _not_registered(self, error: Exception) -> None:
        self.saving = False
        if not isinstance(error, CoprodError):
            self.app.report(error)
            return
        self.query_one("#walk-error", Label).update(str(error))
        if isinstance(error, people.DifferentPerson):  # their email, another name: ask

            def answered(yes: bool | None) -> None:
                if yes:
                    self.register(same_person=True)

            self.app.push_screen(ConfirmScreen(
                f"Is this {error.person.name}?", str(error), yes="Same person", no="Check the email"),
                answered)


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
        option = selected.option
        self.dismiss((None if option.id == "door" else _id_of(option),))
