"""Every document an event's screen can make, in one list: what it is, the file it goes to by
default, whether that file may be replaced, and how it is written (by the same core functions
the commands use, with their progress).

The app's Documents screen shows this list; nothing here knows about screens.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import CoprodError, quote
from .progress import Progress
from .store import Store
from .text import plural

FOLDER = ""  # a document written as a folder of files, one per person
EXPORTS = ("registrations", "attendance", "checkins", "payments", "catering", "access")


@dataclass(frozen=True)
class Document:
    key: str
    label: str  # in the list to choose from
    about: str  # what it holds, and for whom
    formats: tuple[str, ...]  # file name endings it may have, the default first; FOLDER: a folder
    health: bool = False  # it holds health data

    @property
    def spreadsheet(self) -> bool:
        return self.key in EXPORTS


@dataclass(frozen=True)
class Saved:
    path: str
    said: str  # what was written, in a sentence
    warning: str | None = None  # who was left out, and why


DOCUMENTS = {document.key: document for document in (
    Document("door-list", "Door list", "Everyone confirmed, by surname, with the last 6 characters of "
             "their code, their sessions and a box to tick; then staff actions (never notes) for people "
             "with access needs, on pages of their own. Print it before the day.", ("pdf",)),
    Document("registers", "Sign-in registers", "A register for each session: the people expected, by "
             "name, with a box to tick and blank lines for anyone unannounced.", ("pdf",)),
    Document("badges", "Name badges", "Name, pronouns, organisation and a QR code for the desk, by "
             "surname. Never roles, access needs or notes.", ("pdf",)),
    Document("tickets", "Tickets", "A printable ticket a page for everyone confirmed; or, in a folder, "
             "a QR code image per person.", ("pdf", FOLDER)),
    Document("certificates", "Certificates", "Certificates of attendance for those eligible by the "
             "event's rule: the person, the event, its dates, hours attended, the organiser.",
             ("pdf", FOLDER)),
    Document("registrations", "Registrations export",
             "Everyone registered: status, roles, sessions, consent.", ("xlsx", "csv")),
    Document("attendance", "Attendance export",
             "Each person's mark at each session held, and the course tally.", ("xlsx", "csv")),
    Document("checkins", "Check-ins export", "The check-in log, refused and undone scans included.",
             ("xlsx", "csv")),
    Document("payments", "Payments export", "What each person is due and was paid, expenses, payments made: "
             "for finance.", ("xlsx", "csv")),
    Document("catering", "Catering export", "Dietary totals, then each person's needs. It holds health data: "
             "share it only with the caterers.", ("xlsx", "csv"), health=True),
    Document("access", "Access needs export", "How many need each adjustment, then who. It holds health "
             "data: for staff only.", ("xlsx", "csv"), health=True),
)}


def default_path(key: str, event_slug: str, *, folder: bool = False) -> str:
    """"~/Documents/autumn-conference-badges.pdf" (your home folder if it has no Documents),
    or the folder of that name, for one file per person."""
    document = DOCUMENTS[key]
    where = "~/Documents" if (Path.home() / "Documents").is_dir() else "~"
    ending = "" if folder and FOLDER in document.formats else f".{document.formats[0]}"
    return f"{where}/{event_slug}-{key}{ending}"


def check(key: str, out: str) -> str | None:
    """Before anything is made: a CoprodError if `out` cannot be written (a wrong ending, a
    folder you may not write in); else a question if it would replace something, or None."""
    from .ticket_files import output_path

    document = DOCUMENTS[key]
    if not out.strip():
        raise CoprodError("Say where to save it: a file name.")
    path = output_path(out.strip())
    ending = path.suffix.lower().lstrip(".")
    folder = FOLDER in document.formats and ending != "pdf"
    if not folder and ending not in document.formats:
        endings = " or ".join(f".{fmt}" for fmt in document.formats if fmt)
        also = ", or a folder for one file per person" if FOLDER in document.formats else ""
        raise CoprodError(f"Give a file name ending in {endings}{also} (not {quote(path.name)}).")
    existing = next(p for p in (path if folder else path.parent, *path.parents) if p.exists())
    if not existing.is_dir():
        raise CoprodError(f"{existing} is a file, not a folder: choose another place.")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise CoprodError(f"You cannot save in {existing}: choose another folder.")
    if folder and path.is_dir() and any(path.iterdir()):
        return f"{path} already has files in it: write into it, replacing any of the same name?"
    if not folder and path.is_dir():
        raise CoprodError(f"{path} is a folder: give a file name.")
    if not folder and path.exists():
        return f"{path.name} is already in {path.parent}: replace it?"
    return None


def write(store: Store, event_id: int, key: str, out: str, *, all_attended: bool = False,
          layout: str = "a6", progress: Progress | None = None) -> Saved:
    """Write the document `key` of the event to `out`, as the command of its name does (an
    export is logged, as every export is)."""
    if key in EXPORTS:
        from . import exports

        done = exports.export(store, event_id, key, out, progress=progress)
        health = ": it holds health data, so keep it private" if done.health_data else ""
        return Saved(done.path, f"{plural(done.rows, 'row')}{health}.")
    return _WRITERS[key](store, event_id, out, all_attended=all_attended, layout=layout, progress=progress)


def _door_list(store: Store, event_id: int, out: str, *, progress: Progress | None, **_: object) -> Saved:
    from . import paper_lists

    run = paper_lists.write_door_list(store, event_id, out, progress=progress)
    return Saved(str(run.path), f"{plural(run.people, 'person', 'people')}, staff actions for "
                 f"{run.staff_actions} ({plural(run.pages, 'page')}).", _unprintable(run.unprintable))


def _registers(store: Store, event_id: int, out: str, *, progress: Progress | None, **_: object) -> Saved:
    from . import paper_lists

    run = paper_lists.write_registers(store, event_id, out, progress=progress)
    return Saved(str(run.path), f"{plural(len(run.sessions), 'register')} "
                 f"({plural(run.pages, 'page')}).", _unprintable(run.unprintable))


def _badges(store: Store, event_id: int, out: str, *, layout: str, progress: Progress | None,
            **_: object) -> Saved:
    from . import badges

    run = badges.write_badges(store, event_id, out, layout=layout, progress=progress)
    return Saved(str(run.path), f"{plural(len(run.printed), 'badge')} ({plural(run.pages, 'page')}).",
                 badges.not_rendered_message(run.not_rendered) if run.not_rendered else None)


def _tickets(store: Store, event_id: int, out: str, *, progress: Progress | None, **_: object) -> Saved:
    from . import ticket_files

    event, holders = ticket_files.for_event(store, event_id)
    if ticket_files.output_path(out).suffix.lower() == ".pdf":
        path = ticket_files.write_pdf(event, holders, out, progress=progress)
        return Saved(str(path), f"{plural(len(holders), 'ticket')}, one a page.")
    files = ticket_files.write_images(event, holders, out, "png", progress=progress)
    return Saved(str(ticket_files.output_path(out)),
                 f"{plural(len(files), 'QR code image')}, one per person.")


def _certificates(store: Store, event_id: int, out: str, *, all_attended: bool, progress: Progress | None,
                  **_: object) -> Saved:
    from . import certificates, ticket_files

    run = certificates.write_certificates(store, event_id, out, all_attended=all_attended, progress=progress)
    folder = ticket_files.output_path(out)
    path = run.paths[0] if folder.suffix.lower() == ".pdf" else folder
    missing = ", ".join(c.name for c, _ in run.not_printed)
    return Saved(str(path), f"{plural(len(run.printed), 'certificate')}.",
                 f"No installed font can print {missing}: no certificate for them." if missing else None)


def _unprintable(names: tuple[str, ...]) -> str | None:
    return (f"No installed font can print {', '.join(names)}: a placeholder stands in their place."
            if names else None)


_WRITERS: dict[str, Callable[..., Saved]] = {
    "door-list": _door_list, "registers": _registers, "badges": _badges, "tickets": _tickets,
    "certificates": _certificates}
