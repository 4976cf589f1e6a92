"""The self check-in kiosk: attendees scan their own ticket; staff need the PIN to leave.

The public screen shows a first name, "you're checked in" and where to go, or "Please see the
desk": never a surname, a reason, a role, an access need or anyone else's data. The reason for a
refusal goes to the log (every scan is logged) and so to the desks' live lists. Locked: the
app's own keys (quit, palette, help) do nothing while a kiosk is on the screen stack.
"""

from __future__ import annotations

import time
from datetime import datetime

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from ...core import checkin, dates, events, registrations, tickets
from ...core.checkin import Verdict
from ...core.store import Store
from ..app import CoprodApp
from ..dialogs.kiosk_pin import KioskPinScreen
from ..messages import DatabaseChanged
from ..widgets.big_text import BigText
from ..widgets.scan_input import ScanInput

CLEAR_AFTER = 5.0  # seconds a welcome or "see the desk" stays up
REPEAT_SECONDS = 5.0  # the same ticket again this soon on this kiosk: welcome again, log nothing
STALE_INPUT_SECONDS = 2.0  # half a code with no Enter (someone typing): cleared
UNLOCK_KEYS = "f12,ctrl+u"
# Keys that do something elsewhere in the app; on the kiosk they do nothing at all.
BLOCKED_KEYS = ("ctrl+q,ctrl+c,ctrl+p,ctrl+z,ctrl+s,escape,shift+tab,"
                + ",".join(f"f{n}" for n in range(1, 12)))


class KioskScreen(Screen):
    """Scan your QR code; a welcome, or "Please see the desk"; back to the start by itself."""

    app = getters.app(CoprodApp)
    LOCKS_APP = True  # CoprodApp.check_action: the app's own keys do nothing under a kiosk
    ALLOW_SELECT = False
    AUTO_FOCUS = "#kiosk-scan"
    BINDINGS = [
        Binding(UNLOCK_KEYS, "unlock", "Staff: unlock", show=False, priority=True),
        # A scanner's Tab suffix. Not a priority binding: those run before the scan field has
        # taken the burst of characters in front of the Tab.
        Binding("tab", "submit_scan", "Scan", show=False),
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
        self._last_welcome: tuple[str, float, Verdict] | None = None  # (code, when, verdict)

    def compose(self) -> ComposeResult:
        yield Static(id="kiosk-where", markup=False)
        with Vertical(id="kiosk-panel"):
            yield BigText(id="kiosk-headline")
            yield Static(id="kiosk-message", markup=False)
            yield Static(id="kiosk-detail", markup=False)
        yield ScanInput(password=True, id="kiosk-scan")

    def on_mount(self) -> None:
        event = events.get_event(self.app.store, self.event_id)
        where = event.title
        if self.session_id is not None:
            session = events.get_session(self.app.store, event.id, self.session_id)
            where += f"  ·  {session.title}"
        self.query_one("#kiosk-where", Static).update(where)
        self.show_welcome()

    def watch_mood(self, mood: str) -> None:
        self.query_one("#kiosk-panel").set_classes(mood)

    # What the attendee sees ----------------------------------------------------------------

    def show_welcome(self) -> None:
        self._show("welcome", "Scan your QR code", "Hold your ticket's QR code under the scanner.",
                   "No ticket with you? Please see the desk.")

    def show_admitted(self, verdict: Verdict) -> None:
        first = verdict.first_name or ""
        self._show("admitted", f"Welcome, {first}", f"Welcome, {first}. You're checked in.",
                   self._where_to_go(verdict))

    def show_desk(self) -> None:
        self._show("desk", "Please see the desk", "Please see the desk. A member of staff will help you.", "")

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

    def _where_to_go(self, verdict: Verdict) -> str:
        """This kiosk's session and room; at the door, the person's next session today."""
        store = self.app.store
        if self.session_id is not None:
            session = events.get_session(store, self.event_id, self.session_id)
            return "\n".join(filter(None, (session.title, session.room)))
        upcoming = next_session(store, self.event_id, verdict.registration_id, self.app.clock())
        if upcoming is None:
            return ""
        event = events.get_event(store, self.event_id)
        lines = [f"Your next session, at {event.show(upcoming.starts_at, with_date=False)}:",
                 upcoming.title]
        return "\n".join(lines + ([f"Go to {upcoming.room}"] if upcoming.room else []))

    # Scanning -------------------------------------------------------------------------------

    @on(Input.Submitted, "#kiosk-scan")
    def scanned(self, submitted: Input.Submitted) -> None:
        submitted.input.value = ""
        if submitted.value.strip():
            self.check(submitted.value)

    @on(Input.Changed, "#kiosk-scan")
    def typing(self, changed: Input.Changed) -> None:
        if self._stale_timer is not None:
            self._stale_timer.stop()
        if changed.value:
            self._stale_timer = self.set_timer(STALE_INPUT_SECONDS, self._clear_input)

    def _clear_input(self) -> None:
        self.query_one("#kiosk-scan", Input).value = ""

    def action_submit_scan(self) -> None:
        scan = self.query_one("#kiosk-scan", Input)
        raw, scan.value = scan.value, ""
        if raw.strip():
            self.check(raw)

    def check(self, raw: str) -> None:
        """Check the code in at this kiosk's door or session; show a welcome or send to the desk."""
        code = tickets.normalise(raw)
        last = self._last_welcome
        if code and last and last[0] == code and time.monotonic() - last[1] < REPEAT_SECONDS:
            self.show_admitted(last[2])  # the same ticket scanned twice: one admission, one log row
            return
        try:
            verdict = checkin.check_in(self.app.store, self.event_id, raw, session_id=self.session_id,
                                       station=self.station, at=self.app.clock())
        except Exception as error:  # the kiosk keeps running; the desk sorts it out
            self.log.error("Kiosk check-in failed", error)
            self.show_desk()
            return
        if verdict.admitted:
            self._last_welcome = (code or "", time.monotonic(), verdict)
            self.show_admitted(verdict)
        else:
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
        return action in ("unlock", "submit_scan", "nothing")

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


def next_session(store: Store, event_id: int, registration_id: int | None,
                 now: datetime) -> events.Session | None:
    """The person's next session today that has not ended: booked, or open to everyone."""
    if registration_id is None:
        return None
    event = events.get_event(store, event_id)
    registration = registrations.get_registration(store, registration_id)
    booked = {b.session_id for b in registration.bookings if b.status == "confirmed"}
    if registration.pa_for_registration_id is not None:  # a PA goes where their person goes
        person = registrations.get_registration(store, registration.pa_for_registration_id)
        booked |= {b.session_id for b in person.bookings if b.status == "confirmed"}
    today = event.local_day(now)
    for session in sorted(events.list_sessions(store, event.id), key=lambda s: s.starts_at):
        if (event.local_day(session.starts_at) == today and session.ends_at > dates.to_db(now)
                and (not session.booking_required or session.id in booked)):
            return session
    return None
