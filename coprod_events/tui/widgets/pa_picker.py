"""Who a PA or supporter supports: chosen from this event's registrations by name or email."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...core import people, roster
from ...core.text import MAX_FIELD


class PaPicker(VerticalGroup):
    """"Is the PA or supporter of": type 3+ characters of a name or email, then pick one of
    this event's registrations. The screen answers each Search with `offer` (once it has read
    them: typing goes on meanwhile)."""

    class Search(Message):
        """Find this event's registrations matching `text`."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    matches: reactive[tuple[roster.RosterRow, ...]] = reactive((), always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pa_for: int | None = None
        self._chosen_name = ""

    def compose(self) -> ComposeResult:
        yield HorizontalGroup(
            Label("Supporting", classes="reg-label"),
            Input(id="pa-search", placeholder="3+ letters of their name or email", max_length=MAX_FIELD,
                  compact=True),
            classes="reg-row",
        )
        yield OptionList(id="pa-matches", compact=True)
        yield Static(id="pa-hint", classes="muted", markup=False)

    def choose(self, registration_id: int | None, name: str = "") -> None:
        """Link to this registration (None unlinks); the box shows their name."""
        self.pa_for, self._chosen_name = registration_id, name
        self.query_one("#pa-search", Input).value = name
        self.matches = ()

    def offer(self, text: str, matches: tuple[roster.RosterRow, ...]) -> None:
        """The answer to Search(text): shown unless they typed on or chose someone since."""
        if self.pa_for is None and text == self.query_one("#pa-search", Input).value.strip():
            self.matches = matches

    @on(Input.Changed, "#pa-search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        if self.pa_for is not None and event.value == self._chosen_name:
            return
        self.pa_for, self._chosen_name = None, ""
        text = event.value.strip()
        if len(text) >= people.MIN_SEARCH:
            self.post_message(self.Search(text))
        else:
            self.matches = ()

    @on(OptionList.OptionSelected, "#pa-matches")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.matches[event.option_index]
        self.choose(row.registration_id, row.name)

    def watch_matches(self, matches: tuple[roster.RosterRow, ...]) -> None:
        option_list = self.query_one("#pa-matches", OptionList)
        option_list.clear_options()
        option_list.add_options(
            Option(Content(f"{row.name} ({row.email or 'no email'}) · {row.status}"))
            for row in matches)
        option_list.highlighted = 0 if matches else None
        option_list.display = bool(matches)
        hint, text = self.query_one("#pa-hint", Static), self._hint()
        hint.update(text)
        hint.display = bool(text)

    def _hint(self) -> str:
        if self.pa_for is not None:
            return f"Supporting {self._chosen_name} (registration {self.pa_for}). Empty the box to unlink."
        if self.matches:
            return "Choose one: Tab to the list, then Enter."
        if len(self.query_one("#pa-search", Input).value.strip()) >= people.MIN_SEARCH:
            return "No one registered for this event matches that."
        return ""
