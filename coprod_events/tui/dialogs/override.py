"""Let someone in over a refusal: staff say why, in a few words, and the check-in keeps it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label

from ...core.checkin import MAX_FORCE_REASON, WAITLISTED, Verdict
from ...core.errors import CoprodError
from ...core.text import clean

SAY_WHY = "Say why, in a few words"


class OverrideScreen(ModalScreen[str | None]):
    """Dismiss with the reason (admit over the verdict), or None (Esc, or the other button).

    Someone on the waiting list (a walk-in at a full event) is let in over capacity, or kept
    where they are; any other refusal is overridden or not.
    """

    CSS_PATH = "override.tcss"

    BINDINGS = [Binding("escape", "dismiss(None)", "No")]

    def __init__(self, verdict: Verdict):
        super().__init__()
        self.verdict = verdict

    def compose(self) -> ComposeResult:
        verdict = self.verdict
        name = verdict.name or "this person"
        waiting = verdict.reason == WAITLISTED
        with Vertical(classes="dialog"):
            yield Label(f"Admit {name} over capacity?" if waiting else f"Admit {name} anyway?",
                        classes="dialog-title", id="override-question", markup=False)
            yield Label(verdict.message, classes="muted", id="override-detail", markup=False)
            yield Input(placeholder="Reason (required), e.g. Speaker's guest", id="override-reason",
                        max_length=MAX_FORCE_REASON)
            yield Label("", id="override-error", classes="field-error", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button("Admit (override)", variant="warning", id="override-yes")
                yield Button("Keep on the waiting list" if waiting else "Don't admit", id="override-no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#override-reason").focus()

    @on(Input.Submitted, "#override-reason")
    @on(Button.Pressed, "#override-yes")
    def admit(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        try:  # cleaned as the core will, so that what it refuses is said here
            reason = clean(self.query_one("#override-reason", Input).value, "reason",
                           limit=MAX_FORCE_REASON)
        except CoprodError as error:
            self._say(str(error))
            return
        if reason:
            self.dismiss(reason)
        else:
            self._say(SAY_WHY)

    def _say(self, problem: str) -> None:
        self.query_one("#override-error", Label).update(problem)
        self.query_one("#override-reason").focus()

    @on(Button.Pressed, "#override-no")
    def keep_out(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
