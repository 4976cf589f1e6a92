"""The event screen's summary tab: before the event, what to plan for. Who is coming, each
session's places, catering totals, access needs by kind and room capacity warnings: counts only
(core/summary.py), never a name or a note, so it can be on screen anywhere."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static, TabPane

from ...core import events
from ...core import summary as summary_core
from ...core.text import plural
from ..app import CoprodApp
from ..background import UsesCore


def heading(title: str, detail: str = "") -> Text:
    return Text.assemble((title, "bold"), (f"  {detail}" if detail else "", "dim"))


class Counted:
    """"   7  Large print", most first, reading down each column: as many columns as the longest
    label fits in, but two (long labels cut short) where two of NARROWEST fit."""

    NARROWEST = 36

    def __init__(self, counts: tuple[summary_core.Count, ...]):
        self.counts = counts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        longest = max(cell_len(c.label) for c in self.counts) + 8  # the count and the gap
        width = options.max_width
        columns = max(1, min(len(self.counts), max(width // longest, min(2, width // self.NARROWEST))))
        rows = -(-len(self.counts) // columns)
        grid = Table.grid(expand=True, padding=(0, 2))
        for _ in range(columns):
            grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for row in range(rows):
            grid.add_row(*(Text.assemble((f"{c.count:>4}", "bold"), f"  {c.label}")
                           for c in self.counts[row::rows]))
        yield grid


def people_line(report: summary_core.Summary) -> Text:
    heads, capacity = report.headcount, report.event.capacity
    return Text.assemble(
        ("Registered ", "bold"), (f"{heads.confirmed:,}", "bold"),
        (f" of {capacity:,}" if capacity is not None else "", "dim"),
        ("   PAs or supporters ", "dim"), (f"{heads.pas:,}", "bold"), ("   Waiting ", "dim"),
        (f"{heads.waitlisted:,}", "bold"), ("   Cancelled ", "dim"), (f"{heads.cancelled:,}", "bold"))


def sessions_table(report: summary_core.Summary) -> Table:
    """Each session: when, places booked of its capacity, people in the room (PAs included),
    and its own queue; a session open to all expects everyone."""
    event = report.event
    with_date = events.several_days(event, [line.session for line in report.sessions])
    table = Table(box=None, expand=True, padding=(0, 1), pad_edge=False, header_style="bold")
    table.add_column("Session", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("When", no_wrap=True)
    for column in ("Booked", "In room", "Waiting"):
        table.add_column(column, justify="right", no_wrap=True)
    for line in report.sessions:
        s = line.session
        cap = f" / {s.capacity:,}" if s.capacity is not None else ""
        over = s.capacity is not None and line.people > s.capacity
        table.add_row(s.title, event.show(s.starts_at, with_date=with_date),
                      f"{line.places_taken:,}{cap}" if s.booking_required else f"open{cap}",
                      Text(f"{line.people:,}", style="bold red" if over else ""),
                      f"{line.waiting:,}" if s.booking_required else "")
    return table


def summary_parts(report: summary_core.Summary) -> list[RenderableType]:
    parts: list[RenderableType] = [people_line(report)]
    parts += [Text(f"⚠ {warning}", style="bold red") for warning in report.warnings]
    if report.sessions:
        parts += [Text(), sessions_table(report)]
    food = report.catering
    parts += [Text(), heading("Catering", f"{plural(food.people, 'person', 'people')}, PAs included")]
    if food.diets:
        parts.append(Counted(food.diets))
    if food.own_notes:  # their words are for the caterers' export only
        parts.append(Text(f"{plural(food.own_notes, 'dietary note')} in people's own words: "
                          "export --what catering", style="dim"))
    parts += [Text(), heading("Access needs", "people with each, PAs included" if report.access
                              else "none recorded")]
    if report.access:
        parts.append(Counted(report.access))
    return parts


class SummaryTab(UsesCore, TabPane):
    """Before the event, in counts; read afresh when shown after a change."""

    app = getters.app(CoprodApp)

    def __init__(self, title: str, event_id: int, *, id: str | None = None) -> None:
        super().__init__(title, id=id)
        self.event_id = event_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-scroll"):
            yield Static("Reading…", id="summary", classes="muted")

    def reload(self) -> None:
        self.run_core(summary_core.summary, self.event_id, then=self._show, group="summary", exclusive=True)

    def _show(self, report: summary_core.Summary) -> None:
        shown = self.query_one("#summary", Static)
        shown.remove_class("muted")
        shown.update(Group(*summary_parts(report)))

    def focus_table(self) -> None:
        """As the table tabs do: its scroll takes the arrow keys."""
        self.screen.set_focus(self.query_one("#summary-scroll"))
