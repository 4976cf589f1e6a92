"""`coprod-events audit` (who revealed, exported, printed, changed, purged, erased or restored
personal data, and when) and `privacy-notice` (the words people consent to, with a version).

Loaded when one of its commands runs, or for --help (`_COMMAND_MODULES` in cli/__init__.py).
"""

from __future__ import annotations

from datetime import datetime, time

import click

from ..core import audit, consent, dates, people
from ..core.errors import CoprodError
from . import Context, command, emit, main


def _since(text: str) -> datetime:
    """A day (from its midnight, UK time) or a date and time, typed the UK way."""
    try:
        return datetime.combine(dates.parse_day(text), time(), dates.zone(None))
    except CoprodError:
        return dates.parse_when(text)


@command(main, "audit")
@click.option("--person", "person_ref", metavar="PERSON",
              help="Only entries about this person (id or email).")
@click.option("--since", metavar="DATE", help="Only entries from then on: 3/12/2026, or 3/12/2026 09:00.")
def audit_command(ctx: Context, as_json: bool, person_ref: str | None, since: str | None) -> None:
    """The audit log, oldest first: who revealed notes at a desk, exported or printed health
    data, changed consent, purged, erased, restored a backup or changed the kiosk PIN. Entries
    say what happened, never the data itself."""
    person_id = people.find_person(ctx.store, person_ref).id if person_ref else None
    found = audit.entries(ctx.store, person_id=person_id, since=_since(since) if since else None)
    lines = [f"{dates.show(e.at, None)}  {audit.ACTIONS.get(e.action, e.action)}"
             + "".join(f"  {label} {value}" for label, value in (
                 ("by", e.operator), ("at desk", e.station), ("person", e.person_id),
                 ("event", e.event_id)) if value is not None)
             + (f": {e.detail}" if e.detail else "") for e in found]
    emit(as_json, {"entries": found}, lines or ["No entries."])


@command(main, "privacy-notice")
@click.option("--text", help="Our own notice's words (with --version).")
@click.option("--version", "version", help="The new notice's version: every consent names it.")
@click.option("--default", "use_default", is_flag=True, help="Go back to the app's own notice.")
def privacy_notice_command(ctx: Context, as_json: bool, text: str | None, version: str | None,
                           use_default: bool) -> None:
    """The privacy notice people consent to (shown on the registration form), and its version.
    The app's own says what it does: health data deleted a set number of days after the event."""
    if use_default:
        found = consent.reset_notice(ctx.store)
    elif text is not None or version is not None:
        if not (text and version):
            raise CoprodError("Give both --text and --version for a new notice.", field="text")
        found = consent.set_notice(ctx.store, text, version)
    else:
        found = consent.notice(ctx.store)
    title = f"Privacy notice {found.version}" + (" (the app's own)" if found.ours else "")
    emit(as_json, found, [f"{title}:", found.text])
