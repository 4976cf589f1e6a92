"""The Textual app, built the same way by the CLI and the tests: the open Store is injected."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..core import dates
from ..core.errors import explain
from ..core.store import Store
from .commands import NavigationCommands
from .messages import DatabaseChanged
from .theme import HIGH_CONTRAST

POLL_SECONDS = 1.0


class CoprodApp(App[None]):
    """Events, registrations and the check-in desk over one database file."""

    CSS_PATH = "app.tcss"
    TITLE = "coprod-events"
    COMMANDS = App.COMMANDS | {NavigationCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit"),
        Binding("f1", "help", "Help"),
    ]

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
        clock: Callable[[], datetime] = dates.utcnow,
    ):
        super().__init__()
        self.store = store
        self.clock = clock
        self.station = station
        self._start = (event, session_id, desk)
        self.kiosk_mode = kiosk  # started as a kiosk: unlocking it ends the app
        self.clear_after = clear_after
        self._data_version = store.data_version()

    def get_default_screen(self) -> Screen:
        """The laptop on the day starts on the desk, built as the app's first screen: the
        screens behind it are built when staff leave it, not before the first scan (start-up
        time is queue time)."""
        event, session_id, desk = self._start
        if event is not None and desk and not self.kiosk_mode:
            from .screens.desk import DeskScreen

            return DeskScreen(event, session_id=session_id, station=self.station)
        return super().get_default_screen()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        event, session_id, desk = self._start
        if event is not None and self.kiosk_mode:
            self.open_home()
            self.open_kiosk(event, session_id)
        elif event is not None and not desk:
            self.open_home()
            self.open_event(event)
        elif event is None:
            self.open_home()
        self.set_interval(POLL_SECONDS, self._poll)
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        """After the first paint: start-up objects are kept out of every later collection (a
        full one would walk them all, a pause at the desk), and the collector resumes if
        `coprod-events` paused it for the start. sqlite-utils is loaded now, not on the first
        scan."""
        gc.freeze()
        if not gc.isenabled():
            gc.enable()
        _ = self.store.db

    # Navigation, used by screens and the command palette -------------------------------------

    def open_home(self) -> None:
        from .screens.events import EventsScreen

        self.push_screen(EventsScreen())

    def leave_desk(self, event_id: int) -> None:
        """Back from the desk to its event (built now if the app started on the desk)."""
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

    def open_kiosk(self, event_id: int, session_id: int | None = None) -> None:
        """The attendee-facing kiosk, locked until a member of staff gives the kiosk PIN."""
        from ..core import kiosk_pin
        from .screens.kiosk import KioskScreen

        if not kiosk_pin.has_pin(self.store):
            self.notify("Set a kiosk PIN first: run `coprod-events kiosk-pin`. Staff need it to "
                        "leave the kiosk.", title="No kiosk PIN", severity="warning", timeout=8)
            return
        self.push_screen(KioskScreen(event_id, session_id=session_id, station=self.station,
                                     clear_after=self.clear_after, quit_on_unlock=self.kiosk_mode))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Under a locked kiosk none of the app's own keys work: quit, palette, help, ctrl+c."""
        return not any(getattr(screen, "LOCKS_APP", False) for screen in self.screen_stack)

    def open_registration(self, event_id: int, registration_id: int | None = None) -> None:
        from .screens.registration import RegistrationScreen

        self.push_screen(RegistrationScreen(event_id, registration_id))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("High-contrast theme", "Switch to the high-contrast theme",
                            lambda: setattr(self, "theme", HIGH_CONTRAST.name))

    # Errors and other desks ---------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Messages carry names and titles as people typed them: plain text by default, so
        "Bo [Ng]" shows as typed and "[/] Smith" cannot break the screen."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def report(self, error: Exception) -> None:
        """Say in words what went wrong; the data already saved stays saved."""
        self.notify(explain(error), title="Not saved", severity="error", timeout=8)

    def _poll(self) -> None:
        """Other desks' writes: PRAGMA data_version changes when another connection commits."""
        try:
            version = self.store.data_version()
        except sqlite3.Error:
            return
        if version != self._data_version:
            self._data_version = version
            self.screen.post_message(DatabaseChanged())
