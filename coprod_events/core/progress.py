"""How far a long run has got, for a progress bar: `progress(done, total)`.

The writers of documents (door lists, badges, tickets, certificates, exports) take an optional
`progress` and pass their items through `counted`, which tells it at the start, every so many
items and at the end: a bar moves, and a run of 20,000 makes a few hundred calls, not 20,000.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
Progress = Callable[[int, int], None]
EVERY = 25  # items between calls: a PDF page takes about a millisecond, a spreadsheet row far less


def counted(items: Sequence[T], progress: Progress | None, *, total: int | None = None, start: int = 0,
            every: int = EVERY) -> Iterator[T]:
    """`items`, telling `progress` how many are done once each is handled. `start` and `total`
    count several lists as one run (the tables of an export): `total` is all of them."""
    if progress is None:
        yield from items
        return
    total = len(items) if total is None else total
    done = start
    if not start:
        progress(0, total)
    for item in items:
        yield item
        done += 1
        if (done - start) % every == 0:
            progress(done, total)
    progress(done, total)
