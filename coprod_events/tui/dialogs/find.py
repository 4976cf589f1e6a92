"""Find someone at the desk by name or email, and check them in."""

from __future__ import annotations

from functools import partial

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core import people, roster
from ...core.errors import CoprodError
from ..app import CoprodApp
from ..background import UsesCore
from ..widgets.typing_input import TypingInput

RESULTS = 10


class FindScreen(UsesCore, ModalScreen[int | None]):
    """Search this event's registrations by name or email; Enter checks the chosen one in."""

    CSS_PATH = "find.tcss"

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
    """The registration an option stands for: every option here is made with its id."""
    assert option.id is not None
    return int(option.id)


def _describe(row: roster.RosterRow) -> str:
    marks = [row.status] if row.status != "confirmed" else []
    marks += ["checked in"] if row.checked_in else []
    marks += ["PA"] if row.pa_for_registration_id else []
    extra = f"  ({', '.join(marks)})" if marks else ""
    return f"{row.name}  {row.email or ''}{extra}"
