"""A progress bar for the commands that write long documents (door lists, badges, tickets,
certificates, exports): on standard error, and only when that is a terminal and the output is
for a person. With --json, or piped, or in a log, nothing is drawn (click would print its
label there), so scripts read the result alone."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

import click

from ..core.progress import Progress


@contextlib.contextmanager
def progress_bar(as_json: bool, label: str) -> Iterator[Progress | None]:
    """The `progress` to give a core writer: a bar drawn from its first call, finished (its line
    ended) when the block ends, however it ends; None when no bar belongs on the screen."""
    if as_json or not sys.stderr.isatty():
        yield None
        return
    with contextlib.ExitStack() as stack:
        bars: list = []

        def update(done: int, total: int) -> None:
            if not bars:
                bars.append(stack.enter_context(click.progressbar(
                    length=max(total, 1), label=label, file=sys.stderr, show_pos=True)))
            bar = bars[0]
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield update
