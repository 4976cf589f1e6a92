"""The day's purge, run when the app starts (core/retention.py): health data and inactive people
past their retention period are erased, in a worker once the first screen is up, and a notice
says what went (none when nothing was due, nor under a kiosk). Once a day per database."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..core.errors import explain

if TYPE_CHECKING:
    from ..core.retention import Purge
    from .app import CoprodApp

log = logging.getLogger(__name__)


def start(app: CoprodApp) -> None:
    from ..core import retention  # (kept out of the imports before the first paint)

    def done(purge: Purge | None) -> None:
        if purge is None or purge.empty:  # done earlier today, or nothing was due
            return
        app.notify(f"{purge.describe()} It was past its retention period (see `coprod-events "
                   "retention`).", title="Purged", timeout=8)

    def failed(error: Exception) -> None:
        log.warning("The daily purge failed: %s", explain(error))
        app.notify(f"{explain(error)} Run `coprod-events purge` to try again.",
                   title="No purge today", severity="warning", timeout=10)

    app.run_core(retention.daily, station=app.station, then=done, failed=failed, group="purge")
