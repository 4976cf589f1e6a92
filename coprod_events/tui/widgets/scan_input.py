"""The scan field: a keyboard-wedge scanner types a code in a burst and ends it with Enter (or
Tab, a common factory setting, or a line feed: in a terminal CR is Enter and LF is Ctrl+J)."""

from __future__ import annotations

from textual import events

from ...core.tickets import MAX_INPUT
from .typing_input import TypingInput

END_OF_SCAN = ("enter", "tab", "ctrl+j")  # CR LF: the LF ends an empty scan, which is no scan


class ScanInput(TypingInput):
    """An Input that takes each scan the moment it ends, and never holds more than a code could be.

    Enter is taken here, as the key arrives, not through the Input's binding: a binding runs only
    once the key has bubbled up to the app, and by then the field has already taken the next
    code's keys from a burst, so two scans would run together. Tab and LF end a scan too, for
    scanners set to send them. A huge paste is not inserted (rendering megabytes would freeze the
    desk): its start is submitted as a scan, which the core refuses as an unknown code and logs,
    sanitised.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=MAX_INPUT, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        if event.key in END_OF_SCAN:
            event.stop()
            event.prevent_default()
            scanned, self.value = self.value, ""
            if scanned.strip():
                self.post_message(self.Submitted(self, scanned))
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        if len(event.text) > MAX_INPUT:
            event.stop()
            self.value = ""
            self.post_message(self.Submitted(self, event.text[: MAX_INPUT + 1]))
            return
        super()._on_paste(event)

    def restricted(self) -> None:
        """Typing past the limit: no bell here, the desk's verdict says what happened."""
