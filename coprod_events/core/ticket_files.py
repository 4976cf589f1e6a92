"""Tickets that leave the app: a QR image per person (PNG or SVG), or a PDF, a ticket a page.

A file says who it is for only by name and registration id: never roles or access needs (a
large-print request makes the PDF larger, without saying so). Files
are written whole or not at all (a temporary file, then a rename), and readable by you alone,
since a ticket code lets a person in.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import qr, text, ticket_content, tickets
from .errors import CoprodError, quote
from .events import Event, get_event
from .progress import Progress, counted
from .registrations import get_registration
from .store import Store
from .text import slug

FORMATS = ("pdf", "png", "svg")
IMAGE_FORMATS = ("png", "svg")
STEM_LIMIT = 60


@dataclass(frozen=True)
class TicketHolder:
    """What goes on a ticket: the name to print, the code, their dates (`ticket_content`), and
    the print size they asked for (None: the usual). Nothing else about them."""
    registration_id: int
    name: str
    code: str
    agenda: ticket_content.Agenda = ticket_content.NOTHING
    print_size: float | None = None

    @property
    def file_stem(self) -> str:
        return file_stem(self.name, self.registration_id)


def file_stem(name: str, registration_id: int) -> str:
    """"Ada Okafor", 123 -> "okafor-ada-123": surname first, so a folder sorts as a list of
    people does; ASCII letters and digits only, so no name can make a path or upset a printer."""
    words = name.split()
    stem = slug(" ".join(words[-1:] + words[:-1]), STEM_LIMIT)
    return f"{stem}-{registration_id}" if stem else f"ticket-{registration_id}"


def for_registration(store: Store, registration_id: int | str) -> tuple[Event, TicketHolder]:
    """One registration's ticket (its live code, issued now if it has none)."""
    registration = get_registration(store, registration_id)
    if registration.status == "cancelled":
        raise CoprodError(f"Registration {registration.id} ({registration.name}) is cancelled, "
                          "so it has no ticket to print.")
    ticket = tickets.issue(store, registration.id)
    event = get_event(store, registration.event_id)
    return event, TicketHolder(
        registration.id, registration.name, ticket.code,
        ticket_content.agenda(store, event, registration.id),
        ticket_content.print_sizes(store, event, registration.id).get(registration.id))


def for_event(store: Store, event_ref: str | int) -> tuple[Event, list[TicketHolder]]:
    """A ticket for every confirmed registration, by name; any without a live code gets one."""
    event = get_event(store, event_ref)
    found = tickets.holders(store, event.id)
    agendas, sizes = ticket_content.agendas(store, event), ticket_content.print_sizes(store, event)
    return event, [TicketHolder(h.registration_id, h.name, h.code or "",
                                agendas.get(h.registration_id, ticket_content.NOTHING),
                                sizes.get(h.registration_id))
                   for h in found]


def format_of(path: str | Path) -> str:
    return text.file_format(path, FORMATS)


def render(event: Event, holders: Sequence[TicketHolder], fmt: str, progress: Progress | None = None
           ) -> bytes:
    """An image holds one code; a PDF holds a page per holder."""
    if fmt == "pdf":
        from . import ticket_pdf  # fpdf2 takes a third of a second to import: only PDFs pay it

        return ticket_pdf.render(event, holders, progress)
    (holder,) = holders
    return qr.png_bytes(holder.code) if fmt == "png" else qr.svg_text(holder.code).encode()


def write_ticket(event: Event, holder: TicketHolder, path: str | Path) -> Path:
    """One ticket, in the format its file name ends with."""
    path = output_path(path)
    fmt = format_of(path)
    return write_file(path, lambda: render(event, [holder], fmt))


def write_pdf(event: Event, holders: Sequence[TicketHolder], path: str | Path, *,
              progress: Progress | None = None) -> Path:
    """Every holder's ticket in one PDF, a page each."""
    path = output_path(path)
    if path.suffix.lower() != ".pdf":
        raise CoprodError(f"Give the PDF a file name ending in .pdf (not {quote(path.name)}); "
                          "for a folder of images, choose png or svg.")
    _require_some(event, holders)
    return write_file(path, lambda: render(event, holders, "pdf", progress))


def write_images(event: Event, holders: Sequence[TicketHolder], folder: str | Path,
                 fmt: str, *, progress: Progress | None = None) -> list[Path]:
    """One image per holder in `folder` (created if need be), named for the person, all or
    none (`write_folder`)."""
    if fmt not in IMAGE_FORMATS:
        raise CoprodError(f"Unknown image format {quote(fmt)}: choose png or svg.")
    _require_some(event, holders)
    files = [(f"{holder.file_stem}.{fmt}", functools.partial(render, event, [holder], fmt))
             for holder in holders]
    return write_folder(output_path(folder), files,
                        f"{fmt} tickets need a folder (one image per person). Give a folder, or "
                        "choose pdf for one file.", progress=progress)


def write_folder(folder: Path, files: Sequence[tuple[str, Callable[[], bytes]]], why_a_folder: str,
                 *, progress: Progress | None = None) -> list[Path]:
    """Each (name, make) as a file in `folder` (created if need be), readable by you alone.

    All are written to a hidden staging folder first and moved in at the end, so a failure
    (a full disk) leaves no partial set behind. `why_a_folder` ends the message when `folder`
    is a file.
    """
    with _all_or_nothing(folder, folder=True) as undo:
        if folder.exists() and not folder.is_dir():
            raise CoprodError(f"{folder} is a file, but {why_a_folder}")
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=".coprod-files-"))
        undo.append(staging)
        for name, make in counted(files, progress):
            _write_private(staging / name, make())
        for name, _ in files:
            os.replace(staging / name, folder / name)
        staging.rmdir()
    return [folder / name for name, _ in files]


def output_path(typed: str | Path) -> Path:
    """Where to write, as typed: "~" is your home folder; "~name" a home that must exist."""
    try:
        return Path(typed).expanduser()
    except RuntimeError as error:  # ~someone-unknown
        raise CoprodError(f"Cannot tell which folder {quote(typed)} means: no such user's home. "
                          "Give the path in full.") from error


def write_file(path: Path, make: Callable[[], bytes]) -> Path:
    """Write what `make` returns to `path`, whole or not at all (via a temporary file). A
    database is never written over: a mistyped --out must not cost the day's check-ins."""
    with _all_or_nothing(path) as undo:
        if path.is_dir():
            raise CoprodError(f"{path} is a folder: give a file name ending in .pdf, .png or .svg.")
        if _is_database(path):
            raise CoprodError(f"{path} is a database, not a file to write over. Nothing was "
                              "written: give another file name.")
        data = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                                 suffix=".part")
        undo.append(Path(temporary))
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    return path


@contextlib.contextmanager
def _all_or_nothing(target: Path, *, folder: bool = False) -> Iterator[list[Path]]:
    """On any failure, remove what the block listed (temporary files) and the folders it
    created; a failure to write becomes a message a person can act on."""
    innermost = target if folder else target.parent
    missing = [path for path in (innermost, *innermost.parents) if not os.path.lexists(path)]
    created = missing[-1:]  # the outermost folder that mkdir(parents=True) will make
    listed: list[Path] = []
    try:
        yield listed
    except BaseException as error:
        for path in [*listed, *created]:
            _remove(path)
        if isinstance(error, OSError):
            # quoted short: a name too long for the file system is the usual reason
            raise CoprodError(f"Cannot write {quote(str(target))}: {error.strerror or error}. Nothing was "
                              "written there: choose another place.") from error
        raise


def _remove(path: Path) -> None:
    """Tidy up after a failure, quietly: the failure itself is what gets reported."""
    try:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _is_database(path: Path) -> bool:
    """A SQLite file (or its journal): its first bytes say so."""
    if path.name.endswith(("-wal", "-shm", "-journal")) and path.exists():
        return True
    try:
        with path.open("rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _write_private(path: Path, data: bytes) -> None:
    """A new file readable by you alone (mode 0600): a ticket code lets a person in."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
        file.write(data)


def _require_some(event: Event, holders: Sequence[TicketHolder]) -> None:
    if not holders:
        raise CoprodError(f"{event.title} has no confirmed registrations, so there are no "
                          "tickets to write.")
