"""The dashboard's refresh at 20,000 registrations and 50,000 check-ins: the query and the paint.

    python bench/bench_dashboard.py [--n 20000] [--checkins 50000] [--samples 60] [--profile]

Prints figures only. Issue 11 budget: the dashboard's refresh (reading the snapshot, then
painting it) under 50 ms. Each sample is what happens after another desk's scan: one more
check-in is written (not timed), the screen's `dashboard.Watch` reads what changed (the
query, as the screen's worker runs it: the day's new rows, and who is expected if that
changed), then the screen shows it and Textual draws its frames at 100x30 (the paint:
`show` and the time spent in each frame that follows, laying out, rendering the chart, the
list and the bars, writing; not the wait for the frame), in a headless app.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
import tempfile
import time
import uuid
from datetime import timedelta

from bench_exports import build_event, check_in_all, register_all

from coprod_events.core import dashboard, dates
from coprod_events.core.data import checkins as checkins_data
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp

import _common

BUDGET_MS = 50.0
SIZE = (100, 30)


def one_more_arrival(store: Store, event, registration_id: int, at) -> None:
    """Another desk's scan, someone's first today, written straight through the data layer."""
    with store.write():
        checkins_data.append(store, checkins_data.Checkin(
            id=str(uuid.uuid4()), event_id=event.id, registration_id=registration_id, session_id=None,
            direction="entry", at=dates.to_db(at), local_day=event.local_day(at).isoformat(),
            station="Other desk", operator="bench", forced=False, success=True, reason="ok",
            raw_input=None, recorded_at=dates.to_db(at)))


async def measure(store: Store, event, ids: list[int], at, samples: int) -> tuple[list[float], list[float]]:
    from coprod_events.tui.screens.dashboard import DashboardScreen

    app = CoprodApp(store, event=event.id, clock=lambda: at)
    queries: list[float] = []
    paints: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        app.open_dashboard(event.id)
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        frames: list[float] = []  # how long each frame took to lay out, render and write
        draw_frame = screen._on_timer_update  # Textual's private frame step, timed as it runs

        def timed_frame() -> None:
            started = time.perf_counter()
            draw_frame()
            frames.append(time.perf_counter() - started)

        screen._on_timer_update = timed_frame  # type: ignore[method-assign]
        for i in range(samples):
            one_more_arrival(store, event, ids[i], at - timedelta(minutes=i % 20))
            started = time.perf_counter()
            snap = screen.day_watch.snapshot(store, at)  # as the screen's worker reads it
            read = time.perf_counter()
            frames.clear()
            screen.show(snap)
            shown = time.perf_counter()
            for _ in range(5):  # the frames that follow (waiting for them is not counted)
                await pilot.pause(0.02)
            queries.append(read - started)
            paints.append(shown - read + sum(frames))
    return queries, paints


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="registrations (default 20000)")
    parser.add_argument("--checkins", type=int, default=50_000, help="check-in rows (default 50000)")
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true",
                        help="cProfile 20 first reads of the day (a Watch made afresh each)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(_common.environment())
    print(_common.load_average("before"))

    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        store = Store(os.path.join(tmp, "bench.db"))
        t0 = time.perf_counter()
        event, sessions = build_event(store)  # two days; the dashboard shows the first, at noon
        ids = register_all(store, event, sessions, args.n, rng)
        check_in_all(store, event, sessions, ids, args.checkins, rng)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        at = dates.from_db(sessions[0].starts_at) + timedelta(hours=3)
        day = event.local_day(at).isoformat()
        rows = store.value("SELECT count(*) FROM checkins WHERE event_id = ? AND local_day = ?",
                           [event.id, day])
        print(f"build: {len(ids)} registrations, {args.checkins} check-ins ({rows} on {day}) in "
              f"{time.perf_counter() - t0:.1f} s")
        started = time.perf_counter()
        snap = dashboard.snapshot(store, event.id, at=at)
        print(f"first read of the day (a Watch made afresh): {(time.perf_counter() - started) * 1000:.0f} ms")
        print(f"the day: {snap.arrived} arrived of {snap.expected}, {snap.on_site} on site, "
              f"{snap.still_expected_count} still expected, {len(snap.arrivals)} quarter hours, "
              f"{len(snap.sessions)} sessions")
        print()
        not_come = [row[0] for row in store.query(  # each sample is someone's first arrival
            "SELECT r.id FROM registrations r WHERE r.event_id = ? AND r.status = 'confirmed' "
            "AND r.id NOT IN (SELECT c.registration_id FROM checkins c WHERE c.local_day = ? "
            "AND c.direction = 'entry' AND c.registration_id IS NOT NULL) ORDER BY random()",
            [event.id, day])]
        queries, paints = asyncio.run(measure(store, event, not_come, at, args.samples))
        refresh = [q + p for q, p in zip(queries, paints, strict=True)]
        print(_common.summary("query (Watch.snapshot, kept)", queries))
        print(_common.summary("paint (show + next frame, 100x30)", paints))
        print(_common.summary("refresh (query + paint)", refresh))
        if args.profile:
            profiler = cProfile.Profile()
            for _ in range(20):
                profiler.runcall(dashboard.snapshot, store, event.id, at=at)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
        store.close()
    ms = sorted(r * 1000 for r in refresh)
    median, p95 = _common.percentile(ms, 0.5), _common.percentile(ms, 0.95)
    print()
    print(f"{'OK' if p95 < BUDGET_MS else 'PROBLEM'}: refresh median {median:.1f} ms, p95 {p95:.1f} ms "
          f"(budget {BUDGET_MS:.0f} ms)")
    print(_common.load_average("after"))


if __name__ == "__main__":
    main()
