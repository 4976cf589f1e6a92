"""The desk's palette command that lifts the kiosk PIN wait: wrong PINs slow every kiosk down
(at most a minute a try), and staff at a desk can let a colleague try again now. Audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .commands import Command, CommandsFound

if TYPE_CHECKING:
    from .app import CoprodApp
    from .background import UsesCore

TITLE = "Lift the kiosk PIN wait"
HELP = "After wrong PINs, let staff try the PIN at the kiosks again now (recorded in the audit log)"


def lift(screen: UsesCore) -> None:
    """In a worker: lift the wait, then say what was lifted."""
    from ..core import kiosk_pin  # its scrypt is not loaded before the desk paints

    app = cast("CoprodApp", screen.app)
    screen.run_core(kiosk_pin.unlock, station=app.station,
                    then=lambda lifted: app.notify(lifted.describe(), title="Kiosk PIN"),
                    failed=app.report)


class KioskUnlockCommand(CommandsFound):
    """One command, on the desk's palette."""

    def found(self) -> list[Command]:
        return [(TITLE, HELP, lambda: lift(cast("UsesCore", self.screen)))]
