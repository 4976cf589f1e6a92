"""Exports at 20,000 registrations and 50,000 check-ins: each kind, as CSV and as XLSX.

    python bench/bench_exports.py [--n 20000] [--checkins 50000] [--profile KIND.FORMAT]

Prints figures only; each export's processor time beside its wall time (on a busy machine the
wall time waits for a core, the processor time does not). DESIGN budget: each export at 20,000
registrations and 50,000 check-ins under 3 s (reading the data, writing the file, logging it).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

from coprod_events.core import dates, events, exports, payments, registrations
from coprod_events.core.data import checkins as checkins_data
from coprod_events.core.store import Store

import _common

BUDGET_S = 3.0
NEEDS = ["bsl", "wheelchair_space", ("large_print", "18pt"), "quiet_room", "step_free", "hearing_loop"]
DIETS = ["diet_vegetarian", "diet_vegan", "diet_halal", ("allergy", "sesame"), "diet_gluten_free"]


def build_event(store: Store) -> tuple[events.Event, list[events.Session]]:
    """A two-day conference that ended yesterday: two plenaries and two workshops needing booking."""
    start = (datetime.now(UTC) - timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = events.add_event(store, "Bench conference", kind="conference", starts=start,
                             ends=start + timedelta(days=1, hours=8))
    sessions = [events.add_session(store, event.id, title, starts=start + timedelta(days=day, hours=hour),
                                   ends=start + timedelta(days=day, hours=hour + 2), booking_required=booked)
                for title, day, hour, booked in (("Plenary 1", 0, 1, False), ("Workshop A", 0, 5, True),
                                                 ("Plenary 2", 1, 1, False), ("Workshop B", 1, 5, True))]
    return event, sessions


def register_all(store: Store, event: events.Event, sessions: list[events.Session], n: int,
                 rng: random.Random) -> list[int]:
    """n registrations in one write: a sixth with access needs, a fifth with a diet, half on a workshop."""
    workshops = [s.id for s in sessions if s.booking_required]
    ids = []
    with store.write():
        for i in range(n):
            access = ([rng.choice(NEEDS)] if rng.random() < 1 / 6 else []) + \
                     ([rng.choice(DIETS)] if rng.random() < 1 / 5 else [])
            result = registrations.register(
                store, event.id, **_common.person(i, rng), access=access, consent=bool(access),
                access_notes="Bench note" if access and rng.random() < 0.2 else None,
                sessions=[rng.choice(workshops)] if rng.random() < 0.5 else [],
                payment_eligible=rng.random() < 0.3)
            ids.append(result.registration.id)
    return ids


def check_in_all(store: Store, event: events.Event, sessions: list[events.Session], ids: list[int],
                 count: int, rng: random.Random) -> None:
    """`count` rows of the log, written straight through the data layer (check_in() one by one
    would take minutes): door entries each day, session entries, some exits."""
    rows = []
    while len(rows) < count:
        reg_id, session = rng.choice(ids), rng.choice(sessions)
        at = dates.from_db(session.starts_at) + timedelta(minutes=rng.randint(-30, 40))
        direction = "exit" if rng.random() < 0.15 else "entry"
        rows.append(checkins_data.Checkin(
            id=str(uuid.UUID(int=rng.getrandbits(128))), event_id=event.id, registration_id=reg_id,
            session_id=session.id if rng.random() < 0.6 else None, direction=direction,
            at=dates.to_db(at), local_day=event.local_day(at).isoformat(), station="Bench",
            operator="bench", forced=False, success=True, reason="ok", raw_input=None,
            recorded_at=dates.to_db(at)))
    with store.write():
        for row in rows:
            checkins_data.append(store, row)


def pay_some(store: Store, event: events.Event, rng: random.Random) -> None:
    """A day rate; for the payment eligible, a choice each (most a fee), an expense for half
    and a payment for half."""
    payments.set_rate(store, event.id, 15000, "day")
    with store.write():
        for row in store.query("SELECT id FROM registrations WHERE event_id = ? AND payment_eligible",
                               [event.id]):
            reg_id = row[0]
            payments.set_choice(store, reg_id, rng.choice(["fee", "fee", "voucher", "expenses", "declined"]))
            if rng.random() < 0.5:
                payments.add_expense(store, reg_id, rng.randint(200, 5000), "travel", receipt=True)
            if rng.random() < 0.5:
                payments.record_payment(store, reg_id, 7500, rng.choice(["bank", "cash"]), by="Bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="registrations (default 20000)")
    parser.add_argument("--checkins", type=int, default=50_000, help="check-in rows (default 50000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", metavar="KIND.FORMAT", help="cProfile one export, e.g. attendance.xlsx")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(_common.environment())
    print(_common.load_average("before"))

    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        store = Store(os.path.join(tmp, "bench.db"))
        t0 = time.perf_counter()
        event, sessions = build_event(store)
        ids = register_all(store, event, sessions, args.n, rng)
        check_in_all(store, event, sessions, ids, args.checkins, rng)
        pay_some(store, event, rng)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"build: {len(ids)} registrations, {args.checkins} check-ins in "
              f"{time.perf_counter() - t0:.1f} s")
        print()
        slowest = 0.0
        for what in exports.KINDS:
            for fmt in ("csv", "xlsx"):
                out = os.path.join(tmp, f"{what}.{fmt}")
                started, cpu = time.perf_counter(), time.process_time()
                done = exports.export(store, event.id, what, out, operator="bench")
                took = time.perf_counter() - started
                slowest = max(slowest, took)
                print(f"{what:<14} {fmt:<5} {took:6.2f} s  (cpu {time.process_time() - cpu:5.2f} s)  "
                      f"{done.rows:>7} rows  "
                      f"{os.path.getsize(out) / 1e6:6.2f} MB")
        if args.profile:
            what, _, fmt = args.profile.partition(".")
            profiler = cProfile.Profile()
            profiler.runcall(exports.export, store, event.id, what, os.path.join(tmp, f"p.{fmt}"))
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
            print(text.getvalue())
        store.close()
    print()
    print(f"OK: the slowest export took {slowest:.2f} s (budget {BUDGET_S:.0f} s)" if slowest < BUDGET_S
          else f"PROBLEM: the slowest export took {slowest:.2f} s (budget {BUDGET_S:.0f} s)")
    print(_common.load_average("after"))


if __name__ == "__main__":
    main()
