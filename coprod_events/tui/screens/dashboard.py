"""The day at a glance, live as every desk scans: arrivals per quarter hour, each session's
check-ins against those expected, who is on site and who has not come yet.

Opened from an event (d) or the desk (F10); its module, and plotext with it, is imported only
then. It reads a snapshot in a worker (core.dashboard.Watch) each time another desk writes.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot

from ...core import dashboard, dates, surnames
from ...core.events import Event
from ..app import CoprodApp
from ..background import UsesCore
from ..messages import DatabaseChanged

BAR = 24  # cells of a session's bar
TITLE_WIDTH = 34  # a long session title is cut (…) before its bar


def _cut(text: str, width: int) -> str:
    return text if cell_len(text) <= width else set_cell_size(text, width - 1).rstrip() + "…"


def session_bar(event: Event, line: dashboard.SessionCount) -> Text:
    """"10:00 Plenary ████████░░░░ 30 of 40": checked in against expected, as a bar."""
    session, shown = line.session, min(line.checked_in, line.expected)
    filled = round(BAR * shown / line.expected) if line.expected else 0
    return Text.assemble(
        (event.show(session.starts_at, with_date=False), "dim"), " ",
        f"{_cut(session.title, TITLE_WIDTH):<{TITLE_WIDTH}} ",
        ("█" * filled, "bold"), ("░" * (BAR - filled), "dim"),
        f" {line.checked_in:,} of {line.expected:,}")


def _time_ticks(labels: list[str], most: int) -> list[int]:
    """Which quarters get their time under the axis: every quarter, half hour, hour, or 2 or 4
    hours, the first that gives at most `most` labels."""
    for minutes in (15, 30, 60, 120, 240):
        ticks = [i for i, label in enumerate(labels)
                 if (int(label[:2]) * 60 + int(label[3:])) % minutes == 0]
        if len(ticks) <= most:
            return ticks or [0]
    return [0]


def _whole_steps(top: int) -> list[int]:
    """At most five ticks of whole people from 0 to `top` (plotext's own are 0.67, 1.33, ...)."""
    step = max(1, -(-top // 4))
    return list(range(0, top + 1, step))


class DashboardScreen(UsesCore, Screen):
    """How the day is going at one event, from every desk's check-ins."""

    CSS_PATH = "dashboard.tcss"

    app = getters.app(CoprodApp)
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, event_id: int):
        super().__init__()
        self.event_id = event_id
        self.day_watch = dashboard.Watch(event_id)  # kept: a refresh reads only the log's new rows
        self.shown: dashboard.Dashboard | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the day's check-ins…", id="dash-when", markup=False)
        yield Static(id="dash-totals")
        with Horizontal(id="dash-middle"):
            yield PlotextPlot(id="dash-arrivals")
            with Vertical(id="dash-waiting"):
                yield Static(id="dash-waiting-title", markup=False)
                yield DataTable(id="dash-waiting-table", cursor_type="none", zebra_stripes=True)
        yield Static(id="dash-sessions-title", markup=False)
        yield Static(id="dash-sessions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Code", "Name")  # the code first: a long name is cut

    def on_screen_resume(self) -> None:
        self.refresh_dashboard()

    def on_resize(self) -> None:
        if self.shown is not None:  # the times under the chart: as many as the width takes
            self._plot(self.shown)

    def on_database_changed(self, _: DatabaseChanged) -> None:
        self.refresh_dashboard()

    def refresh_dashboard(self) -> None:
        self.run_core(self.day_watch.snapshot, self.app.clock(), then=self.show,
                      group="dashboard", exclusive=True)

    # Painting -------------------------------------------------------------------------------

    def show(self, snap: dashboard.Dashboard) -> None:
        previous, self.shown = self.shown, snap
        self.sub_title = snap.event.title
        # One line each, whatever they say: painted again, never laid out again.
        self.query_one("#dash-when", Static).update(
            f"{snap.event.title} · {dates.day(snap.day)} · at {snap.now}", layout=False)
        totals = Text.assemble(
            ("Arrived ", "dim"), (f"{snap.arrived:,}", "bold"), (f" of {snap.expected:,} expected", "dim"),
            ("   On site now ", "dim"), (f"{snap.on_site:,}", "bold"),
            ("   Left ", "dim"), (f"{snap.left:,}", "bold"),
            ("   Still expected ", "dim"), (f"{snap.still_expected_count:,}", "bold"))
        self.query_one("#dash-totals", Static).update(totals, layout=False)
        if previous is None or previous.arrivals != snap.arrivals:
            self._plot(snap)
        rows = previous is None or previous.still_expected != snap.still_expected
        if rows or previous is None or previous.still_expected_count != snap.still_expected_count:
            self._list_waiting(snap, rows=rows)
        self._show_sessions(snap, layout=previous is None or len(previous.sessions) != len(snap.sessions))

    def _plot(self, snap: dashboard.Dashboard) -> None:
        widget = self.query_one(PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        came = sum(people for _, people in snap.arrivals)
        plt.title("Arrivals per 15 minutes" if came else "Arrivals per 15 minutes: nobody yet today")
        if snap.arrivals:
            counts = [people for _, people in snap.arrivals]
            # Whole cells ("sd"): half the time plotext takes to draw half cells ("hd").
            plt.bar(list(range(len(counts))), counts, width=0.6, marker="sd")
            ticks = _time_ticks([label for label, _ in snap.arrivals], max(1, widget.size.width // 9))
            plt.xticks([float(i) for i in ticks], [snap.arrivals[i][0] for i in ticks])
            top = max(max(counts), 4)
            steps = _whole_steps(top)
            plt.ylim(0, top)
            plt.yticks([float(step) for step in steps], [str(step) for step in steps])
        widget.refresh()

    def _list_waiting(self, snap: dashboard.Dashboard, *, rows: bool) -> None:
        """The count, and the rows if they changed (someone on the list came)."""
        count = snap.still_expected_count
        title = ("Still expected: nobody" if not count else
                 f"Still expected: {count:,}" + (f" (the first {len(snap.still_expected)} by surname)"
                                                 if count > len(snap.still_expected) else ""))
        self.query_one("#dash-waiting-title", Static).update(title, layout=False)
        if not rows:
            return
        table = self.query_one(DataTable)
        table.clear()
        for person in snap.still_expected:  # Text: names are not markup
            table.add_row(Text(person.code or "-", style="dim"), Text(surnames.listed(person.name)))

    def _show_sessions(self, snap: dashboard.Dashboard, *, layout: bool) -> None:
        self.query_one("#dash-sessions-title", Static).update(
            f"Sessions on {dates.day(snap.day, year=False)}: checked in of expected", layout=False)
        if not snap.sessions:
            text = Text("No sessions on this day.", style="dim")
        else:
            text = Text("\n").join(session_bar(snap.event, line) for line in snap.sessions)
        self.query_one("#dash-sessions", Static).update(text, layout=layout)

    def action_back(self) -> None:
        self.app.pop_screen()
