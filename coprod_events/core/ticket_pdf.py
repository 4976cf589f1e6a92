"""Printable tickets: one A4 page each, in large clear type, with the QR code drawn as vectors.

A page says what the event is, when and where, who the ticket is for, the QR code, the code in
text (for reading out or typing), what to do with it, and the person's sessions or a course's
dates. Nothing about roles or access needs. Someone who asked for large print gets every line
at their size or larger (the QR shrinks to make room; long lists run on to another page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from . import dates, fonts, qr, tickets
from .events import Event
from .progress import Progress, counted
from .ticket_content import Agenda

if TYPE_CHECKING:
    from .ticket_files import TicketHolder

FONT = "DejaVu"
MARGIN = 20  # mm
QR_SIZE = 80  # mm, quiet zone included: about 2.4 mm a module, easy for any scanner
QR_MIN = 45
CODE_LARGEST = 22  # points: the grouped code still fits one line
LINE = 1.35  # line height as a multiple of the font size
PT = 25.4 / 72  # mm in a point
INK, MUTED = (0, 0, 0), (70, 70, 70)
SHOW_AT_DESK = ("Show this at the desk (on paper or on your phone). We scan the square, or "
                "type the letters and numbers beneath it.")
KEEP_IT = ("This code lets one person in. If you lose it, ask us for a new one: "
           "the old one then stops working.")


def when(event: Event) -> tuple[str, str]:
    """("Thursday 3 December 2026", "09:00 to 17:00") in the event's own time zone; a course
    over several weeks gives its first and last days."""
    start, end = dates.local(event.starts_at, event.tz), dates.local(event.ends_at, event.tz)
    zone = "" if event.tz == dates.DEFAULT_TZ else f" ({event.tz})"
    if start.date() == end.date():
        return _day(start), f"{start:%H:%M} to {end:%H:%M}{zone}"
    return f"{_day(start)} to {_day(end)}", f"Starts at {start:%H:%M}{zone}"


def _day(moment) -> str:
    return moment.strftime(f"%A {moment.day} %B %Y")


def render(event: Event, holders: Sequence[TicketHolder], progress: Progress | None = None) -> bytes:
    """The whole document. Fonts are added once, and the text pages share (the event, the
    instructions, a course's dates) is wrapped once per print size, whatever the number of pages."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"Tickets: {event.title}")
    pdf.set_creator("coprod-events")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.add_font(FONT, "", str(fonts.unicode_font()))
    pdf.add_font(FONT, "B", str(fonts.unicode_font_bold()))
    shared: dict[float | None, tuple[list[_Block], list[_Block]]] = {}
    agendas: dict[tuple[Agenda, float | None], list[_Block]] = {}
    for holder in counted(holders, progress):
        pdf.add_page()  # fpdf2 wraps text only on an open page
        large = holder.print_size
        if large not in shared:
            shared[large] = _shared_blocks(pdf, event, large)
        if (holder.agenda, large) not in agendas:
            agendas[holder.agenda, large] = _agenda_blocks(pdf, holder.agenda, large)
        _page(pdf, *shared[large], agendas[holder.agenda, large], holder)
    return bytes(pdf.output())


def _points(points: float, large: float | None, *, headline: bool = False) -> float:
    """A size on the page: as designed, or at least the large-print size asked for (headlines
    a third larger again, so they still stand out)."""
    if large is None:
        return points
    return max(points, large * 4 / 3 if headline else large)


def _shared_blocks(pdf: FPDF, event: Event, large: float | None) -> tuple[list[_Block], list[_Block]]:
    """What every page says above the name, and beneath the code."""
    heading = [_Block.wrap(pdf, "Your ticket", _points(13, large), colour=MUTED),
               _Block.wrap(pdf, event.title, _points(24, large, headline=True), bold=True, space_after=3)]
    heading += [_Block.wrap(pdf, f"{label}: {value}", _points(15, large)) for label, value in _details(event)]
    footing = [_Block.wrap(pdf, SHOW_AT_DESK, _points(13, large), align="C", space_before=3),
               _Block.wrap(pdf, KEEP_IT, _points(10, large), colour=MUTED, align="C", space_before=2)]
    return heading, footing


def _agenda_blocks(pdf: FPDF, agenda: Agenda, large: float | None) -> list[_Block]:
    """The person's sessions or the course's dates, a block a line, beneath the instructions."""
    if not agenda.lines:
        return []
    blocks = [_Block.wrap(pdf, agenda.heading, _points(14, large), bold=True, space_before=6, space_after=1)]
    blocks += [_Block.wrap(pdf, line.text(), _points(12, large), colour=MUTED if line.note else INK)
               for line in agenda.lines]
    return blocks


def _details(event: Event) -> list[tuple[str, str]]:
    day, time = when(event)
    return [("Date", day), ("Time", time), ("Venue", event.venue or "to be confirmed")]


@dataclass(frozen=True)
class _Block:
    """Text already broken into lines: putting it on a page is then a few plain cells."""
    lines: tuple[str, ...]
    points: float
    bold: bool = False
    colour: tuple[int, int, int] = INK
    align: str = "L"
    space_before: float = 0  # mm
    space_after: float = 0
    family: str = FONT
    shaped: bool = False  # Arabic, Hebrew, Indic scripts: joined and ordered by a shaping engine

    @classmethod
    def wrap(cls, pdf: FPDF, text: str, points: float, **style) -> _Block:
        shaped = fonts.needs_shaping(text) and fonts.shaping_available()
        block = cls((), points, shaped=shaped, **style)
        block._use_font(pdf)
        lines = cast(list[str], pdf.multi_cell(0, 1, text, dry_run=True,
                                               output=MethodReturnValue.LINES))
        pdf.set_text_shaping(False)
        return replace(block, lines=tuple(lines))

    @property
    def line_height(self) -> float:
        return self.points * LINE * PT

    @property
    def height(self) -> float:
        return self.space_before + len(self.lines) * self.line_height + self.space_after

    def put(self, pdf: FPDF) -> None:
        pdf.ln(self.space_before)
        self._use_font(pdf)
        pdf.set_text_color(*self.colour)
        for line in self.lines:
            if pdf.get_y() + self.line_height > pdf.h - MARGIN:  # large print on a long list
                pdf.add_page()
            pdf.cell(0, self.line_height, line, align=self.align,
                     new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_shaping(False)
        pdf.ln(self.space_after)

    def _use_font(self, pdf: FPDF) -> None:
        pdf.set_font(self.family, "B" if self.bold else "", self.points)
        if self.shaped:
            pdf.set_text_shaping(True)


def _page(pdf: FPDF, heading: list[_Block], footing: list[_Block], agenda: list[_Block],
          holder: TicketHolder) -> None:
    """The event, the name, then the QR as large as the page leaves room for once the code,
    the instructions and the agenda are counted in (never under QR_MIN: a long agenda runs on
    to the next page instead)."""
    large = holder.print_size
    for block in heading:
        block.put(pdf)
    family, bold = _font_for_name(pdf, holder.name)
    _Block.wrap(pdf, holder.name, _points(22, large, headline=True), bold=bold, family=family,
                space_before=5, space_after=4).put(pdf)
    # The code stays on one line: it is for reading out and typing; the name is what is large.
    code = _Block((tickets.grouped(holder.code),), min(_points(17, large), CODE_LARGEST),
                  bold=True, align="C")
    room = pdf.h - MARGIN - pdf.get_y() - code.height - sum(block.height for block in footing)
    size = max(QR_MIN, min(QR_SIZE, room - sum(block.height for block in agenda)))
    if size > room:  # only at the largest print sizes: the QR and its code start a page
        pdf.add_page()
    _draw_qr(pdf, holder.code, (pdf.w - size) / 2, pdf.get_y(), size)
    pdf.set_y(pdf.get_y() + size)
    for block in [code, *footing, *agenda]:
        block.put(pdf)


def _font_for_name(pdf: FPDF, name: str) -> tuple[str, bool]:
    """DejaVu Sans Bold for nearly every name; for a script it lacks (Chinese, Japanese,
    Korean...), an installed font that has it (regular: a fallback has one face), added once."""
    if fonts.covers(fonts.unicode_font_bold(), name):
        return FONT, True
    fallback = fonts.fallback_font_for(name)
    if fallback is None:
        return FONT, True  # prints what it can: better than no ticket
    family = f"Fallback {fallback.stem}"
    if family.lower() not in pdf.fonts:
        pdf.add_font(family, "", str(fallback))
    return family, False


def _draw_qr(pdf: FPDF, code: str, x: float, y: float, size: float) -> None:
    """Dark runs as filled rectangles: sharp at any zoom, no image to embed. Each is a hair
    taller than a module so no seam shows between rows when rendered."""
    module = size / len(qr.modules(code))
    pdf.set_fill_color(*INK)
    for row, column, length in qr.dark_runs(code):
        pdf.rect(x + column * module, y + row * module, length * module, module * 1.02, style="F")
