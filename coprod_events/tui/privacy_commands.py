"""A person's privacy work, in the palette of their registration where staff look for it (issue
12; the CLI has each too): everything held about them (a subject access request) and their
erasure at their request. Each runs in a worker and says how it went; the erasure asks first,
as `person erase` does. (A backup now is the app's own command: daily_backup.now.)"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from ..core import subject_access
from ..core.erasure import ERASED_NAME, WAL_KEPT
from ..core.errors import CoprodError
from ..core.text import plural
from .commands import Command, CommandsFound
from .dialogs.confirm import ConfirmScreen
from .dialogs.ticket_export import ExportFileScreen
from .messages import DatabaseChanged

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..core.data.registrations import Registration
    from ..core.erasure import Erased
    from .app import CoprodApp
    from .background import UsesCore


class ShowsARegistration(Protocol):
    """A screen with a saved registration on it (the registration screen)."""
    saved: Registration | None


class PersonPrivacyCommands(CommandsFound):
    """On the registration screen's palette, once it shows a saved registration."""

    def found(self) -> list[Command]:
        saved = cast(ShowsARegistration, self.screen).saved
        if saved is None or saved.name == ERASED_NAME:  # not saved yet, or erased at another desk
            return []
        screen = cast("UsesCore", self.screen)
        return [
            (f"Everything held about {saved.name} (subject access)",
             "Their registrations, needs, consent, check-ins, payments and audit entries: JSON and a page",
             partial(export_held, screen, saved)),
            (f"Erase {saved.name} at their request",
             "Name, contact details and health data go, tickets stop working; asks first",
             partial(ask_to_erase, screen, saved)),
        ]


class ExportHeldScreen(ExportFileScreen):
    HEADING = "Everything held about this person"
    NOTE = ("A .json file, and beside it the same as a page to read (.html). Both hold their health "
            "data: hand them over, then delete them.")

    def check(self, typed: str) -> None:
        out = Path(typed).expanduser()
        if out.suffix.lower() != ".json":
            raise CoprodError("Give a file name ending in .json (the page is written beside it).")
        subject_access.files_for(out)  # taken: said here, to correct, not after the dialog closed


def export_held(screen: UsesCore, registration: Registration) -> None:
    app = cast("CoprodApp", screen.app)
    person = registration.person

    def write_if_chosen(path: Path | None) -> None:
        if path is not None:  # the app's worker: the form may close meanwhile, the answer stays
            app.run_core(subject_access.export, person.id, path, station=app.station,
                         then=lambda written: app.notify(
                             f"Everything held about {registration.name} is in {written[0]} and "
                             f"{written[1].name}.", title="Subject access", timeout=10),
                         failed=app.report, group="subject-access")

    default = Path("~", "Documents", f"person-{person.id}-held.json")
    app.push_screen(ExportHeldScreen(default), write_if_chosen)


def ask_to_erase(screen: UsesCore, registration: Registration) -> None:
    app = cast("CoprodApp", screen.app)
    question = ConfirmScreen(
        f"Erase {registration.name} (person {registration.person.id})?",
        "At their request: their name, contact details and health data go and their tickets stop "
        "working; their registrations at events not yet started are cancelled, with any PA who "
        "comes only for them (the places go to the waiting lists). Counts stay right. A backup is "
        "taken first. This cannot be undone.", yes="Erase", enter=False)

    def erase_if_confirmed(confirmed: bool | None) -> None:
        if not confirmed:
            return
        from ..core import erasure  # only when asked

        # The form goes first: nothing it shows can be saved back over the erasure. The work is
        # the app's, so its answer is said wherever staff are by then.
        cast("Screen[int | None]", screen).dismiss(registration.id)
        app.run_core(erasure.erase, registration.person.id, station=app.station,
                     then=partial(erased, app, registration.name), failed=app.report, group="erase")

    app.push_screen(question, erase_if_confirmed)


def erased(app: CoprodApp, name: str, done: Erased) -> None:
    cancelled = (f" Cancelled {plural(done.cancelled, 'registration')} at events not yet started."
                 if done.cancelled else "")
    app.notify(f"{name} is erased: {plural(done.registrations, 'registration')} kept without a "
               f"name.{cancelled} A backup from before it: {done.backup}", title="Erased", timeout=12)
    if not done.checkpointed:
        app.notify(WAL_KEPT, title="Erased", severity="warning", timeout=15)
    app.screen.post_message(DatabaseChanged())  # the page under the form shows it anonymous
