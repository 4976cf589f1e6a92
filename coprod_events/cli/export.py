"""`coprod-events export`: an event's data as a CSV or XLSX file (core/exports.py)."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.text import plural
from . import Context, command, emit, main
from .progress import progress_bar


@command(main, "export")
@click.argument("event")
@click.option("--what", required=True, metavar="KIND",
              help="registrations, attendance, checkins, payments, catering or access.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The file to write: FILE.csv (UTF-8, opens in Excel) or FILE.xlsx.")
@click.option("--operator", help="Who is exporting, for the export log (default: your login name).")
def export_command(ctx: Context, as_json: bool, event: str, what: str, out: Path,
                   operator: str | None) -> None:
    """Export EVENT's data for finance, funders, caterers or staff, as CSV or XLSX.

    \b
    registrations  everyone registered: status, roles, sessions, consent
    attendance     each person's mark at each session held, and the course tally
    checkins       the check-in log, refused and undone scans included
    payments       what each person is due and was paid, expenses, payments made
    catering       dietary totals, then each person's needs (health data)
    access         how many need each adjustment, then who (health data)

    Files that hold health data say so on their first line. Every export is logged (who,
    when, what; never the data). The file is readable by you alone.
    """
    from ..core import exports  # imported late: other commands never pay for it

    with progress_bar(as_json, f"Exporting {what}") as progress:
        done = exports.export(ctx.store, event, what, out, operator=operator, progress=progress)
    emit(as_json, done, f"Wrote {what} of {done.event} to {done.path} ({plural(done.rows, 'row')})"
         + (": it holds health data, so keep it private." if done.health_data else "."))
