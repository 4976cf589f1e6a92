"""Name badges: the event's title, small, at the top; the name people call you, large; full
name; pronouns; organisation; and a small QR code of the person's badge code for the desk. A
badge code is not the ticket: it lets its person back in (re-entry, sessions) only after their
ticket admitted them at the door that day (core/badge_codes.py).

Nothing else goes on a badge. Roles, access needs and notes are health data and a badge is worn
in public, so they are never read here at all. Badges come sorted by surname, so a box of them
can be handed out alphabetically.

Names in Latin (accented or not), Greek and Cyrillic print in DejaVu Sans; Arabic and Hebrew
print shaped, right to left; other scripts use an installed font that has the glyphs. A badge no
font can print is not printed (no blanks, no boxes): the result says whose, so staff can act.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from . import badge_codes, qr, surnames, ticket_files
from .data import tickets as tickets_data
from .errors import CoprodError, quote
from .events import Event, get_event, get_session
from .pdf_fonts import NOT_COVERED, NOT_SHAPED, Fonts
from .progress import Progress, counted
from .store import Store

PT = 25.4 / 72  # millimetres in a typographic point
SIZE_STEP = 0.5  # points: how finely text shrinks to fit
ONE_LINE_SHRINK = 0.75  # a line that may wrap keeps to one line while this size is enough
EVENT_GREY = 64  # the event's title: dark grey, clearly printed, quieter than the name


@dataclass(frozen=True)
class Text:
    """How one line of a badge is set: largest and smallest size (points), lines it may wrap to."""
    largest: float
    smallest: float
    lines: int = 1
    bold: bool = False
    leading: float = 1.2


@dataclass(frozen=True)
class Layout:
    """A page of badges, in millimetres."""
    name: str
    page: tuple[float, float]  # width, height
    badge: tuple[float, float]
    columns: int
    rows: int
    origin: tuple[float, float]  # the first badge's top-left corner
    pitch: tuple[float, float]  # from one badge's top-left corner to the next one's
    padding: float  # left blank inside the badge's edge
    qr_size: float  # the QR symbol, without its quiet zone
    event: Text  # the event's title, above the name
    preferred: Text
    full_name: Text
    pronouns: Text
    organisation: Text

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def corner(self, index: int) -> tuple[float, float]:
        """Top-left corner of the badge in position `index` on its page (row by row)."""
        row, column = divmod(index % self.per_page, self.columns)
        return self.origin[0] + column * self.pitch[0], self.origin[1] + row * self.pitch[1]


LAYOUTS = {
    # One badge per A6 card, landscape, for a lanyard pocket.
    "a6": Layout("a6", page=(148, 105), badge=(148, 105), columns=1, rows=1, origin=(0, 0),
                 pitch=(148, 105), padding=8, qr_size=25, event=Text(12, 7, lines=2),
                 preferred=Text(54, 20, bold=True, leading=1.15), full_name=Text(24, 11, lines=2),
                 pronouns=Text(18, 10), organisation=Text(15, 9, lines=2)),
    # Avery L7418 name badge labels: A4, 2 x 4 labels of 86 x 55 mm that touch each other
    # (no gaps), so the block is centred: 19 mm side and 38.5 mm top margins.
    "avery-l7418": Layout("avery-l7418", page=(210, 297), badge=(86, 55), columns=2, rows=4,
                          origin=(19, 38.5), pitch=(86, 55), padding=5, qr_size=19,
                          event=Text(8, 5.5, lines=2),
                          preferred=Text(30, 12, bold=True, leading=1.15),
                          full_name=Text(13, 7, lines=2), pronouns=Text(11, 7),
                          organisation=Text(10, 6, lines=2)),
}
LAYOUT_NAMES = tuple(LAYOUTS)


@dataclass(frozen=True)
class BadgeHolder:
    """What a badge shows: nothing more is read from the database."""
    registration_id: int
    name: str
    preferred_name: str | None
    pronouns: str | None
    organisation: str | None
    code: str  # the badge code, for the QR

    @property
    def called(self) -> str:
        """The name printed large: the preferred name, else the first word of the name."""
        return self.preferred_name or self.name.split()[0]

    @property
    def sort_key(self) -> tuple[tuple[str, str, str], int]:
        return surnames.sort_key(self.name), self.registration_id


@dataclass(frozen=True)
class PrintedBadge:
    registration_id: int
    name: str
    page: int  # 1-based
    position: int  # 0-based, row by row on its page
    x: float  # the badge's top-left corner on the page, mm
    y: float
    name_size: float  # points, of the name printed large (smaller when a long name shrinks)
    font: str  # the font file the name is printed in


@dataclass(frozen=True)
class NotRendered:
    registration_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class BadgeRun:
    path: Path
    layout: str
    pages: int
    printed: tuple[PrintedBadge, ...]
    not_rendered: tuple[NotRendered, ...]


def badge_holders(store: Store, event_ref: str | int, *,
                  session_id: int | str | None = None) -> tuple[Event, list[BadgeHolder]]:
    """Everyone expected, by surname. With a session: for one that needs booking, those expected
    there (booked, and their PAs); for one that does not, everyone confirmed. Anyone without a
    badge code is issued one, so every badge's QR code works at the desk."""
    event = get_event(store, event_ref)
    booked = None
    if session_id is not None:
        session = get_session(store, event.id, session_id)
        if session.cancelled:
            raise CoprodError(f"{session.title} is cancelled, so it needs no badges.")
        booked = session.id if session.booking_required else None
    found = tickets_data.holders(store, event.id, booked)
    codes = badge_codes.issue_for(store, [h.registration_id for h in found])
    return event, sorted((BadgeHolder(h.registration_id, h.name, h.preferred_name, h.pronouns,
                                       h.organisation, codes[h.registration_id]) for h in found),
                         key=lambda h: h.sort_key)


def write_badges(store: Store, event_ref: str | int, out: str | Path, *, layout: str = "a6",
                 session_id: int | str | None = None, progress: Progress | None = None) -> BadgeRun:
    """Write the badges PDF to `out`, whole or not at all. Badges no font can print are left
    out and listed in the result; the others are written."""
    path = ticket_files.output_path(out)
    if path.is_dir():
        raise CoprodError(f"{path} is a folder: give a file name for the badges, e.g. badges.pdf.")
    chosen = _layout(layout)
    event, holders = badge_holders(store, event_ref, session_id=session_id)
    if not holders:
        who = ("no one who may attend that session" if session_id is not None
               else "no confirmed registrations")
        raise CoprodError(f"{event.title} has {who}, so there are no badges to print.")
    data, printed, skipped = render(holders, chosen, title=event.title, progress=progress)
    if not printed:
        raise CoprodError(f"{not_rendered_message(skipped)} Nothing was written.")
    ticket_files.write_file(path, lambda: data)  # whole or not at all, readable by you alone
    pages = printed[-1].page
    return BadgeRun(path, chosen.name, pages, printed, skipped)


def render(holders: Sequence[BadgeHolder], layout: Layout | str = "a6", *, title: str = "",
           progress: Progress | None = None
           ) -> tuple[bytes, tuple[PrintedBadge, ...], tuple[NotRendered, ...]]:
    """The PDF, the badges on it (in order, with where each is), and those left out. `title`,
    the event's, heads every badge."""
    sheet = _Sheet(_layout(layout) if isinstance(layout, str) else layout, title)
    title = unicodedata.normalize("NFC", title)
    if title and (problem := sheet.problem(title, sheet.layout.event)):
        raise CoprodError(f"The event's title {quote(title)} cannot be printed on a badge ({problem}). "
                          "Nothing was written.")
    printed: list[PrintedBadge] = []
    skipped: list[NotRendered] = []
    for holder in counted(holders, progress):
        lines = ([(title, sheet.layout.event)] if title else []) + _lines(holder, sheet.layout)
        problem = next(filter(None, (sheet.problem(text, spec) for text, spec in lines)), None)
        if problem:
            skipped.append(NotRendered(holder.registration_id, holder.name, problem))
        else:
            printed.append(sheet.draw(holder, lines, len(printed)))
    return sheet.output() if printed else b"", tuple(printed), tuple(skipped)


def not_rendered_message(skipped: Sequence[NotRendered]) -> str:
    people = "; ".join(f"{item.name} (registration {item.registration_id}: {item.reason})"
                       for item in skipped)
    advice = []
    if any(item.reason == NOT_COVERED for item in skipped):
        advice.append("Install a font such as Noto Sans CJK, or print these by hand.")
    if any(item.reason == NOT_SHAPED for item in skipped):
        advice.append("Install the uharfbuzz package (pip install uharfbuzz), or print these by hand.")
    return f"Could not render badges for: {people}. {' '.join(advice)}".strip()


# --- drawing ----------------------------------------------------------------------------------

def _layout(name: str) -> Layout:
    if name not in LAYOUTS:
        raise CoprodError(f"Unknown badge layout {quote(name)}: choose {', '.join(LAYOUT_NAMES)}.")
    return LAYOUTS[name]


def _lines(holder: BadgeHolder, layout: Layout) -> list[tuple[str, Text]]:
    """The badge's text, top to bottom, each with how it is set. NFC, so a letter typed as a
    base and an accent prints as one."""
    called, full = (unicodedata.normalize("NFC", text) for text in (holder.called, holder.name))
    lines = [(called, layout.preferred)]
    if full.casefold() != called.casefold():
        lines.append((full, layout.full_name))
    for text, spec in ((holder.pronouns, layout.pronouns), (holder.organisation, layout.organisation)):
        if text:
            lines.append((unicodedata.normalize("NFC", text), spec))
    return lines


class _Sheet:
    """An fpdf2 document of badges, with the fonts each line needs registered as it goes."""

    def __init__(self, layout: Layout, title: str):
        self.layout = layout
        width, height = layout.page
        self.pdf = FPDF(orientation="L" if width > height else "P", unit="mm",
                        format=(min(width, height), max(width, height)))  # fpdf2 turns it
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margin(0)
        self.pdf.c_margin = 0
        self.pdf.set_creator("coprod-events")
        self.pdf.set_title(f"Name badges: {title}" if title else "Name badges")
        self.fonts = Fonts(self.pdf)

    def problem(self, text: str, spec: Text) -> str | None:
        """Why this line cannot be printed right, or None."""
        return self.fonts.problem(text, spec.bold)

    def use(self, text: str, spec: Text) -> Path:
        """Select the font for a line; only for lines `problem` passed, which a font covers."""
        return self.fonts.use(text, spec.bold)

    def draw(self, holder: BadgeHolder, lines: list[tuple[str, Text]], index: int) -> PrintedBadge:
        layout, pdf = self.layout, self.pdf
        if index % layout.per_page == 0:
            pdf.add_page()
        x0, y0 = layout.corner(index)
        left, top = x0 + layout.padding, y0 + layout.padding
        right, bottom = x0 + layout.badge[0] - layout.padding, y0 + layout.badge[1] - layout.padding
        module = layout.qr_size / (len(qr.modules(holder.code)) - 2 * qr.QUIET_ZONE)
        gap = qr.QUIET_ZONE * module  # text stays out of the QR code's quiet zone
        qr_left, qr_top = right - layout.qr_size, bottom - layout.qr_size
        self._qr(holder.code, qr_left, qr_top, module)

        # Names and pronouns from the top; the organisation at the foot, beside the QR code.
        above = [line for line in lines if line[1] is not layout.organisation]
        foot = [line for line in lines if line[1] is layout.organisation]
        y, name_size, name_font = top, 0.0, ""
        for text, spec in above:
            font = self.use(text, spec)
            size, wrapped = self._fit(text, right - left, spec)
            if y + _height(size, spec, len(wrapped)) > qr_top - gap:  # would reach the QR code
                size, wrapped = self._fit(text, qr_left - gap - left, spec)
            if spec is layout.event:  # quieter than the name, and a little apart from it
                pdf.set_text_color(EVENT_GREY)
                y = self._write(wrapped, left, y, size, spec) + layout.padding / 4
                pdf.set_text_color(0)
            else:
                y = self._write(wrapped, left, y, size, spec)
            if spec is layout.preferred:
                name_size, name_font = size, font.name
        for text, spec in foot:
            self.use(text, spec)
            size, wrapped = self._fit(text, qr_left - gap - left, spec)
            self._write(wrapped, left, max(y, bottom - _height(size, spec, len(wrapped))), size, spec)
        pdf.set_text_shaping(False)
        return PrintedBadge(holder.registration_id, holder.name, pdf.page, index % layout.per_page,
                            x0, y0, name_size, name_font)

    def _fit(self, text: str, width: float, spec: Text) -> tuple[float, list[str]]:
        """The largest size at which the text fits `width` in at most `spec.lines` lines; at the
        smallest size, it is scaled down further rather than overflow."""
        one_line = self.pdf.get_string_width(text) / self.pdf.font_size_pt  # width at 1 pt
        if one_line * spec.largest <= width:
            return spec.largest, [text]
        if spec.lines == 1 or one_line * spec.largest * ONE_LINE_SHRINK <= width:
            return self._scaled(text, width, spec.largest), [text]
        size = spec.largest
        while size >= spec.smallest:
            self.pdf.set_font_size(size)
            wrapped = self._wrap(text, width)
            if len(wrapped) <= spec.lines and all(self.pdf.get_string_width(line) <= width
                                                  for line in wrapped):
                return size, wrapped
            size -= SIZE_STEP
        # Still too long at the smallest size: the last line takes the rest, scaled to fit.
        wrapped = wrapped[:spec.lines - 1] + [" ".join(wrapped[spec.lines - 1:])]
        return min(self._scaled(line, width, spec.smallest) for line in wrapped), wrapped

    def _scaled(self, text: str, width: float, size: float) -> float:
        """The size (a tenth of a point at most, never larger than `size`) that fits `width`."""
        self.pdf.set_font_size(size)
        return min(size, int(size * width / self.pdf.get_string_width(text) * 10) / 10)

    def _wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            if lines and self.pdf.get_string_width(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines or [text]

    def _write(self, lines: list[str], x: float, y: float, size: float, spec: Text) -> float:
        """Print the lines from `y` down; returns where the next text may start."""
        self.pdf.set_font_size(size)
        step = size * PT * spec.leading
        for line in lines:
            self.pdf.set_xy(x, y)
            self.pdf.cell(h=step, text=line)
            y += step
        return y

    def _qr(self, code: str, x: float, y: float, module: float) -> None:
        """Vector modules, one rectangle per dark run: sharp at any printer resolution."""
        self.pdf.set_fill_color(0)
        offset = qr.QUIET_ZONE
        for row, column, length in qr.dark_runs(code):
            self.pdf.rect(x + (column - offset) * module, y + (row - offset) * module,
                          length * module, module, style="F")

    def output(self) -> bytes:
        """The PDF. fontTools' notes on font tables it drops while subsetting (the bitmaps some
        CJK fonts carry) are not for the person printing badges, so they are kept quiet."""
        subset_log = logging.getLogger("fontTools.subset")
        level = subset_log.level
        subset_log.setLevel(logging.ERROR)
        try:
            return bytes(self.pdf.output())
        finally:
            subset_log.setLevel(level)


def _height(size: float, spec: Text, lines: int) -> float:
    return size * PT * spec.leading * lines
