"""The day's backup, taken when the app starts (core/backups.py): in a worker once the first
screen is up, so a desk opening on a big file never waits for it; a notice says where it went
(none under a kiosk: attendees read that screen). Taken once a day per database. And one taken
by hand, from the palette's "Back up the database now"."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..core.errors import explain

if TYPE_CHECKING:
    from ..core.backups import Backup
    from .app import CoprodApp

log = logging.getLogger(__name__)


def start(app: CoprodApp) -> None:
    from ..core import backups  # (kept out of the imports before the first paint)

    def done(backup: Backup | None) -> None:
        if backup is not None:  # None: there is one from earlier today
            said(app, backup, f"Today's backup of the database is in {backup.path.parent} "
                              f"({backup.path.name}).", timeout=6)

    def failed(error: Exception) -> None:
        log.warning("The daily backup failed: %s", explain(error))
        app.notify(f"{explain(error)} Run `coprod-events backup` to try again.",
                   title="No backup today", severity="warning", timeout=10)

    app.run_core(backups.daily, then=done, failed=failed, group="backup")


def now(app: CoprodApp) -> None:
    """One by hand, from the palette ("Back up the database now"), as `coprod-events backup`."""
    from ..core import backups

    app.run_core(backups.take, failed=app.report, group="backup",
                 then=lambda backup: said(app, backup, f"The database is backed up in {backup.path}."))


def said(app: CoprodApp, backup: Backup, words: str, timeout: float = 10) -> None:
    app.notify(words, title="Backed up", timeout=timeout)
    if backup.note:  # the folder set for backups could not be used: where they went instead
        app.notify(backup.note, title="Backups folder", severity="warning", timeout=10)
