"""`coprod-events retention`, `purge`, `person export` and `person erase` (issue 12): health data
kept no longer than promised, a subject access request and an erasure in one command each.
Exit codes: 0 done; 1 refused (an erasure not confirmed); 2 bad input; 3 an internal error."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core import people
from ..core.text import plural
from . import EXIT_REFUSED, Context, _say, command, emit, main, warn
from .person import person_group


@command(main, "retention")
@click.option("--health-days", type=click.IntRange(0, 36_500),
              help="Erase health data this many days after an event ends (default 30).")
@click.option("--inactive-years", type=click.IntRange(0, 100),
              help="Anonymise people with no registration for this many years (default 3).")
@click.option("--event", help="Set --health-days for this event only.")
@click.option("--event-default", is_flag=True, help="With --event: use the setting for it again.")
def retention_command(ctx: Context, as_json: bool, health_days: int | None, inactive_years: int | None,
                      event: str | None, event_default: bool) -> None:
    """Show or set how long data is kept. `purge` (and the app, once a day) erases what is past it."""
    from ..core import retention

    if event is not None:
        if health_days is None and not event_default:
            days = retention.event_days(ctx.store, event)
        else:
            days = retention.set_event_days(ctx.store, event, None if event_default else health_days)
        rules = retention.policy(ctx.store)
        emit(as_json, {"event": event, "health_days": days, "default_health_days": rules.health_days},
             f"Health data of {event} is erased {days if days is not None else rules.health_days} "
             f"days after it ends{'' if days is not None else ' (the setting)'}.")
        return
    rules = retention.set_policy(ctx.store, health_days=health_days, inactive_years=inactive_years) \
        if health_days is not None or inactive_years is not None else retention.policy(ctx.store)
    emit(as_json, {"health_days": rules.health_days, "inactive_years": rules.inactive_years},
         rules.describe())


@command(main, "purge")
@click.option("--dry-run", is_flag=True, help="Say what is due, and erase nothing.")
def purge_command(ctx: Context, as_json: bool, dry_run: bool) -> None:
    """Erase what is past its retention period: health data (access needs and notes, dietary,
    role notes) after events, and inactive people (anonymised; their registrations and check-ins
    stay as anonymous rows, so counts stay right). A backup is taken first. The app does this by
    itself once a day when it starts."""
    from ..core import retention

    done = retention.purge(ctx.store, dry_run=dry_run)
    lines = [done.describe()]
    lines += [f"  {slug}: {plural(len(ids), 'registration')}" for slug, ids in done.registrations.items()]
    if done.backup:
        lines.append(f"A backup from before it: {done.backup}")
    emit(as_json, done.as_json(), lines)


@command(person_group, "export")
@click.argument("person")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="A new .json file; a readable .html of the same name is written beside it.")
def person_export(ctx: Context, as_json: bool, person: str, out: Path) -> None:
    """Everything held about PERSON (their number, or email): for a subject access request.
    The files hold health data: give them to the person only, then delete them."""
    from ..core import subject_access

    found = people.find_person(ctx.store, person)
    written, page = subject_access.export(ctx.store, found.id, out)
    emit(as_json, {"person_id": found.id, "json": str(written), "html": str(page)},
         f"Everything held about person {found.id} is in {written} and {page}.")


@command(person_group, "erase")
@click.argument("person")
@click.option("--yes", is_flag=True, help="Do not ask first (for scripts).")
def person_erase(ctx: Context, as_json: bool, person: str, yes: bool) -> None:
    """Erase PERSON (their number, or email) at their request: name, contact details and health
    data go, tickets are revoked; their registrations and check-ins stay as anonymous rows so
    counts do not change, and those at events not yet started are cancelled (the places go to
    the waiting lists). A backup is taken first. This cannot be undone."""
    from ..core import erasure

    found = people.find_person(ctx.store, person)
    if not yes:
        question = f"Erase {found.name} (person {found.id})? This cannot be undone."
        if not sys.stdin.isatty() or not click.confirm(question, default=False, err=True):
            _say(ctx, "Nothing was erased" + ("" if sys.stdin.isatty() else
                                              ": give --yes to erase without being asked") + ".")
            sys.exit(EXIT_REFUSED)
    done = erasure.erase(ctx.store, found.id)
    if not done.checkpointed:
        warn(erasure.WAL_KEPT)
    emit(as_json, done.as_json(),
         [f"Erased person {found.id}: {plural(done.registrations, 'registration')} kept without a "
          f"name, {plural(done.tickets_revoked, 'ticket code')} revoked.",
          *([f"Cancelled {plural(done.cancelled, 'registration')} at events not yet started: "
             "the places went to the waiting lists."] if done.cancelled else []),
          f"A backup from before it: {done.backup}"])
