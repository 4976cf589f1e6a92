"""Register someone at the door in a few keystrokes, and check them in."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...core import people, registrations
from ...core.errors import CoprodError
from ..app import CoprodApp
from ..background import UsesCore
from .confirm import ConfirmScreen


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
