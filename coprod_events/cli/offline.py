"""`coprod-events snapshot` and `merge`: a desk that carries on when the venue's network fails
(core/offline.py). Exit codes: 0 done; 1 refused (a snapshot of another hub or event, a file
that is not a snapshot); 2 bad input; 3 an internal error."""

from __future__ import annotations

from pathlib import Path

import click

from . import Context, command, emit, main, warn
from .backup import ENV_PASSPHRASE, _passphrase, _refused


@command(main, "snapshot")
@click.argument("event")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The new file to write the snapshot to (e.g. on a USB stick).")
@click.option("--encrypt", is_flag=True,
              help=f"Encrypt it with a passphrase (${ENV_PASSPHRASE}, or typed twice).")
def snapshot_command(ctx: Context, as_json: bool, event: str, out: Path, encrypt: bool) -> None:
    """Copy the database for a desk laptop to carry on checking EVENT in offline.

    \b
    On the desk laptop:  coprod-events desk EVENT --db FILE
    An encrypted one is decrypted first, into a file of its own:
        coprod-events --db door2.db restore FILE
        coprod-events desk EVENT --db door2.db
    Back at the hub:     coprod-events merge FILE
    The copy holds the whole database, health data included: keep it as safe as a backup.
    """
    from ..core import offline  # imported late: other commands never pay for it

    try:
        taken = offline.take(ctx.store, event, out,
                             passphrase=_passphrase(twice=True) if encrypt else None)
    except offline.Refused as error:
        _refused(ctx, str(error))
    done, snapshot = taken.backup, taken.snapshot
    if done.note:
        warn(done.note)
    emit(as_json, {"file": str(done.path), "encrypted": done.encrypted, "size": done.size,
                   "snapshot": snapshot},
         [f"Snapshot of {snapshot.event_slug} ({snapshot.event_title}) written to {done.describe()}.",
          (f"On the desk laptop, decrypt it into a file of its own (`coprod-events --db door.db "
           f"restore {done.path.name}`), then `coprod-events desk {snapshot.event_slug} --db door.db`."
           if done.encrypted else f"On the desk laptop: `coprod-events desk {snapshot.event_slug} "
           f"--db {done.path.name}`."),
          "Afterwards, bring the desk's file back here: `coprod-events merge FILE`."])


@command(main, "merge")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--event", "event_ref", help="Merge only if FILE is a snapshot of this event.")
def merge_command(ctx: Context, as_json: bool, file: Path, event_ref: str | None) -> None:
    """Bring a snapshot's check-ins, undos and walk-ins back into this hub.

    Merging is a union: nothing at the hub is removed, and merging the same snapshot again
    changes nothing. Someone let in both offline and at the hub is kept, and listed as a
    conflict to look at. Walk-ins are matched to people the hub knows by email. A backup is
    taken first. A snapshot of another hub's database or another event is refused (exit 1).
    """
    from ..core import offline  # imported late: other commands never pay for it

    try:
        merged = offline.merge(ctx.store, file, lambda: _passphrase(twice=False), event_ref=event_ref)
    except offline.Refused as error:
        _refused(ctx, str(error))
    heading = "Let in both offline and at the hub (both kept; check these people):"
    emit(as_json, merged,
         [merged.summary()] + ([heading] if merged.conflicts else [])
         + [f"  {conflict.describe()}" for conflict in merged.conflicts]
         + ([f"Backup taken first: {merged.backup}"] if merged.backup and merged.changed else []))
