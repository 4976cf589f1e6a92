"""`door-list` and `register-sheet`: the paper fallback, printed before the day.

Registered on the main command group when cli.py is imported (its last lines import this).
"""

from __future__ import annotations

from pathlib import Path

import click

from .cli import Context, command, emit, main, warn
from .core.text import plural


@command(main, "door-list")
@click.argument("event")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The PDF to write, e.g. door.pdf.")
def door_list_command(ctx: Context, as_json: bool, event: str, out: Path) -> None:
    """A door list of EVENT to print before the day: everyone confirmed by surname, the last 6
    characters of their code, their sessions and a box to tick; then staff actions (never notes)
    for the people with access needs, on pages of their own."""
    from .core import paper_lists  # imported late: PDF code costs the other commands nothing

    run = paper_lists.write_door_list(ctx.store, event, out)
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
    from .core import paper_lists

    run = paper_lists.write_registers(ctx.store, event, out, session_id=session_id)
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
