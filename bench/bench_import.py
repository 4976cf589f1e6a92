"""Importing an Eventbrite attendee summary of 10,000 rows: the dry run, the import, and the
same file again (which changes nothing).

    python bench/bench_import.py [--n 10000] [--capacity N] [--profile]

Prints figures only. DESIGN budget: 10,000 rows imported in under 3 s; dry run under 1.5 s.
The file is Eventbrite-shaped (UTF-8 with a BOM, CRLF, " | " multi-answers, a few not
attending, some people answering twice), written to a temporary folder with the database.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import random
import tempfile
import time
from pathlib import Path

from coprod_events.core import events
from coprod_events.core.importing.importer import prepare, run_import
from coprod_events.core.store import Store

import _common

BUDGET_IMPORT_S, BUDGET_DRY_RUN_S = 3.0, 1.5
SESSIONS = ("Opening plenary", "Workshop A: Peer support, in practice", "Workshop B: Co-producing research",
            "Closing panel")
HEADER = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type",
          "Attendee #", "Group", "Order Type", "Total Paid", "Attendee Status", "Mobile Phone",
          "Which sessions will you attend?", "Do you have any access requirements?",
          "Dietary requirements", "How would you describe yourself?", "Job Title", "Company"]
ACCESS = ["", "", "", "", "Wheelchair space", "Hearing loop | Large print 18pt", "BSL interpreter", "None"]
DIETS = ["", "", "", "Vegetarian", "Vegan", "Halal", "Gluten-free"]
ROLES = ["Expert by experience / service user / survivor", "Carer or family member", "Peer worker",
         "Professional or practitioner", "Student", "Speaker or facilitator | Peer worker"]
ORGS = ["Mind in Camden", "Rethink Mental Illness", "Hackney Carers Centre", "", "NHS Trust", "University"]


def write_file(path: Path, n: int, rng: random.Random) -> None:
    """n rows: about 3% not attending, 2% a second answer by someone already in the file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    emails: list[str] = []
    for i in range(n):
        who = _common.person(i, rng)
        first, _, last = who["name"].partition(" ")
        email = rng.choice(emails).upper() if emails and rng.random() < 0.02 else who["email"]
        emails.append(email)
        status = "Not Attending" if rng.random() < 0.03 else rng.choice(["Attending", "Checked In"])
        sessions = " | ".join(rng.sample(SESSIONS, rng.randint(1, 3)))
        writer.writerow([
            f"{88000000 + i}", f"2026-10-{1 + i * 28 // n:02d} {i % 24:02d}:{i % 60:02d}:{i % 59:02d}+01:00",
            first, last, email, "1", "Delegate", f"{1100000 + i}", "", "Eventbrite Completed", "0.00",
            status, f"07700 900{i % 1000:03d}", sessions, rng.choice(ACCESS), rng.choice(DIETS),
            rng.choice(ROLES), "", rng.choice(ORGS)])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def timed(label: str, call, budget: float | None = None):
    start = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - start
    verdict = "" if budget is None else (f"  OK: under {budget:g} s" if elapsed < budget
                                         else f"  PROBLEM: over {budget:g} s")
    print(f"{label:<44} {elapsed:6.2f} s{verdict}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--capacity", type=int, help="The event's capacity (default: no limit).")
    parser.add_argument("--consented", action="store_true", help="Keep access answers (--consented).")
    parser.add_argument("--profile", action="store_true", help="Print a cProfile of the import.")
    options = parser.parse_args()
    print(_common.environment())
    print(_common.load_average("before"))
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "attendees.csv"
        write_file(path, options.n, rng)
        print(f"file: {options.n:,} rows, {os.path.getsize(path) / 1024 / 1024:.1f} MB")
        with Store(Path(folder) / "bench.db") as store:
            event = events.add_event(store, "Bench conference", kind="conference", starts="3/12/2026 09:00",
                                     ends="3/12/2026 17:00", capacity=options.capacity)
            for title in SESSIONS:
                events.add_session(store, event.id, title, starts="3/12/2026 10:00")
            notice = "Bench notice v1" if options.consented else None
            timed("read and map the file (prepare)", lambda: prepare(path))
            dry = timed("dry run (read, map, plan)",
                        lambda: run_import(store, event.id, path, consented=notice, dry_run=True),
                        BUDGET_DRY_RUN_S)
            profiler = cProfile.Profile() if options.profile else None
            if profiler:
                profiler.enable()
            done = timed("import (one transaction)",
                         lambda: run_import(store, event.id, path, consented=notice), BUDGET_IMPORT_S)
            if profiler:
                profiler.disable()
            again = timed("the same file again (changes nothing)",
                          lambda: run_import(store, event.id, path, consented=notice))
        print(f"dry run: {dry.created:,} new, {len(dry.skipped):,} skipped, {len(dry.problems)} problems, "
              f"{dry.health_data_dropped:,} with health answers dropped")
        print(f"import:  {done.created:,} new, {done.waitlisted:,} waitlisted; "
              f"again: {again.created} new, {again.updated} updated, {again.unchanged:,} unchanged")
    print(_common.load_average("after"))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
