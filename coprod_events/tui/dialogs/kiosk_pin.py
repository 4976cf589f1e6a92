"""Staff only: the kiosk PIN, asked before a kiosk lets anyone out of it."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from ...core import kiosk_pin
from ...core.errors import Busy
from ...core.text import plural
from ..app import CoprodApp
from ..background import UsesCore

PIN_IDLE_SECONDS = 30.0  # the PIN dialog left open closes itself


class KioskPinScreen(UsesCore, ModalScreen[bool]):
    """Staff only: the kiosk PIN. Wrong tries slow down; left alone, it closes itself."""

    CSS_PATH = "kiosk_pin.tcss"

    app = getters.app(CoprodApp)
    BINDINGS = [Binding("escape", "dismiss(False)", "Back to the kiosk", show=False, priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self._idle: Timer | None = None
        self._countdown: Timer | None = None
        self._note = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box", classes="dialog"):
            yield Label("Staff: unlock the kiosk", classes="dialog-title")
            yield Input(password=True, max_length=12, restrict=r"[0-9]*", placeholder="Kiosk PIN",
                        id="pin")
            yield Static(id="pin-message")

    def on_mount(self) -> None:
        self._restart_idle()
        self._ask_wait()

    @on(Input.Changed, "#pin")
    def _restart_idle(self) -> None:
        if self._idle is not None:
            self._idle.stop()
        self._idle = self.set_timer(PIN_IDLE_SECONDS, self._give_up)

    def _give_up(self) -> None:
        """Left alone: back to the kiosk's welcome."""
        self.dismiss(False)

    @on(Input.Submitted, "#pin")
    def submitted(self, submitted: Input.Submitted) -> None:
        submitted.input.value = ""
        submitted.input.disabled = True  # one try at a time
        self.run_core(kiosk_pin.try_pin, submitted.value, then=self._tried, failed=self._not_tried,
                      group="pin")

    def _tried(self, attempt: kiosk_pin.Attempt) -> None:
        if attempt.ok:
            self.dismiss(True)
            return
        self._note = "That PIN is not right."
        self._wait_or_ready(attempt.wait)

    def _not_tried(self, error: Exception) -> None:
        """The try was not heard (another desk busy, or worse): say so, and take the next."""
        if not isinstance(error, Busy):
            self.app.report(error)
        self._note = "The PIN could not be checked just now."
        self._wait_or_ready(0)

    def _ask_wait(self) -> None:
        self.run_core(kiosk_pin.wait_seconds, then=self._wait_or_ready,
                      failed=lambda _: self._wait_or_ready(0), group="pin-wait", exclusive=True)

    def _wait_or_ready(self, wait: int) -> None:
        """While a wait is on, the field is shut and the message counts down."""
        field = self.query_one("#pin", Input)
        message = self.query_one("#pin-message", Static)
        if wait:
            field.disabled = True
            message.update(f"{self._note} Too many tries. Try again in {plural(wait, 'second')}, "
                           "or lift the wait at a desk (ctrl+p).".lstrip())
            if self._countdown is None:
                self._countdown = self.set_interval(1, self._ask_wait)
            return
        if self._countdown is not None:
            self._countdown.stop()
            self._countdown = None
            self._note = ""
        field.disabled = False
        field.focus()
        message.update(f"{self._note} Type the PIN, then Enter. Esc goes back to the kiosk.".lstrip())
