"""A ticket scanned anywhere in the app lands at a desk; it is never read as keys.

A keyboard-wedge scanner types a code as keys, at machine speed (a few ms apart, or all at once
from one read of the terminal), and ends it with Enter, Tab or a line feed. At the desk the scan
field takes it. Anywhere else (the events list, an event's screen after an accidental Esc, a
dialog) those keys would be read as bindings: "2" switches tabs, Enter opens a row or answers
a dialog, and the scan is lost with no word said.

So the app hands every key it reads to ScanCatcher first:
- With focus on a text box, keys go in as typed (typing is never slowed down). If a run of code
  characters came at machine speed and an end-of-scan key follows at once, the box is put back
  as it was before the run and the end key is not delivered: the run was a scan.
- Elsewhere, a code character is held back until the keys stop coming at machine speed (GAP).
  A held run that turns out to be a scan (ending in an end key, or a whole code with no end key)
  is caught; anything else is delivered as the keys were typed, in order, GAP late. Keys
  pressed by hand (~50 ms or more apart) always end a run. An end key just after a caught scan
  is part of it (CR LF; a scanner's slow suffix): it never reaches the screen as Enter.

A caught code is looked up (in a worker): its event's desk opens and checks it in, as if
scanned there, keeping the settings of the desk last left for that event (a session, exit mode).
While someone is typing in a box or answering a dialog, nothing changes under them: the desk
is offered in a question first. A code that matches no ticket is said in a notice. Caught codes
are dealt with one at a time, in the order they came.

Not at all under a kiosk (its lock takes every key, and attendees use it) nor in a scan field.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input

from ..core import badge_codes, registrations, tickets
from ..core import events as core_events
from ..core.store import Store
from .widgets.scan_input import END_OF_SCAN, ScanInput

if TYPE_CHECKING:
    from .app import CoprodApp

GAP = 0.03  # seconds: keys closer than this came from a machine (a person's are ~50 ms or more apart)
END_GRACE = 0.25  # an end key this soon after a caught scan is its end (a CR LF's LF, a slow suffix)
LONGEST_RUN = 40  # a code with its prefix and dashes is 34: a longer run is delivered as typed
TITLE = "Scan caught"


def is_code_character(character: str | None) -> bool:
    """What a scanner types for a ticket code: letters, digits, and dashes (a printed code's
    groups). Lower case too: a scanner on a computer with Caps Lock on types codes so."""
    return character is not None and character.isascii() and (character.isalnum() or character == "-")


@dataclass(frozen=True)
class Holder:
    """Whose ticket a caught code is."""
    event_id: int
    event_title: str
    name: str


def our_code(raw: str) -> str | None:
    """The ticket or badge code a run of keys makes (a badge only re-admits: the desk says so)."""
    return tickets.normalise(raw) or badge_codes.normalise(raw)


def whose(store: Store, code: str) -> Holder | None:
    """In a worker: the event and person a code's ticket (or badge) belongs to (revoked ones
    too: the desk says what is wrong with it), or None when no ticket or badge has the code."""
    ticket = tickets.find(store, code) or badge_codes.find(store, code)
    if ticket is None:
        return None
    registration = registrations.get_registration(store, ticket.registration_id)
    event = core_events.get_event(store, registration.event_id)
    return Holder(event.id, event.title, registration.name)


@dataclass(frozen=True)
class Caught:
    raw: str  # as scanned: the desk checks and logs it as if typed there
    code: str
    ask: bool  # someone was typing in a box or answering a dialog: ask before taking them away


class ScanCatcher:
    """The app's key filter: see the module's docstring."""

    def __init__(self, app: CoprodApp, deliver: Callable[[events.Key], Awaitable[object]]):
        self.app = app
        self.deliver = deliver  # the app's own handling of a key read from the terminal
        self.run: list[str] = []  # code characters that came at machine speed, so far
        self.last: float = 0.0  # when the newest key of the run (or a caught scan's end) came
        self.held: list[events.Key] = []  # the run's keys, when they were not typed into a box
        self.box: tuple[Input, str, int] | None = None  # a box the run was typed into, as it was
        self.ended_scan = False  # a scan was just caught: an end key next belongs to it
        self.timer: Timer | None = None
        self.generation = 0
        self.caught: deque[Caught] = deque()
        self.handling = False
        self.asking = False
        self.desks: dict[int, tuple[int | None, str]] = {}  # event id: (session, direction)

    @property
    def busy(self) -> bool:
        """Keys held back, or a caught scan on its way to a desk (tests wait on this); a
        question waiting for staff's answer is not."""
        return bool(self.held or (self.handling and not self.asking))

    def desk_left(self, event_id: int, session_id: int | None, direction: str) -> None:
        """A desk's settings as staff left it: a scan caught later opens it so again."""
        self.desks[event_id] = (session_id, direction)

    # Keys ------------------------------------------------------------------------------------

    async def take(self, key: events.Key) -> bool:
        """Whether the key was taken here (held back, or part of a scan); False: the app handles
        it now as usual."""
        focused = self.app.focused
        if self.app.locked or isinstance(focused, ScanInput):
            await self._end_run()
            return False
        fast = key.time - self.last < GAP
        if self.run and not fast:
            await self._end_run()
        if key.key in END_OF_SCAN:
            if self.run and fast and self._scan_ended("".join(self.run), key):
                return True
            if self.ended_scan and not self.run and key.time - self.last < END_GRACE:
                self.last = key.time  # "\r\n": one end, not two
                return True
        self.ended_scan = False
        if key.is_printable and is_code_character(key.character) and len(self.run) < LONGEST_RUN:
            if not self.run and isinstance(focused, Input):
                self.box = (focused, focused.value, focused.cursor_position)
            assert key.character is not None
            self.run.append(key.character)
            self.last = key.time
            if self.box is not None:
                return False  # typed into the box as usual
            self.held.append(key)
            self._wait_for_more()
            return True
        await self._end_run()
        return False

    def _scan_ended(self, raw: str, key: events.Key) -> bool:
        """An end key straight after a run: a scan if the run is a code (the box, if any, is put
        back as it was)."""
        code = our_code(raw)
        if code is None:
            return False
        if self.box is not None:  # after the run's keys, which wait in the box's own queue
            box, value, cursor = self.box
            box.call_later(self._put_back, box, value, cursor)
        self._catch(raw, code, ask=self.box is not None)
        self.last = key.time
        return True

    @staticmethod
    def _put_back(box: Input, value: str, cursor: int) -> None:
        box.value, box.cursor_position = value, cursor

    def _wait_for_more(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.generation += 1
        generation = self.generation
        self.timer = self.app.set_timer(GAP, lambda: self.app.call_later(self._quiet, generation))

    async def _quiet(self, generation: int) -> None:
        """No key for GAP since the run's last one (handled in the app's queue, after any keys
        that came meanwhile)."""
        if generation == self.generation:
            await self._end_run()

    async def _end_run(self) -> None:
        """The run is over without an end key: held keys that make a code (a scanner sending no
        end key) are a scan; any others are delivered, in order, as typed."""
        if not self.run:  # the usual case, a key with no run before it: nothing to end
            return
        held, raw = self.held, "".join(self.run)
        self._reset()
        code = our_code(raw) if held else None
        if code is not None:
            self._catch(raw, code, ask=False)
            return
        for key in held:
            await self.deliver(key)

    def _reset(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        self.generation += 1
        self.run, self.held, self.box = [], [], None

    # Caught scans, one at a time ---------------------------------------------------------------

    def _catch(self, raw: str, code: str, *, ask: bool) -> None:
        self._reset()
        self.ended_scan = True
        self.caught.append(Caught(raw, code, ask or isinstance(self.app.screen, ModalScreen)))
        self._next()

    def _next(self) -> None:
        if self.handling or not self.caught:
            return
        self.handling = True
        scan = self.caught.popleft()
        self.app.run_core(whose, scan.code, then=lambda holder: self._found(scan, holder),
                          failed=self._failed, group="caught-scan")

    def _done(self) -> None:
        self.handling = False
        self._next()

    def _failed(self, error: Exception) -> None:
        self.app.report(error)
        self._done()

    def _found(self, scan: Caught, holder: Holder | None) -> None:
        if self.app.locked:  # a kiosk opened meanwhile: nothing may open over it
            self.app.log.warning("A scan caught before the kiosk opened was dropped.")
            self._done()
        elif holder is None:
            shown = (badge_codes.grouped(scan.code) if badge_codes.normalise(scan.code)
                     else tickets.grouped(scan.code))
            self.app.notify(f"A scan came in away from the desk, and no ticket has that code "
                            f"({shown}). Nothing was checked in.",
                            title=TITLE, severity="warning", timeout=8)
            self._done()
        elif scan.ask:
            from .dialogs.confirm import ConfirmScreen  # not loaded before the desk's first paint

            self.asking = True
            self.app.push_screen(ConfirmScreen(
                f"Check in {holder.name}?",
                f"Their ticket for {holder.event_title} was scanned here, away from the desk.",
                yes="Open the desk", no="Not now"), lambda yes: self._answered(scan, holder, yes))
        else:
            self.app.call_later(self._to_desk, scan, holder)

    def _answered(self, scan: Caught, holder: Holder, yes: bool | None) -> None:
        self.asking = False
        if yes:
            self.app.call_later(self._to_desk, scan, holder)
            return
        self.app.notify(f"Not checked in: {holder.name}. Scan their ticket again at the desk.",
                        title=TITLE)
        self._done()

    async def _to_desk(self, scan: Caught, holder: Holder) -> None:
        """The desk for the ticket's event checks the scan: the one on show, else a new one."""
        from .screens.desk import DeskScreen, Scan

        try:
            # The page under any dialogs: if it is this event's desk, the dialogs give way to it
            # (the desk's own F2/F3/F6 dialogs, asked above), and the desk checks the scan as set.
            desk = next(s for s in reversed(self.app.screen_stack) if not isinstance(s, ModalScreen))
            if isinstance(desk, DeskScreen) and desk.event_id == holder.event_id:
                while self.app.screen is not desk:
                    await self.app.pop_screen()
            else:
                session_id, direction = self.desks.get(holder.event_id, (None, "entry"))
                desk = DeskScreen(holder.event_id, session_id=session_id, station=self.app.station)
                await self.app.push_screen(desk)
                desk.direction = direction
            desk.check(Scan(scan.raw))
        finally:
            self._done()
