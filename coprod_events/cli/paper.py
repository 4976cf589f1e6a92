"""Printed documents: `door-list` and `register-sheet` (the paper fallback, printed before the
day), and `certificates` of attendance with the `organiser` who issues them.

Loaded when one of its commands runs, or for --help (`_COMMAND_MODULES` in cli/__init__.py).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..core.text import plural
from . import Context, command, emit, main, warn
from .progress import progress_bar


@command(main, "door-list")
@click.argument("event")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The PDF to write, e.g. door.pdf.")
def door_list_command(ctx: Context, as_json: bool, event: str, out: Path) -> None:
    """A door list of EVENT to print before the day: everyone confirmed by surname, the last 6
    characters of their code, their sessions and a box to tick; then staff actions (never notes)
    for the people with access needs, on pages of their own."""
    from ..core import paper_lists  # imported late: PDF code costs the other commands nothing

    with progress_bar(as_json, "Door list") as progress:
        run = paper_lists.write_door_list(ctx.store, event, out, progress=progress)
    _warn_unprintable(run.unprintable)
    emit(as_json, {"out": str(run.path), "pages": run.pages, "people": run.people,
                   "staff_actions": run.staff_actions, "unprintable": run.unprintable},
         f"Wrote the door list to {run.path}: {plural(run.people, 'person', 'people')} in surname "
         f"order, staff actions for {plural(run.staff_actions, 'person', 'people')} "
         f"({plural(run.pages, 'page')}).")


@command(main, "register-sheet")
@click.argument("event")
@click.option("--session", "session_id", type=int, help="Only this session's register.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The PDF to write, e.g. registers.pdf.")
def register_sheet_command(ctx: Context, as_json: bool, event: str, session_id: int | None,
                           out: Path) -> None:
    """Sign-in registers for EVENT's sessions (or one), each from a new page: the people expected
    there by surname, a box to tick, and blank lines for anyone unannounced."""
    from ..core import paper_lists

    with progress_bar(as_json, "Registers") as progress:
        run = paper_lists.write_registers(ctx.store, event, out, session_id=session_id, progress=progress)
    _warn_unprintable(run.unprintable)
    sessions = [{"session_id": sid, "title": title, "people": count} for sid, title, count in run.sessions]
    lines = [f"Wrote {plural(len(sessions), 'register')} to {run.path} ({plural(run.pages, 'page')}):"]
    lines += [f"  {title}: {plural(count, 'person', 'people')}" for _, title, count in run.sessions]
    emit(as_json, {"out": str(run.path), "pages": run.pages, "sessions": sessions,
                   "unprintable": run.unprintable}, lines)


def _warn_unprintable(names: tuple[str, ...]) -> None:
    if names:
        warn(f"No installed font can print {', '.join(names)}: the list has a placeholder in their place "
             "(with their code, on the door list). Install a font such as Noto Sans CJK, or write them in.")


@command(main, "organiser")
@click.option("--name", help='The Centre\'s name, as certificates give it, e.g. "Northbridge Centre".')
@click.option("--contact", help="How to reach the Centre: an email address, phone or web page.")
@click.option("--signatory", help='Who signs certificates, e.g. "Dr Ada Okafor, Director".')
@click.option("--signature", help="A PNG or JPEG of the signature, printed above the line.")
@click.option("--logo", help="A PNG or JPEG logo for the top of certificates.")
def organiser_command(ctx: Context, as_json: bool, **changes: str | None) -> None:
    """Show, or save, who issues certificates (give "" to clear an item)."""
    from ..core import certificates

    given = {field: value for field, value in changes.items() if value is not None}
    found = (certificates.save_organiser(ctx.store, **given) if given
             else certificates.organiser(ctx.store))
    emit(as_json, found, [f"{field.capitalize()}: {value or '(not set)'}"
                          for field, value in vars(found).items()])


@command(main, "certificates")
@click.argument("event")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="certificates.pdf for one file (a page each), or a folder for one PDF per person.")
@click.option("--all-attended", is_flag=True,
              help="Everyone who attended a session, not only those eligible.")
def certificates_command(ctx: Context, as_json: bool, event: str, out: Path, all_attended: bool) -> None:
    """Certificates of attendance for EVENT: the person, the event and its dates, the hours they
    attended, the organiser (see `organiser`); for those eligible by the event's rule."""
    from ..core import certificates

    with progress_bar(as_json, "Certificates") as progress:
        run = certificates.write_certificates(ctx.store, event, out, all_attended=all_attended,
                                              progress=progress)
    if run.not_printed:
        warn(f"No installed font can print {', '.join(c.name for c, _ in run.not_printed)}: no "
             "certificate for them. Install a font such as Noto Sans CJK, or write theirs by hand.")
    where = str(run.paths[0]) if len(run.paths) == 1 and out.suffix.lower() == ".pdf" else str(out)
    emit(as_json, {"out": where, "files": [str(path) for path in run.paths],
                   "certificates": [{"registration_id": c.registration_id, "name": c.name,
                                     "sessions_attended": c.sessions_attended, "minutes": c.minutes}
                                    for c in run.printed],
                   "not_printed": [{"registration_id": c.registration_id, "name": c.name, "reason": why}
                                   for c, why in run.not_printed]},
         f"Wrote {plural(len(run.printed), 'certificate')} to {where}.")
