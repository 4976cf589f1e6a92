"""`coprod-events checkin`, `undo` and `onsite`: the check-in log from a script, as the desk
writes it (exit code 1 when a check-in is refused)."""

from __future__ import annotations

import sys

import click

from ..core import checkin as checkin_core
from ..core import dates, events
from . import EXIT_REFUSED, Context, command, emit, main

# --- check-in ----------------------------------------------------------------------------

def _verdict_lines(verdict: checkin_core.Verdict) -> list[str]:
    if verdict.admitted:
        mark = "✓ ADMITTED" + (f" (forced: {verdict.force_reason})" if verdict.force_reason
                              else " (forced)" if verdict.forced else "")
    elif checkin_core.tone(verdict) == "look":  # as the desk shows it
        mark = f"! CHECK ({verdict.reason})"
    else:
        mark = f"✗ REFUSED ({verdict.reason})"
    lines = [f"{mark}  {verdict.message}"]
    lines += [f"  • {action}" for action in verdict.attention]
    lines.append(f"  check-in id {verdict.checkin_id}" + (" (replayed)" if verdict.replayed else ""))
    return lines


@command(main, "checkin")
@click.argument("event")
@click.argument("code")
@click.option("--session", "session_id", type=int, help="Check in to this session, not the door.")
@click.option("--exit", "is_exit", is_flag=True, help="Record leaving, not arriving.")
@click.option("--force", is_flag=True, help="Staff override for a refusable verdict.")
@click.option("--reason", help="Why staff override, in a few words (with --force; kept in the log).")
@click.option("--station", help="This desk's name, recorded on the check-in.")
@click.option("--operator", help="Who is at the desk (default: your login name).")
@click.option("--at", "at", help="When it happened, for a paper list typed in later.")
@click.option("--id", "checkin_id", help="Idempotency key: a replay with the same id is stored once.")
def checkin_command(ctx: Context, as_json: bool, event, code, session_id, is_exit, force, reason,
                    station, operator, at, checkin_id) -> None:
    """Check CODE in at EVENT (exit code 1 when refused)."""
    verdict = checkin_core.check_in(
        ctx.store, event, code, session_id=session_id,
        direction=checkin_core.EXIT if is_exit else checkin_core.ENTRY, force=force,
        reason=reason, station=station, operator=operator, at=at, checkin_id=checkin_id)
    emit(as_json, verdict.as_dict(), _verdict_lines(verdict))
    if not verdict.admitted:
        sys.exit(EXIT_REFUSED)


@command(main, "undo")
@click.argument("checkin_id")
@click.option("--operator")
def undo_command(ctx: Context, as_json: bool, checkin_id: str, operator) -> None:
    """Annul a check-in (the log keeps it, marked undone)."""
    undone = checkin_core.undo(ctx.store, checkin_id, operator=operator)
    emit(as_json, undone,
         [f"Undone: check-in {undone.checkin_id}" + (f" ({undone.name})." if undone.name else "."),
          *([undone.note] if undone.note else [])])


# --- attendance -----------------------------------------------------------------------------

@command(main, "onsite")
@click.argument("event")
def onsite_command(ctx: Context, as_json: bool, event: str) -> None:
    """Who is on site now (fire roll call): assisted evacuation first."""
    from ..core import attendance as attendance_core

    present = attendance_core.on_site(ctx.store, event)
    tz = events.get_event(ctx.store, event).tz
    lines = [f"{len(present)} on site now."] + [
        f"  {'EVACUATION HELP  ' if p.assisted_evacuation else ''}{p.name}"
        f"  (in since {dates.show(p.since, tz, with_date=False)})" for p in present]
    emit(as_json, {"count": len(present), "people": present}, lines)
