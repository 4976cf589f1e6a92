"""The event screen's registrations tab: a search box and filters, and the roster they narrow."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import TypedDict

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select

from ...core import catalogue, events, roster
from ...core.errors import CoprodError
from ..app import CoprodApp
from ..background import UsesCore
from .cells import padded, short_roles
from .row_list import RowList
from .tables import TableTab, restore_cursor
from .typing_input import TypingInput

PAGE = 40  # roster rows added to the list at a time; moving near the end adds the next page
ALL = ""  # the "All ..." choice of a filter
STATUS_LABELS = {"confirmed": "Confirmed", "waitlisted": "Waiting", "cancelled": "Cancelled"}
STATUS_FILTER = (("All statuses", ALL), ("Confirmed", "confirmed"), ("Waiting list", "waitlisted"),
                 ("Cancelled", "cancelled"))
COLUMNS = ("Name", "Email", "Status", "Roles", "Needs", "In")
GAP = "  "  # between columns within a row's one cell


class RosterFilters(TypedDict):
    """What the search box and the filters ask of core.roster.roster."""

    text: str
    status: str | None
    role: str | None
    access: str | None
    session_id: int | None


NO_FILTERS = RosterFilters(text="", status=None, role=None, access=None, session_id=None)


def roster_caption(found: roster.Roster, filters: Mapping[str, object]) -> str:
    """The line above the table: how many registrations match, and how to see the rest."""
    filtered = any(value not in (None, "") for value in filters.values())
    if found.total == 0:
        return ("Nobody matches these filters." if filtered
                else "No registrations yet — press r to register someone.")
    if len(found.rows) < found.total:
        if len(found.rows) < roster.SHOWN:
            return (f"Showing {len(found.rows):,} of {found.total:,}; more as you move down. "
                    "Type to narrow.")
        return f"Showing {len(found.rows):,} of {found.total:,}: type a name or email to narrow."
    noun = "registration" if found.total == 1 else "registrations"
    if filtered:
        return f"{found.total:,} {noun} {'matches' if found.total == 1 else 'match'}."
    return f"{found.total:,} {noun}."


class SearchInput(TypingInput):
    """The roster's search box: down, enter or escape submit it, which goes to the results
    (typing has narrowed them already); digits and letters are for the box, not the screen's keys."""

    BINDINGS = [
        Binding("escape", "submit", "To the list"),
        Binding("down", "submit", "To the list", show=False),
    ]


class RosterTab(UsesCore, TableTab[RowList]):
    """The event's registrations, narrowed as you type or filter; rows are added a page at a
    time as the cursor nears the end. One read at a time: what is typed while one is under way
    is read as soon as it is back, and its answer, already behind the box, is not shown."""

    app = getters.app(CoprodApp)
    TABLE_ID = "roster"

    def __init__(self, title: str, event_id: int, *, id: str | None = None) -> None:
        super().__init__(title, id=id)
        self.event_id = event_id
        self._reading = False  # a read of the roster is under way
        self._typed_since = False  # and the search box changed after it began
        self._limit = PAGE
        self._total = 0
        self._filters = NO_FILTERS  # as the roster shown was read with
        self._asked = NO_FILTERS  # as the latest read was asked for
        self._columns: tuple[int, ...] = ()
        self._heading = Text()
        self._session_options: list[tuple[str | Text, str]] = []

    def compose(self) -> ComposeResult:
        with Horizontal(classes="filters", id="filters-search"):
            yield SearchInput(placeholder="Search: any part of a name or email", id="search",
                              compact=True)
            yield Select(STATUS_FILTER, value=ALL, allow_blank=False, id="status", compact=True)
        with Horizontal(classes="filters"):
            yield Select([("All roles", ALL), *((r.label, r.code) for r in catalogue.ROLES)],
                         value=ALL, allow_blank=False, id="role", compact=True)
            yield Select([("All access needs", ALL), *((n.label, n.code) for n in catalogue.ACCESS_NEEDS)],
                         value=ALL, allow_blank=False, id="access", compact=True)
            yield Select([("All sessions", ALL)], value=ALL, allow_blank=False, id="session", compact=True)
        yield Label("", id="roster-count", classes="table-caption", markup=False)
        yield RowList(id=self.TABLE_ID)

    def on_mount(self) -> None:
        self.watch(self.table, "scroll_y", self._scrolled, init=False)
        # Watched, not messaged: the read starts as the key changes the text, while the box is
        # painted, rather than after (Input.Changed arrives once the box's frame is drawn).
        self.watch(self.query_one("#search", Input), "value", self._search_typed, init=False)

    # Filters --------------------------------------------------------------------------------

    def filters(self) -> RosterFilters:
        def value(name: str) -> str | None:
            chosen = self.query_one(f"#{name}", Select).value
            return chosen if isinstance(chosen, str) and chosen != ALL else None

        session = value("session")
        return RosterFilters(text=self.query_one("#search", Input).value, status=value("status"),
                             role=value("role"), access=value("access"),
                             session_id=int(session) if session else None)

    def offer_sessions(self, event: events.Event, sessions: list[events.Session]) -> None:
        """The session filter's choices: every session, cancelled ones said so."""
        select = self.query_one("#session", Select)
        multi_day = events.several_days(event, sessions)
        options: list[tuple[str | Text, str]] = [
            ("All sessions", ALL), *((_session_label(event, s, multi_day), str(s.id)) for s in sessions)]
        if options == self._session_options:
            return
        self._session_options = options
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = current if any(value == current for _, value in options) else ALL

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.refresh_roster()

    def _search_typed(self) -> None:
        # One read at a time: keys typed while one is under way are read once it is back, with
        # the text as it is then (a burst makes two reads, not one a key).
        if self._reading:
            self._typed_since = True
        else:
            self.refresh_roster()

    def _read_again(self) -> bool:
        """The read that came back is behind the search box: read the box's text instead."""
        self._reading = False
        if self._typed_since:
            self._typed_since = False
            if self.filters() != self._asked:
                self.refresh_roster()
                return True
        return False

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_results()

    def focus_results(self) -> None:
        self.table.focus()

    def focus_search(self) -> None:
        # Focus now, not later: a fast typist's next keys must land in the box.
        self.screen.set_focus(self.query_one("#search"))

    # Rows -----------------------------------------------------------------------------------

    def refresh_roster(self, *, keep_length: bool = False) -> None:
        """Read the roster afresh for the filters, then fill the table (keep_length: as many
        rows as before, so that a refresh from another desk does not lose the place)."""
        filters = self._asked = self.filters()
        self._reading = True
        if not keep_length:
            self._limit = PAGE
        self.run_core(roster.roster, self.event_id, limit=self._limit, **filters,
                      then=partial(self._fill, filters, keep_length), failed=self._refused,
                      group="roster", exclusive=True)

    def _refused(self, error: Exception) -> None:
        """A search the core refuses is said in the caption; anything else, the app's way."""
        if self._read_again():
            return
        if isinstance(error, CoprodError):
            self.query_one("#roster-count", Label).update(str(error), layout=False)
        else:
            self.app.report(error)

    def _fill(self, filters: RosterFilters, keep_length: bool, found: roster.Roster) -> None:
        if self._read_again():
            return
        self._filters = filters
        table = self.table
        keep = self.cursor_to_keep() if keep_length else None
        row = table.cursor_row if keep_length else None
        widths = self._widths()
        if widths != self._columns:
            self._columns = widths
            self._heading = Text(GAP.join(
                padded(label, width) for label, width in zip(COLUMNS, widths, strict=True)))
        table.set_rows(self._heading, self._lines(found.rows))
        self._total = found.total
        self._show_caption(found, filters)
        if keep is not None and keep not in table.rows and len(found.rows) < min(found.total, roster.SHOWN):
            # Its row is further down than the rows read (a registration just added, or renamed):
            # read on to it rather than leave the cursor on someone else.
            self._wanted, self._limit = keep, roster.SHOWN
            self.refresh_roster(keep_length=True)
        restore_cursor(table, keep, row)

    def fits(self) -> bool:
        """Whether the columns still fit the screen's width (after a resize)."""
        return self._widths() == self._columns

    def _more(self, table: RowList) -> None:
        """The cursor is near the end of the rows shown: read the next page (up to the
        core's limit; beyond it, typing narrows)."""
        shown = table.row_count
        if shown >= min(self._total, roster.SHOWN):
            return
        limit = min(shown + PAGE, roster.SHOWN)
        self.run_core(roster.roster, self.event_id, limit=limit, **self._filters,
                      then=partial(self._add_page, self._filters, shown, limit),
                      group="roster-page", exclusive=True)

    def _add_page(self, filters: RosterFilters, shown: int, limit: int, found: roster.Roster) -> None:
        """Add the page read, unless the roster was filled afresh meanwhile."""
        table = self.table
        if filters != self._filters or table.row_count != shown:
            return
        self._limit = limit
        # A row already shown is not added twice (another desk registered someone above it).
        table.add_rows(self._lines(found.rows[shown:]))
        self._show_caption(found, filters)

    def _widths(self) -> tuple[int, ...]:
        """Name and email share what the fixed columns leave of the screen's width."""
        flexible = max(self.screen.size.width, 60) - 50
        return (max(14, flexible - flexible // 2), max(12, flexible // 2), 9, 16, 5, 2)

    def _lines(self, rows: tuple[roster.RosterRow, ...]) -> Iterator[tuple[str, Text]]:
        """Each row as one line of columns padded to their widths, keyed by registration."""
        name, email, status, roles, needs, _ = self._columns
        for row in rows:
            line = Text(GAP.join((
                padded(row.name + (f" ({row.preferred_name})" if row.preferred_name else ""), name),
                padded(row.email, email), padded(STATUS_LABELS.get(row.status, row.status), status),
                padded(short_roles(row.roles), roles),
                padded(str(len(row.access)) if row.access else "", needs, right=True), "")),
                style="dim" if row.status == "cancelled" else "")
            if row.checked_in:
                line.append("✓", style="bold green")
            yield str(row.registration_id), line

    def _scrolled(self, scroll_y: float) -> None:
        table = self.table
        if scroll_y >= table.max_scroll_y - 5:
            self._more(table)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        if event.cursor_row >= event.row_list.row_count - 5:
            self._more(event.row_list)

    def _show_caption(self, found: roster.Roster, filters: RosterFilters) -> None:
        # One line, fixed size: no layout pass (that keeps a keystroke's repaint cheap).
        self.query_one("#roster-count", Label).update(roster_caption(found, filters), layout=False)


def _session_label(event: events.Event, session: events.Session, multi_day: bool) -> Text:
    """A session as the filter offers it: Text, so its title shows as typed (a str is markup)."""
    when = event.show(session.starts_at, with_date=multi_day)
    return Text(f"{session.title} ({when}{', cancelled' if session.cancelled else ''})")
