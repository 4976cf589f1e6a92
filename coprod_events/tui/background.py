"""Database work off the screen's thread.

The event loop never waits on SQLite: another desk may hold the write lock for seconds, and a
frozen desk is a queue at the door. Every core call from a screen or widget goes through
`run_core`: it runs in a thread worker (each worker thread reads on its own connection; writes
share the store's one writer) and comes back as a message, handled on the screen's thread by
the `then` given. Any failure takes one path: `failed` if given, else the app's `report`, which
says in words what went wrong; the app keeps running.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.message import Message
from textual.worker import Worker, get_current_worker

if TYPE_CHECKING:
    from .app import CoprodApp

T = TypeVar("T")


class CoreDone(Message, bubble=False):
    """A core call finished: hand its result to the continuation."""

    def __init__(self, then: Callable[[Any], object] | None, result: object) -> None:
        super().__init__()
        self.then = then
        self.result = result


class CoreFailed(Message, bubble=False):
    """A core call raised: say so in words (or let the caller decide)."""

    def __init__(self, failed: Callable[[Exception], object] | None, error: Exception) -> None:
        super().__init__()
        self.failed = failed
        self.error = error


class UsesCore:
    """Mixin for screens and widgets that read or write the database."""

    if TYPE_CHECKING:  # what the Textual class this is mixed into provides
        app: Any
        post_message: Callable[[Message], bool]
        run_worker: Callable[..., Worker[Any]]

    def run_core(self, call: Callable[..., T], *args: Any, then: Callable[[T], object] | None = None,
                 failed: Callable[[Exception], object] | None = None, group: str = "core",
                 exclusive: bool = False, **kwargs: Any) -> Worker[None]:
        """`call(store, *args, **kwargs)` in a thread worker; `then(result)` back on this thread.

        `exclusive` cancels this group's earlier calls: their results are dropped (for typing
        filters, where only the newest answer matters)."""
        store = cast("CoprodApp", self.app).store

        def work() -> None:
            try:
                result = call(store, *args, **kwargs)
            except Exception as error:  # every failure takes the one path below
                if not get_current_worker().is_cancelled:
                    self.post_message(CoreFailed(failed, error))
                return
            if not get_current_worker().is_cancelled:
                self.post_message(CoreDone(then, result))

        return self.run_worker(work, thread=True, exit_on_error=False, group=group,
                               exclusive=exclusive, description=getattr(call, "__name__", ""))

    def on_core_done(self, message: CoreDone) -> None:
        if message.then is None:
            return
        app = cast("CoprodApp", self.app)
        try:
            message.then(message.result)
        except Exception as error:  # a bug in showing a result: said, and the app (a kiosk) runs on
            if app.GUARD_SCREEN_THREAD:  # under test, a bug fails the test loudly instead
                raise
            app.report(error)

    def on_core_failed(self, message: CoreFailed) -> None:
        if message.failed is not None:
            message.failed(message.error)
        else:
            cast("CoprodApp", self.app).report(message.error)


class InOrder:
    """Core calls run one at a time, in the order they were asked for: a scanner's burst of
    codes is checked code by code, each its own verdict, none overtaking another."""

    def __init__(self, owner: UsesCore, group: str) -> None:
        self.owner = owner
        self.group = group
        self.waiting: deque[tuple[Callable[..., Any], tuple, Callable[[Any], object],
                                  Callable[[Exception], object]]] = deque()
        self.running = False

    def put(self, call: Callable[..., T], *args: Any, then: Callable[[T], object],
            failed: Callable[[Exception], object]) -> None:
        self.waiting.append((call, args, then, failed))
        self._next()

    def _next(self) -> None:
        if self.running or not self.waiting:
            return
        self.running = True
        call, args, then, failed = self.waiting.popleft()
        self.owner.run_core(call, *args, then=self._after(then), failed=self._after(failed),
                            group=self.group)

    def _after(self, callback: Callable[[Any], object]) -> Callable[[Any], None]:
        def done(outcome: Any) -> None:
            self.running = False
            try:
                callback(outcome)
            finally:
                self._next()

        return done
