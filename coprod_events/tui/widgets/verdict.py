"""The large verdict panel: readable from a step away, never colour alone."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ...core.checkin import Verdict, tone


def headline(verdict: Verdict) -> str:
    """A symbol and a word, so the verdict reads without colour."""
    if verdict.admitted:
        word = "CHECKED OUT" if verdict.direction == "exit" else "ADMITTED"
        return f"✓ {word}" + ("  (staff override)" if verdict.forced else "")
    label = verdict.reason.replace("_", " ").upper()
    return f"! CHECK: {label}" if tone(verdict) == "look" else f"✗ REFUSED: {label}"


class VerdictPanel(Static):
    """Shows the last verdict, the staff actions for the person, and notes when revealed."""

    verdict: reactive[Verdict | None] = reactive(None)
    notes: reactive[tuple[str, ...]] = reactive(())
    idle_text: reactive[str] = reactive("Ready: scan a ticket or type a code, then Enter.")

    def show_idle(self, text: str) -> None:
        """No verdict on show: a line saying what the desk is doing instead."""
        self.verdict, self.notes, self.idle_text = None, (), text

    def watch_verdict(self, verdict: Verdict | None) -> None:
        self.set_classes("verdict " + (tone(verdict) if verdict else "idle"))

    def render(self) -> Text:
        verdict = self.verdict
        if verdict is None:
            return Text(self.idle_text, style="bold")
        text = Text()
        text.append(headline(verdict) + "\n", style="bold")
        if verdict.name:
            text.append(verdict.name + "\n", style="bold")
        text.append(verdict.message + "\n")
        if verdict.room:
            text.append(f"Room: {verdict.room}\n")
        if verdict.attention:
            text.append("Staff actions:\n", style="bold underline")
            for action in verdict.attention:
                text.append(f"  • {action}\n")
        for note in self.notes:
            text.append(f"  Note: {note}\n", style="italic")
        return text
