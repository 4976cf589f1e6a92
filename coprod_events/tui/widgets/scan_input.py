"""The desk's scan field: a keyboard-wedge scanner types a code in a burst and presses Enter."""

from __future__ import annotations

from textual import events

from ...core.tickets import MAX_INPUT
from .typing_input import TypingInput


class ScanInput(TypingInput):
    """An Input that never holds more than a code could be.

    A huge paste is not inserted (rendering megabytes would freeze the desk): its start is
    submitted as a scan, which the core refuses as an unknown code and logs, sanitised.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=MAX_INPUT, **kwargs)

    def _on_paste(self, event: events.Paste) -> None:
        if len(event.text) > MAX_INPUT:
            event.stop()
            self.value = ""
            self.post_message(self.Submitted(self, event.text[: MAX_INPUT + 1]))
            return
        super()._on_paste(event)

    def restricted(self) -> None:
        """Typing past the limit: no bell here, the desk's verdict says what happened."""
