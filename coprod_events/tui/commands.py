"""Command palette (ctrl+p): go to an event, register someone, open the desk, the dashboard or
the kiosk."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ..core import events

if TYPE_CHECKING:  # the app imports this module: no import back at run time
    from .app import CoprodApp

Command = tuple[str, str, Callable[[], None]]  # title, help text, what it does


class CommandsFound(Provider):
    """A palette provider whose commands are worked out once, when the palette opens
    (`found()`), then listed and matched as typed."""

    _found: list[Command]

    async def startup(self) -> None:
        self._found = self.found()

    def found(self) -> list[Command]:
        return []

    async def discover(self) -> Hits:
        for title, help_text, callback in self._found:
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._found:
            if (score := matcher.match(title)) > 0:
                yield Hit(score, highlighted(matcher, title), callback, text=title, help=help_text)


class NavigationCommands(CommandsFound):
    """One command per event and action, e.g. "Open the desk: Annual Conference"."""

    async def startup(self) -> None:
        """Read the events once when the palette opens, not on every key typed into it.

        In a thread, awaited here: Textual awaits `startup` before the first search, so the
        answer comes back where it is needed, and the screen keeps painting meanwhile. (A
        provider is not a widget: it has no message queue for `run_core` to answer to.)"""
        app = cast("CoprodApp", self.app)
        try:
            summaries = await asyncio.to_thread(events.list_events, app.store)
        except Exception as error:  # said in words; the palette still offers the rest
            app.report(error)
            summaries = []
        self._found = self._commands(summaries)

    def _commands(self, summaries: list[events.EventSummary]) -> list[Command]:
        app = cast("CoprodApp", self.app)
        found: list[Command] = []
        for summary in summaries:
            event = summary.event
            found += [
                (f"Go to event: {event.title}", "Its sessions and registrations",
                 partial(app.open_event, event.id)),
                (f"Register someone: {event.title}", "Open a new registration form",
                 partial(app.open_registration, event.id)),
                (f"Open the desk: {event.title}", "Check people in on the day",
                 partial(app.open_desk, event.id)),
                (f"Dashboard: {event.title}", "How the day is going, live from every desk",
                 partial(app.open_dashboard, event.id)),
                (f"Open the kiosk: {event.title}", "Self check-in for attendees (the kiosk PIN leaves it)",
                 partial(app.open_kiosk, event.id)),
            ]
        return found


def highlighted(matcher: Matcher, title: str) -> Content:
    """The title with the characters the query matched picked out. Not read as markup, as
    `matcher.highlight` and a plain str prompt would be: an event's title is as people typed it,
    and "[/]" in one would crash the app."""
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    content = Content(title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
