"""The door list at 20,000 registrations: every confirmed person by surname with their code and
sessions, then the staff actions pages.

    python bench/bench_door_list.py [--n 20000] [--profile]

Prints figures only. Issue 11 budget: the door-list PDF under 10 s at 20,000 registrations.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import tempfile
import time
from pathlib import Path

from coprod_events.core import catalogue, events, paper_lists, registrations
from coprod_events.core.store import Store

import _common

BUDGET_S = 10.0
WORKSHOPS = ("Workshop A: Sharing power", "Workshop B: Peer support and crisis care",
             "Workshop C: Involvement payments", "Workshop D: Creative co-production")
NEEDS = [need.code for need in catalogue.ACCESS_NEEDS if not need.detail_prompt]
ACCENTED = ["Łukasz Brzęczyszczykiewicz", "Zoë Ní Bhriain", "Anna van der Berg", "Chloé Dvořák"]


def build(store: Store, n: int, rng: random.Random):
    """A conference with four workshops that need booking (each person books one or two); one
    person in five has an access need or two (so about 4,000 staff actions rows)."""
    t0 = time.perf_counter()
    event = _common.open_event(store)
    sessions = [events.add_session(store, event.id, title, starts=f"3/12/2026 {11 + 3 * (i // 2)}:00",
                                   room=f"Room {i + 1}", booking_required=True)
                for i, title in enumerate(WORKSHOPS)]
    entries = []
    for i in range(n):
        person = _common.person(i, rng)
        if i % 50 == 0:
            person["name"] = ACCENTED[i % len(ACCENTED)]
        person["sessions"] = [s.id for s in rng.sample(sessions, rng.choice((1, 2)))]
        if i % 5 == 0:
            person |= {"access": rng.sample(NEEDS, rng.choice((1, 2))), "consent": True,
                       "access_notes": "a note that must never print"}
        entries.append(person)
    with store.write():
        registrations.add_many(store, event, entries)
    print(f"build: {n} registrations (add_many, one write): {time.perf_counter() - t0:.2f} s")
    return event


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="registrations (default 20000)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one more run")
    args = parser.parse_args()
    print(_common.environment())
    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "bench.db") as store:
            event = build(store, args.n, random.Random(11))
            out = Path(folder) / "door.pdf"
            t0 = time.perf_counter()
            run = paper_lists.write_door_list(store, event.slug, out)
            door_s = time.perf_counter() - t0
            print(f"door list: {run.people} people, staff actions for {run.staff_actions}, "
                  f"{run.pages} pages, {out.stat().st_size / 1e6:.1f} MB: {door_s:.2f} s "
                  f"({door_s / run.pages * 1000:.1f} ms a page)")
            t0 = time.perf_counter()
            registers = paper_lists.write_registers(store, event.slug, Path(folder) / "registers.pdf")
            print(f"registers: {len(registers.sessions)} sessions, {registers.people} names, "
                  f"{registers.pages} pages: {time.perf_counter() - t0:.2f} s")
            if args.profile:
                profiler = cProfile.Profile()
                profiler.runcall(paper_lists.write_door_list, store, event.slug, out)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    verdict = "OK" if door_s < BUDGET_S else "PROBLEM"
    print(f"{verdict}: door list at {args.n} registrations in {door_s:.2f} s (budget {BUDGET_S:.0f} s)")


if __name__ == "__main__":
    main()
