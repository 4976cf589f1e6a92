"""A yes/no question before anything that cannot simply be taken back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label


class ConfirmScreen(ModalScreen[bool]):
    """Ask a question; dismiss with True (y, or Enter) or False (n, escape; Enter too when
    `enter=False`)."""

    CSS_PATH = "confirm.tcss"

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes", no: str = "Cancel",
                 *, enter: bool = True):
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no
        self.enter = enter  # what Enter answers: No for what can never be undone (only y does it)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="modal-box"):
            yield Label(self.question, id="confirm-question", markup=False)
            if self.detail:
                yield Label(self.detail, id="confirm-detail", classes="muted", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="confirm-yes")
                yield Button(f"{self.no} (n)", id="confirm-no")
        yield Footer()

    def on_mount(self) -> None:
        # Enter presses the focused button, before the screen's binding sees it.
        self.query_one("#confirm-yes" if self.enter else "#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def leave_unsaved() -> ConfirmScreen:
    """Asked before Esc closes a form with changes not saved (yes: leave, losing them)."""
    return ConfirmScreen("Leave without saving?", "What was typed or changed here is not saved.",
                         yes="Leave without saving", no="Keep editing")
