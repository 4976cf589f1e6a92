"""The Textual app, built the same way by the CLI and the tests: the open Store is injected."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import DeliveryComplete
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from ..core import dates
from ..core.errors import CoprodError, explain
from ..core.store import Store
from .background import UsesCore
from .commands import NavigationCommands
from .messages import DatabaseChanged
from .scan_catcher import ScanCatcher
from .theme import HIGH_CONTRAST

POLL_SECONDS = 1.0
BUSY_SECONDS = 3.0  # how long a desk waits for another desk's write lock before saying so
# A page with many keys lists F1 early: the footer cuts keys from the end when the terminal is
# narrow, and F1's page lists them all.
HELP = Binding("f1", "app.help", "Help")


class CoprodApp(UsesCore, App[None]):
    """Events, registrations and the check-in desk over one database file.

    The screens never wait on the database: they call the core through `run_core`."""

    CSS_PATH = "app.tcss"
    TITLE = "coprod-events"
    COMMANDS = App.COMMANDS | {NavigationCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit"),
        Binding("f1", "help", "Help"),
    ]
    # Tests set this: then a database call from a message handler (the screen's thread) raises,
    # so a call that skipped `run_core` cannot hide.
    GUARD_SCREEN_THREAD: ClassVar[bool] = False

    def __init__(
        self,
        store: Store,
        *,
        event: int | None = None,
        session_id: int | None = None,
        station: str | None = None,
        desk: bool = False,
        kiosk: bool = False,
        clear_after: float = 5.0,
        camera: str | None = None,
        clock: Callable[[], datetime] = dates.utcnow,
        daily_backup: bool = False,
    ):
        super().__init__()
        self.store = store
        store.busy_timeout = min(store.busy_timeout, BUSY_SECONDS)
        self.clock = clock
        self.station = station
        self._start = (event, session_id, desk)
        self.kiosk_mode = kiosk  # started as a kiosk: unlocking it ends the app
        self.clear_after = clear_after
        self.daily_backup = daily_backup  # the command line's app takes the day's backup on start
        self.camera = camera  # --camera N|PATH: the desk and kiosk scan with it (camera_preview.py)
        # Read before the app runs, so a commit by another desk from now on is noticed.
        self._data_version = store.data_version()
        self._screen_thread: int | None = None
        self._page: Screen | None = None  # the page under any dialog, for its toasts
        # Every key read from the terminal goes through it: a ticket scanned away from the desk
        # is caught there, not read as keys (scan_catcher.py).
        self.scan_catcher = ScanCatcher(self, deliver=super().on_event)

    def get_default_screen(self) -> Screen:
        """The laptop on the day starts on the desk, built as the app's first screen: the
        screens behind it are built when staff leave it, not before the first scan (start-up
        time is queue time)."""
        event, session_id, desk = self._start
        if event is not None and desk and not self.kiosk_mode:
            from .screens.desk import DeskScreen

            screen = DeskScreen(event, session_id=session_id, station=self.station)
            for path in screen.css_path:  # Textual reads a pushed screen's CSS_PATH, not the first's
                self.stylesheet.read(path)
            return screen
        return super().get_default_screen()

    def on_mount(self) -> None:
        if self.GUARD_SCREEN_THREAD:
            self._screen_thread = threading.get_ident()
            self.store.guard = self._refuse_database_calls_here
        self.register_theme(HIGH_CONTRAST)
        event, session_id, desk = self._start
        if event is not None and self.kiosk_mode:  # the command checked the PIN is set
            self.open_home()
            self._push_kiosk(event, session_id)
        elif event is not None and not desk:
            self.open_home()
            self.open_event(event)
        elif event is None:
            self.open_home()
        self.set_interval(POLL_SECONDS, self._poll)
        self.call_after_refresh(self._started)
        self._page = self._top_page()
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)

    def _screen_changed(self, _: Screen) -> None:
        """Toasts belong to the page they were shown on: going to another page clears them
        (a dialog or the palette over the page does not; a toast raised by the step that
        changed page is still queued, so it shows on the new one)."""
        page = self._top_page()
        if page is not self._page:
            self._page = page
            self.clear_notifications()

    def _top_page(self) -> Screen:
        return next(s for s in reversed(self.screen_stack) if not isinstance(s, ModalScreen))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and await self.scan_catcher.take(event):
            return
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.store.guard = None

    def _started(self) -> None:
        """After the first paint: start-up objects are kept out of every later collection (a
        full one would walk them all, a pause at the desk), the collector resumes if
        `coprod-events` paused it for the start, and the day's backup and purge start."""
        gc.freeze()
        if not gc.isenabled():
            gc.enable()
        if self.daily_backup:
            from . import daily_backup, daily_purge

            daily_backup.start(self)
            daily_purge.start(self)

    def _refuse_database_calls_here(self) -> None:
        """The store's guard under test: a handler of this app (a Textual task on the screen's
        thread) must not touch the database; the test's own code, in its own task, may."""
        if threading.get_ident() != self._screen_thread:
            return
        task = asyncio.current_task()
        if task is not None and task.get_name().startswith(("message pump", "run_test")):
            raise RuntimeError("A database call on the screen's thread: run it through run_core.")

    # Navigation, used by screens and the command palette -------------------------------------

    def open_home(self) -> None:
        from .screens.events import EventsScreen

        self.push_screen(EventsScreen())

    def leave_desk(self, event_id: int) -> None:
        """Back from the desk to its event (built now if the app started on the desk)."""
        desk = self.screen
        self.scan_catcher.desk_left(event_id, getattr(desk, "session_id", None),
                                    getattr(desk, "direction", "entry"))
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            # The first desk is the app's base screen, which Textual cannot switch away from
            # (switch_screen fails with "IndexError: pop from empty list", textual#2650): the
            # events list goes on top of it, and has no way back down.
            self.open_home()
            self.open_event(event_id)

    def open_event(self, event_id: int) -> None:
        from .screens.event import EventScreen

        self.push_screen(EventScreen(event_id))

    def open_desk(self, event_id: int, session_id: int | None = None) -> None:
        from .screens.desk import DeskScreen

        self.push_screen(DeskScreen(event_id, session_id=session_id, station=self.station))

    def open_dashboard(self, event_id: int) -> None:
        """How the day is going (its module loads plotext: imported only now)."""
        from .screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen(event_id))

    def open_kiosk(self, event_id: int, session_id: int | None = None) -> None:
        """The attendee-facing kiosk, locked until a member of staff gives the kiosk PIN."""

        def pin_set(has_pin: bool) -> None:
            if has_pin:
                self._push_kiosk(event_id, session_id)
            else:
                self.notify("Set a kiosk PIN first: run `coprod-events kiosk-pin`. Staff need it "
                            "to leave the kiosk.", title="No kiosk PIN", severity="warning", timeout=8)

        from ..core import kiosk_pin  # (its scrypt and secrets are not loaded before the desk paints)

        self.run_core(kiosk_pin.has_pin, then=pin_set)

    def _push_kiosk(self, event_id: int, session_id: int | None) -> None:
        from .screens.kiosk import KioskScreen

        self.push_screen(KioskScreen(event_id, session_id=session_id, station=self.station,
                                     clear_after=self.clear_after, quit_on_unlock=self.kiosk_mode))

    @property
    def locked(self) -> bool:
        """Whether a kiosk is on the screen stack: attendees use the screen, not staff."""
        return any(getattr(screen, "LOCKS_APP", False) for screen in self.screen_stack)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Under a locked kiosk none of the app's own keys work: quit, palette, help, ctrl+c."""
        return not self.locked

    def open_registration(self, event_id: int, registration_id: int | None = None,
                          closed: Callable[[int | None], None] | None = None) -> None:
        """The registration form; `closed` is told the registration it showed when left."""
        from .screens.registration import RegistrationScreen

        self.push_screen(RegistrationScreen(event_id, registration_id), closed)

    def open_send_tickets(self, event_id: int) -> None:
        from .screens.send_tickets import SendTicketsScreen

        self.push_screen(SendTicketsScreen(event_id))

    def open_import(self, event_id: int) -> None:
        """Import registrations into the event from another tool's export."""
        from .screens.import_file import ImportScreen

        self.push_screen(ImportScreen(event_id))

    def open_documents(self, event_id: int) -> None:
        """Write any of the event's documents: lists, badges, tickets, certificates, exports."""
        from .screens.documents import DocumentsScreen

        self.push_screen(DocumentsScreen(event_id))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    @property
    def screenshots(self) -> Path:
        """Where screenshots go: beside the database, in the app's data folder (Textual's own
        choice, ~/Downloads, often does not exist). Private: a screen may show someone's notes."""
        return self.store.path.parent / "screenshots"

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Saved readable by you alone: a screen may show someone's revealed notes. The file is
        made (mode 0600) before Textual writes into it, so it is never readable by others."""
        folder = Path(path) if path else self.screenshots
        stamp = datetime.now().strftime(time_format or "%Y-%m-%d_%H-%M-%S_%f")
        name = filename or f"screenshot_{stamp}.svg"
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path and folder.stat().st_uid == os.getuid():
                folder.chmod(0o700)  # ours, made before screenshots were kept private
            file = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            try:
                os.fchmod(file, 0o600)  # one of that name already there
            finally:
                os.close(file)
        except OSError as error:
            self.notify(f"Could not save it in {folder}: {error.strerror or error}.",
                        title="Screenshot not saved", severity="error", timeout=8)
            return None
        return super().deliver_screenshot(name, str(folder), time_format)

    def on_delivery_complete(self, event: DeliveryComplete) -> None:
        """Where the screenshot went, in plain words (Textual's own message is markup)."""
        if event.name == "screenshot":
            event.prevent_default()
            self.notify(f"Saved to {event.path}" if event.path else "Sent to your browser.",
                        title="Screenshot", timeout=8)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("High-contrast theme", "Switch to the high-contrast theme",
                            lambda: setattr(self, "theme", HIGH_CONTRAST.name))
        yield SystemCommand("Back up the database now", "A copy in the backups folder, whole while "
                            "desks scan (one is taken each day anyway)", self._back_up)

    def _back_up(self) -> None:
        from . import daily_backup  # only when asked

        daily_backup.now(self)

    # Errors and other desks ---------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Messages carry names and titles as people typed them: plain text by default, so
        "Bo [Ng]" shows as typed and "[/] Smith" cannot break the screen. Under a kiosk they
        are not shown at all (work a staff screen started may finish after the kiosk opened,
        "Also cancelled: …"): attendees read that screen."""
        if self.locked:
            self.log.warning("Not shown under the kiosk:", title, message)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def report(self, error: Exception) -> None:
        """Say in words what went wrong; what was already saved stays saved. A bug is logged
        (the type and where, for a report) and said in words too: the app keeps running."""
        if not isinstance(error, CoprodError):
            self.log.error("Unexpected error:", "".join(traceback.format_exception(error)))
        self.notify(explain(error), title="Not done", severity="error", timeout=8)

    def _poll(self) -> None:
        """Other desks' writes: PRAGMA data_version changes when another process commits."""
        self.run_core(Store.data_version, then=self._changed, failed=lambda _: None,
                      group="poll", exclusive=True)

    def _changed(self, version: int | None) -> None:
        if version is None:  # this app was writing: ask again next time
            return
        if self._data_version is not None and version != self._data_version:
            self.screen.post_message(DatabaseChanged())
        self._data_version = version
