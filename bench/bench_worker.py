"""What taking the database off the screen's thread costs a scan, in-process (no terminal).

    python bench/bench_worker.py [--n 20000] [--scans 300] [--hops 2000]

1. hop: `run_core` with a call that does nothing: the thread worker, the message back, and
   the continuation on the screen's thread. This is the whole price of a worker.
2. the desk: from a scan's Enter (Input.Submitted at the desk) to its verdict being handed to
   the verdict panel, against the time `checkin.check_in` itself took for that scan, in the same
   run. The difference is what the worker hop adds to a real scan; painting is not included
   (bench_desk_scan.py measures scan to paint in a real terminal, side by side with a bare app).

Both run under Textual's headless test driver with the same app the `coprod-events` command
builds. DESIGN: scan to verdict painted within 1.2x of a bare app doing one indexed lookup;
a thread hop should cost well under a millisecond.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from coprod_events.core import checkin
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.screens import desk as desk_screen

import _common
import _tui


async def hops(app: CoprodApp, count: int) -> list[float]:
    """Round trips of a do-nothing core call, one after another."""
    times: list[float] = []
    done = asyncio.Event()
    for _ in range(count):
        done.clear()
        start = time.perf_counter()
        app.run_core(lambda store: None, then=lambda _: done.set())
        await done.wait()
        times.append(time.perf_counter() - start)
    return times


async def scans(app: CoprodApp, codes: list[str]) -> tuple[list[float], list[float]]:
    """Enter to verdict shown for each code, and check_in's own time for it."""
    screen = app.screen
    assert isinstance(screen, desk_screen.DeskScreen)
    inside: list[float] = []
    round_trips: list[float] = []
    check_in = checkin.check_in

    def timed_check_in(*args, **kwargs):
        start = time.perf_counter()
        try:
            return check_in(*args, **kwargs)
        finally:
            inside.append(time.perf_counter() - start)

    desk_screen.checkin.check_in = timed_check_in  # type: ignore[assignment]
    shown = screen.show
    done = asyncio.Event()

    def showing(verdict):
        shown(verdict)
        done.set()

    screen.show = showing  # type: ignore[method-assign]
    try:
        for code in codes:
            done.clear()
            start = time.perf_counter()
            screen.check(desk_screen.Scan(code))
            await done.wait()
            round_trips.append(time.perf_counter() - start)
            await asyncio.sleep(0.05)  # the live list refreshes between scans, as at a desk
    finally:
        desk_screen.checkin.check_in = check_in  # type: ignore[assignment]
    return round_trips, inside


async def run(path: Path, event_id: int, codes: list[str], hop_count: int) -> None:
    with Store(path) as store:
        app = CoprodApp(store, event=event_id, desk=True, station="BENCH")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await hops(app, 50)  # warm the thread pool
            hop_times = await hops(app, hop_count)
            round_trips, inside = await scans(app, codes)
    extra = sorted(max(0.0, r - i) for r, i in zip(round_trips, inside, strict=True))
    print(_common.summary("run_core hop (no-op call)", hop_times))
    print(_common.summary("desk: Enter -> verdict handed over", round_trips))
    print(_common.summary("  of which checkin.check_in itself", inside))
    print(_common.summary("  the rest: worker, message, queue", extra))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="registrations")
    parser.add_argument("--scans", type=int, default=300, help="timed scans (each a different code)")
    parser.add_argument("--hops", type=int, default=2000, help="no-op round trips")
    args = parser.parse_args()
    print(_common.environment())
    print(_common.load_average("before"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        event_id, _, people = _tui.build_registrations(path, args.n)
        codes = [code for code, _, _ in people[: args.scans]]
        asyncio.run(run(path, event_id, codes, args.hops))
    print(_common.load_average("after"))


if __name__ == "__main__":
    main()
