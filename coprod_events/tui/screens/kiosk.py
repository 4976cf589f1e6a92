"""The self check-in kiosk: attendees scan their own ticket; staff need the PIN to leave.

The public screen shows a first name, "you're checked in" and where to go, or "Please see the
desk": never a surname, a reason, a role, an access need or anyone else's data. The reason for a
refusal goes to the log (every scan is logged) and so to the desks' live lists. Locked: the
app's own keys (quit, palette, help) do nothing while a kiosk is on the screen stack.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from ...core import checkin, events, tickets
from ...core.checkin import Verdict
from ...core.errors import explain
from ...core.store import Store
from ..app import CoprodApp
from ..background import InOrder, UsesCore
from ..dialogs.kiosk_pin import KioskPinScreen
from ..messages import DatabaseChanged
from ..widgets.big_text import BigText
from ..widgets.scan_input import ScanInput

if TYPE_CHECKING:
    from ..widgets.camera_preview import CameraPreview

CLEAR_AFTER = 5.0  # seconds a welcome or "see the desk" stays up
REPEAT_SECONDS = 5.0  # the same ticket again this soon on this kiosk: welcome again, log nothing
STALE_INPUT_SECONDS = 2.0  # half a code with no Enter (someone typing): cleared
UNLOCK_KEYS = "f12,ctrl+u"
# Keys that do something elsewhere in the app; on the kiosk they do nothing at all.
BLOCKED_KEYS = ("ctrl+q,ctrl+c,ctrl+p,ctrl+z,ctrl+s,escape,shift+tab,"
                + ",".join(f"f{n}" for n in range(1, 12)))
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Welcome:
    """What the kiosk says to one scan: the verdict, and where to go next."""
    verdict: Verdict
    code: str | None
    where: str


class KioskScreen(UsesCore, Screen):
    """Scan your QR code; a welcome, or "Please see the desk"; back to the start by itself."""

    CSS_PATH = "kiosk.tcss"

    app = getters.app(CoprodApp)
    LOCKS_APP = True  # CoprodApp.check_action: the app's own keys do nothing under a kiosk
    ALLOW_SELECT = False
    AUTO_FOCUS = "#kiosk-scan"
    BINDINGS = [
        Binding(UNLOCK_KEYS, "unlock", "Staff: unlock", show=False, priority=True),
        Binding(BLOCKED_KEYS, "nothing", "Locked", show=False, priority=True),
    ]

    mood: reactive[str] = reactive("welcome")  # welcome | admitted | desk

    def __init__(self, event_id: int, *, session_id: int | None = None, station: str | None = None,
                 clear_after: float = CLEAR_AFTER, quit_on_unlock: bool = False):
        super().__init__()
        self.event_id = event_id
        self.session_id = session_id
        self.station = checkin.kiosk_station(station)
        self.clear_after = clear_after
        self.quit_on_unlock = quit_on_unlock
        self._clear_timer: Timer | None = None
        self._stale_timer: Timer | None = None
        self._last_welcome: tuple[float, Welcome] | None = None
        self.scans = InOrder(self, "scan")
        self.camera: CameraPreview | None = None  # with --camera

    def compose(self) -> ComposeResult:
        yield Static(id="kiosk-where", markup=False)
        with Vertical(id="kiosk-panel"):
            yield BigText(id="kiosk-headline")
            yield Static(id="kiosk-message", markup=False)
            yield Static(id="kiosk-detail", markup=False)
        yield ScanInput(password=True, id="kiosk-scan")

    async def on_mount(self) -> None:
        if self.app.camera is not None:  # its preview under "Hold your ticket … up to the camera"
            from ..widgets.camera_preview import CameraPreview

            self.camera = CameraPreview(id="kiosk-camera")
            await self.query_one("#kiosk-panel").mount(self.camera)
            self.camera.start(self.app.camera)
        self.show_welcome()
        self.run_core(events.get_place, self.event_id, self.session_id, then=self._show_place,
                      failed=self._failed)

    def _show_place(self, place: events.Place) -> None:
        self.query_one("#kiosk-where", Static).update(place.title)

    def watch_mood(self, mood: str) -> None:
        self.query_one("#kiosk-panel").set_classes(mood)

    # What the attendee sees ----------------------------------------------------------------

    def show_welcome(self) -> None:
        where = "up to the camera" if self.camera and self.camera.running else "under the scanner"
        self._show("welcome", "Scan your QR code", f"Hold your ticket's QR code {where}.",
                   "No ticket with you? Please see the desk.")

    def show_admitted(self, welcome: Welcome) -> None:
        first = welcome.verdict.first_name or ""
        self._show("admitted", f"Welcome, {first}", f"Welcome, {first}. You're checked in.",
                   welcome.where)

    def show_desk(self) -> None:
        self._show("desk", "Please see the desk", "Please see the desk. A member of staff will help you.", "")

    def show_badge(self) -> None:
        """A name badge's code: never a way in here, and the attendee can put it right."""
        self._show("desk", "Scan your ticket", "That is your name badge. Please scan your ticket, "
                   "or see the desk.", "")

    def _show(self, mood: str, headline: str, message: str, detail: str) -> None:
        self.mood = mood
        self.query_one("#kiosk-headline", BigText).text = headline
        self.query_one("#kiosk-message", Static).update(message)
        self.query_one("#kiosk-detail", Static).update(detail)
        if self._clear_timer is not None:
            self._clear_timer.stop()
            self._clear_timer = None
        if mood != "welcome":
            self._clear_timer = self.set_timer(self.clear_after, self.show_welcome)

    def _check(self, store: Store, raw: str, at: datetime) -> Welcome:
        """In the worker: the verdict, and (if let in) where to go: this kiosk's session and
        room, or at the door the person's next session today."""
        verdict = checkin.check_in(store, self.event_id, raw, session_id=self.session_id,
                                   station=self.station, at=at)
        where = ""
        if verdict.admitted and verdict.registration_id:
            place = events.get_place(store, self.event_id, self.session_id)
            event, session = place.event, place.session
            if session is not None:
                where = "\n".join(filter(None, (session.title, session.room)))
            elif upcoming := checkin.next_session(store, event, verdict.registration_id, at):
                where = "\n".join(
                    [f"Your next session, at {event.show(upcoming.starts_at, with_date=False)}:",
                     upcoming.title] + ([f"Go to {upcoming.room}"] if upcoming.room else []))
        return Welcome(verdict, tickets.normalise(raw), where)

    # Scanning -------------------------------------------------------------------------------

    @on(Input.Submitted, "#kiosk-scan")
    def scanned(self, submitted: Input.Submitted) -> None:
        """The field cleared itself as the scan ended (it may hold the next one already)."""
        if submitted.value.strip():
            self.check(submitted.value)

    @on(Input.Changed, "#kiosk-scan")
    def typing(self, changed: Input.Changed) -> None:
        if self._stale_timer is not None:
            self._stale_timer.stop()
        if changed.value:
            self._stale_timer = self.set_timer(STALE_INPUT_SECONDS, self._clear_input)

    def on_camera_preview_scanned(self, scanned: CameraPreview.Scanned) -> None:
        self.check(scanned.code)  # as if scanned into the field

    def on_camera_preview_stopped(self, stopped: CameraPreview.Stopped) -> None:
        """For staff: the kiosk carries on with the scanner (a video file's end is no news)."""
        if stopped.why:
            log.warning("Kiosk %s: %s", self.station, stopped.why)
            self.app.notify(stopped.why, title="Camera", severity="warning", timeout=8)
        if self.mood == "welcome":
            self.show_welcome()

    def _clear_input(self) -> None:
        self.query_one("#kiosk-scan", Input).value = ""

    def check(self, raw: str) -> None:
        """Check the code in at this kiosk's door or session; show a welcome or send to the desk."""
        code = tickets.normalise(raw)
        last = self._last_welcome
        if code and last and last[1].code == code and time.monotonic() - last[0] < REPEAT_SECONDS:
            self.show_admitted(last[1])  # the same ticket scanned twice: one admission, one log row
            return
        self.scans.put(self._check, raw, self.app.clock(), then=self._checked, failed=self._failed)

    def _checked(self, welcome: Welcome) -> None:
        if welcome.verdict.admitted:
            self._last_welcome = (time.monotonic(), welcome)
            self.show_admitted(welcome)
        elif welcome.verdict.reason == checkin.BADGE_NOT_TICKET:
            self.show_badge()
        else:
            self.show_desk()

    def _failed(self, error: Exception) -> None:
        """Whatever went wrong, the attendee is sent to the desk and the kiosk carries on; the
        error (never the code or a name) goes to the log for staff."""
        log.warning("Kiosk %s could not check a scan in: %s", self.station, explain(error))
        self.show_desk()

    # Staying put ----------------------------------------------------------------------------

    def on_descendant_blur(self) -> None:
        """Clicks and stray keys never leave the scan field without focus."""
        if self.app.screen is self:
            self.call_after_refresh(self._refocus)

    def on_screen_resume(self) -> None:
        self._refocus()

    def _refocus(self) -> None:
        if self.app.screen is self and self.is_mounted:
            self.query_one("#kiosk-scan").focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return action in ("unlock", "nothing")

    def action_nothing(self) -> None:
        """A blocked key: swallowed."""

    def action_unlock(self) -> None:
        def answered(unlocked: bool | None) -> None:
            if unlocked:
                self.leave()
            else:
                self.show_welcome()

        self.app.push_screen(KioskPinScreen(), answered)

    def leave(self) -> None:
        """Unlocked: started as a kiosk, the app ends; opened from the app, back to where staff were."""
        if self.quit_on_unlock:
            self.app.exit()
            return
        self.app.pop_screen()
        self.app.screen.post_message(DatabaseChanged())  # the kiosk's check-ins, on the desk

