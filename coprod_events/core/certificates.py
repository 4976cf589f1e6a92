"""Certificates of attendance: evidence a funder or a CPD body accepts, one page per person.

A certificate names the person (as they registered), the event or course, its dates, the hours
they attended (from the check-in log, session by session, as `attendance` marks it), and the
organiser (the Centre's name and contact, saved once with `save_organiser`), with a signature
line (or a signature image) and an optional logo. Only people eligible by the event's rule get
one, unless asked for everyone who attended at all. Nothing else about the person is read.
Names print in DejaVu Sans, an installed font for other scripts, shaped where the script needs
it (Arabic, Hebrew), as badges do; a name no font can print gets no certificate, and is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from . import attendance as attendance_core
from . import dates, surnames, ticket_files
from .data import settings
from .errors import CoprodError, quote
from .events import Event
from .pdf_fonts import Fonts
from .progress import Progress, counted
from .registrations import get_registration
from .store import Store
from .text import clean, plural

KEYS = {"name": "organiser.name", "contact": "organiser.contact", "signatory": "certificate.signatory",
        "signature": "certificate.signature", "logo": "certificate.logo"}
IMAGE_TYPES = (".png", ".jpg", ".jpeg")
NO_ORGANISER = ("Certificates name the organiser, and none is saved yet: run "
                'coprod-events organiser --name "Your Centre" --contact "email or phone" first.')
MARGIN = 18  # mm, on A4 landscape
INK, MUTED = (0, 0, 0), (80, 80, 80)


@dataclass(frozen=True)
class Organiser:
    """Who issues certificates: the Centre's name and contact, who signs, and optional images."""
    name: str | None = None
    contact: str | None = None
    signatory: str | None = None  # "Dr Ada Okafor, Director": printed beneath the signature line
    signature: str | None = None  # a PNG or JPEG of the signature, printed above the line
    logo: str | None = None


@dataclass(frozen=True)
class Certificate:
    registration_id: int
    name: str
    sessions_attended: int
    sessions_total: int
    minutes: int  # attended, counted from arrival (or the start) to leaving (or the end)

    @property
    def hours(self) -> str:
        """"5.5 hours", to the nearest quarter hour."""
        quarters = round(self.minutes / 15)
        text = f"{quarters / 4:.2f}".rstrip("0").rstrip(".")
        return f"{text} {'hour' if quarters == 4 else 'hours'}"


@dataclass(frozen=True)
class CertificateRun:
    paths: tuple[Path, ...]  # one PDF, or one per person in a folder
    printed: tuple[Certificate, ...]
    not_printed: tuple[tuple[Certificate, str], ...]  # and why (no font for the name)


def organiser(store: Store) -> Organiser:
    return Organiser(**{field: settings.get(store, key) for field, key in KEYS.items()})


def save_organiser(store: Store, **changes: str | None) -> Organiser:
    """Save the fields given (an empty string clears one); images are checked to be there."""
    checked = {field: (str(_image(value, field)) if field in ("signature", "logo") else clean(value, field))
               if value else None for field, value in changes.items()}
    with store.write():
        for field, value in checked.items():
            if value:
                settings.put(store, KEYS[field], value)
            else:
                settings.delete(store, KEYS[field])
    return organiser(store)


def _image(path: str, field: str) -> Path:
    image = Path(path).expanduser().resolve()
    if image.suffix.lower() not in IMAGE_TYPES or not image.is_file():
        raise CoprodError(f"The {field} must be a PNG or JPEG file that exists: {quote(path)} is not.",
                          field=field)
    return image


def _tallies(store: Store, event_ref: str | int, now: datetime | None
             ) -> tuple[Event, list[tuple[attendance_core.SeriesRow, Certificate]]]:
    """Each confirmed person's tally (as `attendance` counts it) and what a certificate would say."""
    found = attendance_core.attendance(store, event_ref, now=now)
    minutes: dict[int, int] = {}
    attended: dict[int, int] = {}
    for item in found.sessions:
        for mark in item.marks:
            span = attendance_core.attended_span(item.session, mark)
            if span is None:
                continue
            came, went = span
            minutes[mark.registration_id] = minutes.get(mark.registration_id, 0) + round(
                (went - came).total_seconds() / 60)
            attended[mark.registration_id] = attended.get(mark.registration_id, 0) + 1
    return found.event, [
        (row, Certificate(row.registration_id, row.name, attended.get(row.registration_id, 0), row.total,
                          minutes.get(row.registration_id, 0)))
        for row in found.series]


def who_gets_one(store: Store, event_ref: str | int, *, all_attended: bool = False,
                 now: datetime | None = None) -> tuple[Event, list[Certificate]]:
    """The people given a certificate, by surname: those eligible by the event's rule (as
    `attendance` counts it), or with `all_attended` everyone who attended a session."""
    event, tallies = _tallies(store, event_ref, now)
    chosen = [c for row, c in tallies if (row.eligible or all_attended) and c.sessions_attended]
    return event, sorted(chosen, key=lambda c: (surnames.sort_key(c.name), c.registration_id))


@dataclass(frozen=True)
class Standing:
    """Whether one person is given a certificate and, if not, why not: what the registration
    screen asks before it writes theirs."""
    event: Event
    name: str
    status: str  # of the registration: only a confirmed one has a tally
    row: attendance_core.SeriesRow | None
    certificate: Certificate | None
    cannot_write: str | None  # why no certificate can be written yet (no organiser saved), if so

    @property
    def eligible(self) -> bool:
        return self.row is not None and self.row.eligible and self.attended

    @property
    def attended(self) -> bool:
        """Came to a session at all: a certificate can be given anyway (as --all-attended does)."""
        return self.certificate is not None and self.certificate.sessions_attended > 0

    @property
    def why_not(self) -> str:
        """"attended 2 of 4 sessions, needs 3", in words to follow the person's name."""
        row, cert = self.row, self.certificate
        if row is None or cert is None:
            where = "on the waiting list" if self.status == "waitlisted" else self.status
            return f"is {where}, so has no attendance to certify"
        so_far = f" ({row.held} held so far)" if row.held < row.total else ""
        if not cert.sessions_attended:
            return (f"has not attended any of {plural(row.total, 'session')}{so_far}" if row.total > 1
                    else "did not attend" if row.held else "has not attended yet")
        return (f"attended {cert.sessions_attended} of {plural(row.total, 'session')}{so_far}, "
                f"needs {row.needed}")


def standing(store: Store, registration_id: int, *, now: datetime | None = None) -> Standing:
    registration = get_registration(store, registration_id)
    event, tallies = _tallies(store, registration.event_id, now)
    row, cert = next(((r, c) for r, c in tallies if r.registration_id == registration.id), (None, None))
    return Standing(event, registration.name, registration.status, row, cert,
                    cannot_write=None if organiser(store).name else NO_ORGANISER)


def write_certificates(store: Store, event_ref: str | int, out: str | Path, *,
                       all_attended: bool = False, now: datetime | None = None,
                       progress: Progress | None = None) -> CertificateRun:
    """Certificates to `out`: one PDF (a page each) if it ends in .pdf, else a folder of one
    PDF per person (named for them). Whole or not at all, readable by you alone."""
    path = ticket_files.output_path(out)
    who = _organiser_named(store)
    event, people = who_gets_one(store, event_ref, all_attended=all_attended, now=now)
    if not people:
        rule = "attended a session" if all_attended else (
            f"attended {event.certificate_ratio:.0%} of the sessions (add --all-attended for everyone "
            "who came)")
        raise CoprodError(f"No one at {event.title} has {rule}, so there are no certificates to write.")
    return _write(event, who, people, path, progress)


def write_one(store: Store, registration_id: int, out: str | Path, *, anyway: bool = False,
              now: datetime | None = None) -> CertificateRun:
    """One person's certificate to `out` (a .pdf): if they are eligible, or `anyway` if they
    attended at all."""
    path = ticket_files.output_path(out)
    who = _organiser_named(store)
    found = standing(store, registration_id, now=now)
    if found.certificate is None or not (found.eligible or anyway and found.attended):
        raise CoprodError(f"No certificate for {found.name}, who {found.why_not}.")
    return _write(found.event, who, [found.certificate], path)


def _organiser_named(store: Store) -> Organiser:
    who = organiser(store)
    if not who.name:
        raise CoprodError(NO_ORGANISER)
    return who


def _write(event: Event, who: Organiser, people: list[Certificate], path: Path,
           progress: Progress | None = None) -> CertificateRun:
    issued = dates.local(dates.utcnow(), event.tz).date()
    sheet = _Sheet(event, who, issued)
    printable = [c for c in people if not sheet.faces.problem(c.name, bold=True)]
    skipped = tuple((c, sheet.faces.problem(c.name, bold=True) or "") for c in people if c not in printable)
    if not printable:
        whose = plural(len(people), "person", "people")
        raise CoprodError(f"No installed font can print the names of the {whose} to be given "
                          "certificates. Nothing was written.")
    if path.suffix.lower() == ".pdf":
        paths: tuple[Path, ...] = (ticket_files.write_file(path, lambda: sheet.render(printable, progress)),)
    else:
        files = [(f"{ticket_files.file_stem(c.name, c.registration_id)}.pdf",
                  lambda c=c: _Sheet(event, who, issued).render([c])) for c in printable]
        paths = tuple(ticket_files.write_folder(path, files, "one certificate per person needs a folder: "
                                                "give a folder, or a file name ending in .pdf.",
                                                progress=progress))
    return CertificateRun(paths, tuple(printable), skipped)


def when_text(event: Event) -> str:
    """"on Thursday 3 December 2026", or "from 28 October to 2 December 2026"."""
    start, end = dates.local(event.starts_at, event.tz).date(), dates.local(event.ends_at, event.tz).date()
    if start == end:
        return f"on {_day(start, weekday=True)}"
    return f"from {_day(start)} to {_day(end)}"


def _day(day: date, weekday: bool = False) -> str:
    return (f"{day:%A} " if weekday else "") + f"{day.day} {day:%B %Y}"


class _Sheet(FPDF):
    """A4 landscape, a certificate a page, everything centred."""

    def __init__(self, event: Event, who: Organiser, issued: date):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.set_creator("coprod-events")
        self.set_title(f"Certificates: {event.title}")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.faces = Fonts(self)
        self.event, self.who, self.issued = event, who, issued

    def render(self, people: Sequence[Certificate], progress: Progress | None = None) -> bytes:
        for person in counted(people, progress):
            self._page(person)
        return bytes(self.output())

    def _page(self, person: Certificate) -> None:
        self.add_page()
        self.set_draw_color(*INK)
        self.set_line_width(0.8)
        self.rect(MARGIN / 2, MARGIN / 2, self.w - MARGIN, self.h - MARGIN)
        y = MARGIN + 4
        if self.who.logo and Path(self.who.logo).is_file():
            self.image(self.who.logo, x=(self.w - 60) / 2, y=y, w=60, h=22, keep_aspect_ratio=True)
        self.set_y(y + 26)
        self._line("Certificate of attendance", 28, bold=True, after=6)
        self._line("This is to certify that", 14, colour=MUTED, after=3)
        self._line(person.name, 30, bold=True, after=4)
        self._line("attended", 14, colour=MUTED, after=3)
        self._line(self.event.title, 20, bold=True, after=3)
        self._line(when_text(self.event), 14, after=3)
        sessions = (f"{person.sessions_attended} of {plural(person.sessions_total, 'session')}, "
                    if person.sessions_total > 1 else "")
        self._line(f"{sessions}{person.hours} attended", 14, after=3)
        self._signature()

    def _signature(self) -> None:
        """The signature (an image above a line, or the line to sign on), who signs, the
        organiser and its contact, and the date issued."""
        width, left, line_y = 90, (self.w - 90) / 2, self.h - MARGIN - 30
        if self.who.signature and Path(self.who.signature).is_file():
            self.image(self.who.signature, x=left, y=line_y - 18, w=width, h=16, keep_aspect_ratio=True)
        self.set_line_width(0.3)
        self.line(left, line_y, left + width, line_y)
        self.set_y(line_y + 1.5)
        for text, points in ((self.who.signatory, 11), (self.who.name, 12), (self.who.contact, 10),
                             (f"Issued {_day(self.issued)}", 10)):
            if text:
                self._line(text, points, colour=MUTED if points < 12 else INK)

    def _line(self, text: str, points: float, *, bold: bool = False, colour=INK, after: float = 0) -> None:
        """One centred line, shrunk to fit the page's width if need be."""
        self.faces.use(text, bold)
        self.set_font_size(points)
        width = self.w - 3 * MARGIN
        if self.get_string_width(text) > width:
            self.set_font_size(max(8.0, points * width / self.get_string_width(text)))
        self.set_text_color(*colour)
        self.set_x(MARGIN)
        self.cell(self.w - 2 * MARGIN, self.font_size * 1.4, text, align="C",
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_shaping(False)
        self.ln(after)
