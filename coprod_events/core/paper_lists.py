"""The paper fallback, printed before the day in case the laptop dies: the door list and the
sessions' sign-in registers.

The door list has every confirmed person in surname order (the rule is in `surnames`), the last
6 characters of their ticket code (enough to tell two people of one name apart, and what a
person can read off their ticket), their sessions, and a box to tick; then, on pages of their
own, the staff actions for the people with access needs, in the catalogue's words (a print size
or a language where the catalogue's action names it), never anyone's notes. A register has a
session's expected people, by name, with a box to tick, and blank lines for anyone who comes
unannounced. Every page says which event and day it is for, and its page number; everything is
black on white, in type large enough to read at arm's length (A4, printed in black and white).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from . import audit, catalogue, dates, surnames, ticket_content, ticket_files, tickets
from .data import events as events_data
from .data import paper as data
from .data import tickets as tickets_data
from .errors import CoprodError, quote
from .events import Event, Session, get_event, get_session
from .pdf_fonts import Fonts
from .progress import Progress, counted
from .store import Store
from .ticket_pdf import when

MARGIN = 15  # mm
HEADER = 20  # mm below the top margin taken by the page's heading
FOOTER = 10  # mm above the bottom margin taken by the page number
POINTS = 11  # the table's type size
PT = 25.4 / 72  # mm in a point
LINE = POINTS * PT * 1.3  # mm a line of the table takes
PADDING = 1.6  # mm above and below a row's text
BOX = 5  # mm, the tick box's side
GREY = 110  # rules between rows: light enough to write over, still there on a photocopy
CODE_LENGTH = 6
WALK_IN_LINES = 8  # blank lines at the end of each register, for names written in on the day
UNPRINTABLE = "(a name no font here can print: ask for the code)"
STAFF_ONLY = "Staff only: keep these pages with you, not on the desk. They say what to do, never why."


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm
    bold: bool = False


TICK = Column("", 10)


@dataclass(frozen=True)
class PaperRun:
    """What was printed: the file, its pages, and how many rows each list has."""
    path: Path
    pages: int
    people: int  # on the door list, or on the registers (a person once per session)
    staff_actions: int = 0  # people on the staff actions pages
    sessions: tuple[tuple[int | None, str, int], ...] = ()  # registers: (session id, title, people)
    unprintable: tuple[str, ...] = ()  # names no installed font has: listed by their code instead


# --- door list -------------------------------------------------------------------------------

def write_door_list(store: Store, event_ref: str | int, out: str | Path, *,
                    progress: Progress | None = None) -> PaperRun:
    """The door list of `event_ref` to `out` (a .pdf), whole or not at all, readable by you
    alone (it has ticket codes). Anyone confirmed without a live code is issued one first."""
    path = _pdf_path(out)
    event = get_event(store, event_ref)
    people = sorted(tickets.holders(store, event.id), key=lambda h: surnames.sort_key(h.name))
    if not people:
        raise CoprodError(f"{event.title} has no confirmed registrations, so there is no door list "
                          "to print.")
    agendas = {} if event.repeat_rule else ticket_content.agendas(store, event)
    needs = data.access_needs(store, event.id)
    sheet = _Sheet(f"Door list: {event.title}", event)
    columns = [TICK, Column("Name", 54, bold=True), Column("Code", 20)]
    if any(agendas.values()):
        columns.append(Column("Sessions", sheet.epw - sum(c.width for c in columns)))
    else:  # a course is booked whole: no sessions to tell apart
        columns[1] = Column("Name", sheet.epw - TICK.width - columns[2].width, bold=True)
    sheet.start(columns)
    for person in counted(people, progress):
        cells = [sheet.listed(person.name), (person.code or "")[-CODE_LENGTH:]]
        agenda = agendas.get(person.registration_id, ticket_content.NOTHING)
        sessions = "\n".join(_session(line) for line in agenda.lines)
        sheet.row((cells + [sessions])[:len(columns) - 1],
                  tick=True, name=person.name)
    acting = [person for person in people if person.registration_id in needs]
    sheet.heading = f"Staff actions: {event.title}"
    sheet.start([Column("Name", 64, bold=True), Column("What to do", sheet.epw - 64)],
                note=STAFF_ONLY)
    for person in acting:
        actions = [catalogue.action_for(code, detail) for code, detail
                   in _in_catalogue_order(needs[person.registration_id])]
        sheet.row([sheet.listed(person.name), "\n".join(actions)], name=person.name)
    if not acting:
        sheet.say("No one coming has told us of an access need.")
    ticket_files.write_file(path, sheet.document)
    if acting:  # the staff actions pages come from health data: printing them is audited
        try:
            with store.write():
                audit.record(store, "printed_health_data", event_id=event.id,
                             detail=f"door list: staff actions for {len(acting)} people")
        except BaseException:  # no print of health data goes unrecorded
            path.unlink(missing_ok=True)
            raise
    return PaperRun(path, sheet.page, len(people), len(acting), unprintable=sheet.unprintable)


def _session(line: ticket_content.Line) -> str:
    """"11:30–13:00 Workshop B · Lecture Theatre 2": a title cut at its colon ("Workshop B:
    Peer support and crisis care"), since the door needs which session, not what it is about."""
    where = f" · {line.room}" if line.room else ""
    note = f" ({line.note})" if line.note else ""
    return f"{line.when} {line.title.partition(': ')[0]}{where}{note}"


def _in_catalogue_order(needs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    order = {need.code: index for index, need in enumerate(catalogue.ACCESS_NEEDS)}
    return sorted((need for need in needs if need[0] in order), key=lambda need: order[need[0]])


# --- registers ---------------------------------------------------------------------------------

def write_registers(store: Store, event_ref: str | int, out: str | Path, *,
                    session_id: int | str | None = None, progress: Progress | None = None) -> PaperRun:
    """A sign-in register for each session of `event_ref` that is not cancelled (or for one),
    each starting on a new page: the people expected there (for a session that needs booking,
    those booked and their PAs; otherwise everyone confirmed) by name, and a box to tick."""
    path = _pdf_path(out)
    event = get_event(store, event_ref)
    if session_id is not None:
        one = get_session(store, event.id, session_id)
        if one.cancelled:
            raise CoprodError(f"{one.title} is cancelled, so it needs no register.")
        chosen: Sequence[Session | None] = [one]
    else:
        chosen = events_data.sessions(store, event.id) or [None]  # no sessions: the event's own
    sheet = _Sheet("", event)
    printed = [_register(sheet, store, event, session) for session in counted(chosen, progress, every=1)]
    ticket_files.write_file(path, sheet.document)
    return PaperRun(path, sheet.page, sum(count for *_, count in printed), sessions=tuple(printed),
                    unprintable=sheet.unprintable)


def _register(sheet: _Sheet, store: Store, event: Event, session: Session | None
              ) -> tuple[int | None, str, int]:
    """One session's register (or the event's, when it has no sessions), from a new page."""
    booked = session.id if session is not None and session.booking_required else None
    names = sorted((h.name for h in tickets_data.holders(store, event.id, booked)), key=surnames.sort_key)
    title = session.title if session else event.title
    sheet.heading = f"Sign-in register: {title}"
    sheet.start([TICK, Column("Name", sheet.epw - TICK.width, bold=True)],
                note=_session_line(event, session) if session else None)
    for name in names:
        sheet.row([sheet.listed(name)], tick=True, name=name)
    for _ in range(WALK_IN_LINES):
        sheet.row([""], tick=True)
    return session.id if session else None, title, len(names)


def _session_line(event: Event, session: Session) -> str:
    start, end = dates.local(session.starts_at, event.tz), dates.local(session.ends_at, event.tz)
    room = f", {session.room}" if session.room else ""
    return f"{dates.day(start)}, {start:%H:%M} to {end:%H:%M}{room}"


# --- the page ----------------------------------------------------------------------------------

def _pdf_path(out: str | Path) -> Path:
    path = ticket_files.output_path(out)
    if path.is_dir():
        raise CoprodError(f"{path} is a folder: give a file name ending in .pdf.")
    if path.suffix.lower() != ".pdf":
        raise CoprodError(f"Give a file name ending in .pdf (not {quote(path.name)}).")
    return path


class _Sheet(FPDF):
    """A4 pages of one table at a time, each page headed by its title, the event and its day,
    and the table's column titles; each page's foot gives its first and last names and its number."""

    def __init__(self, title: str, event: Event):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_creator("coprod-events")
        self.set_title(title or event.title)
        self.set_margins(MARGIN, MARGIN + HEADER, MARGIN)
        self.set_auto_page_break(False)  # rows are kept whole: `row` turns the page
        self.c_margin = 1
        self.alias_nb_pages("{pages}")  # room for a four-digit count
        self.faces = Fonts(self)
        self.heading = title
        day, time = when(event)
        self.event_line = " · ".join(filter(None, (day, time, event.venue)))
        self.columns: list[Column] = []
        self.note: str | None = None
        self.names: list[str] = []  # listed on this page, for its foot
        self._wrapped: dict[tuple[str, float, bool], tuple[str, ...]] = {}
        self._unprintable: dict[str, None] = {}

    @property
    def unprintable(self) -> tuple[str, ...]:
        return tuple(self._unprintable)

    def listed(self, name: str) -> str:
        """The name in surname order; a name in a script no installed font has is noted, and
        a placeholder stands in for it (its code is still on the row)."""
        if self.faces.font_for(name, bold=True) is None:
            self._unprintable[name] = None
            return UNPRINTABLE
        return surnames.listed(name)

    def start(self, columns: list[Column], *, note: str | None = None) -> None:
        """A new table, from a new page."""
        self.columns, self.note = columns, note
        self.add_page()

    def header(self) -> None:
        self.set_xy(MARGIN, MARGIN)
        self.faces.use(self.heading, bold=True)
        self.set_font_size(14)
        self.set_font_size(max(9, min(14, 14 * self.epw / max(self.get_string_width(self.heading), 1))))
        self._text(self.heading, self.epw, 7, bold=True)
        self.set_xy(MARGIN, MARGIN + 7)
        self.set_font_size(10)
        self._text(self.event_line, self.epw, 5)
        y = MARGIN + HEADER - 2
        if self.note:
            self.set_xy(MARGIN, y - 5)
            self.set_font_size(9)
            self._text(self.note, self.epw, 5)
            y += 5
        self.set_font_size(POINTS)
        self.set_xy(MARGIN, y)
        for column in self.columns:
            self._text(column.title, column.width, LINE, bold=True)
        self.set_draw_color(0)
        self.set_line_width(0.4)
        self.line(MARGIN, y + LINE, MARGIN + self.epw, y + LINE)
        self.set_y(y + LINE + 0.5)

    def footer(self) -> None:
        self.set_xy(MARGIN, self.h - MARGIN - FOOTER + 4)
        self.set_font_size(9)
        first, last = (self.names[0], self.names[-1]) if self.names else ("", "")
        for part in [first, " to ", last] if first != last else [first]:  # one font each
            self.faces.use(part)
            self._text(part, self.get_string_width(part), 5)
        self.set_xy(MARGIN + self.epw * 0.75, self.h - MARGIN - FOOTER + 4)
        self.faces.use("Page")
        self.cell(self.epw * 0.25, 5, f"Page {self.page_no()} of {{pages}}", align="R")
        self.names = []

    def row(self, cells: list[str], *, tick: bool = False, name: str | None = None) -> None:
        """One row; on a new page if it would not fit whole on this one."""
        self.set_font_size(POINTS)
        text_columns = self.columns[1:] if tick else self.columns
        wrapped = [self.wrap(text, column.width - 2 * self.c_margin, column.bold)
                   for text, column in zip(cells, text_columns, strict=True)]
        height = max(1, *(len(lines) for lines in wrapped)) * LINE + 2 * PADDING
        if self.get_y() + height > self.h - MARGIN - FOOTER:
            self.add_page()
        top, x = self.get_y(), float(MARGIN)
        if tick:
            self.set_draw_color(0)
            self.set_line_width(0.35)
            self.rect(x + (TICK.width - BOX) / 2, top + PADDING + (LINE - BOX) / 2, BOX, BOX)
            x += TICK.width
        for lines, column in zip(wrapped, text_columns, strict=True):
            for number, line in enumerate(lines):
                self.set_xy(x, top + PADDING + number * LINE)
                self._text(line, column.width, LINE, bold=column.bold)
            x += column.width
        self.set_draw_color(GREY)
        self.set_line_width(0.2)
        self.line(MARGIN, top + height, MARGIN + self.epw, top + height)
        self.set_y(top + height)
        if name and name not in self._unprintable:
            self.names.append(surnames.split(name)[0])

    def say(self, text: str) -> None:
        self.set_font_size(POINTS)
        self.set_x(MARGIN)
        self._text(text, self.epw, LINE * 2)

    def _text(self, text: str, width: float, height: float, *, bold: bool = False) -> None:
        """`text` from the current position, in a box `width` by `height` (mm), vertically
        centred; the position then moves right by `width`. Text that needs shaping goes through
        a cell, which shapes it; the rest is placed directly, several times faster."""
        self.faces.use(text, bold)
        x, y = self.get_x(), self.get_y()
        if self.text_shaping:
            self.cell(width, height, text, new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_text_shaping(False)
        else:
            self.text(x + self.c_margin, y + 0.5 * height + 0.3 * self.font_size, text)
        self.set_xy(x + width, y)

    def wrap(self, text: str, width: float, bold: bool) -> tuple[str, ...]:
        """The text's lines (each of its own lines wrapped at spaces to `width`); remembered,
        since many people share an agenda."""
        key = text, width, bold
        if key not in self._wrapped:
            lines: list[str] = []
            for paragraph in text.split("\n"):
                self.faces.use(paragraph, bold)
                current = ""
                for word in paragraph.split(" "):
                    trial = f"{current} {word}" if current else word
                    if current and self.get_string_width(trial) > width:
                        lines.append(current)
                        current = word
                    else:
                        current = trial
                lines.append(current)
            self.set_text_shaping(False)
            self._wrapped[key] = tuple(lines)
        return self._wrapped[key]

    def document(self) -> bytes:
        return bytes(self.output())
