"""Four desks (processes) checking in on one database file at once.

    python bench/bench_concurrency.py [--n 2000] [--desks 4] [--own 250]

Every desk scans all n shared codes in its own shuffled order (so desks collide on the same
codes) plus `own` codes no other desk scans. Prints figures and OK / PROBLEM findings.
DESIGN budget: 4 desks checking in at once on one file: no errors, nothing lost, and each
code admitted exactly once.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import tempfile
import time
import traceback
from collections import Counter

from coprod_events.core import checkin, registrations
from coprod_events.core.store import Store

import _common


def _time_lock_waits(store: Store, waits: list[float]) -> None:
    """Time every wait for the write lock: the whole of Store's retrying BEGIN IMMEDIATE
    (each single attempt returns at once, since it retries with busy_timeout 0)."""
    begin = store._begin_immediate

    def timed(deadline: float) -> None:
        started = time.perf_counter()
        try:
            begin(deadline)
        finally:
            waits.append(time.perf_counter() - started)

    store._begin_immediate = timed


def desk(number: int, path: str, slug: str, shared: list[str], own: list[str], seed: int,
         barrier, results, diagnose: bool = False, pace: float = 0.0) -> None:
    """One desk: open the file, wait for the others, scan everything, report back."""
    report = {"desk": number, "latencies": [], "reasons": Counter(), "errors": [],
              "admitted_codes": [], "lock_waits": []}
    try:
        order = shared + own
        random.Random(seed + number).shuffle(order)
        store = Store(path)
        if diagnose:
            _time_lock_waits(store, report["lock_waits"])
        barrier.wait()
        report["start"] = time.time()
        for code in order:
            if pace:
                time.sleep(pace)
            t = time.perf_counter()
            try:
                verdict = checkin.check_in(store, slug, code, station=f"desk-{number}")
            except Exception as error:  # a finding, so keep going and count it
                report["latencies"].append(time.perf_counter() - t)
                report["errors"].append(f"{type(error).__name__}: {error}")
                continue
            report["latencies"].append(time.perf_counter() - t)
            report["reasons"][verdict.reason] += 1
            if verdict.admitted:
                report["admitted_codes"].append(code)
        report["end"] = time.time()
        store.close()
    except BaseException:
        report["errors"].append("desk crashed: " + traceback.format_exc())
        report.setdefault("start", time.time())
        report["end"] = time.time()
    results.put(report)


def build(path: str, n_codes: int, seed: int) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    with Store(path) as store:
        event = _common.open_event(store)
        t = time.perf_counter()
        with store.write():
            codes = [registrations.register(store, event.slug, **_common.person(i, rng)).code
                     for i in range(n_codes)]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"build: {n_codes} registrations in {time.perf_counter() - t:.2f} s")
        return event.slug, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2_000, help="codes every desk scans (default 2000)")
    parser.add_argument("--desks", type=int, default=4)
    parser.add_argument("--own", type=int, default=250, help="codes only one desk scans, per desk")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pace-ms", type=float, default=0.0,
                        help="pause between one desk's scans (default 0: flat out, a stress test)")
    parser.add_argument("--diagnose", action="store_true",
                        help="also time how long each scan waits for the write lock")
    args = parser.parse_args()
    print(_common.environment())

    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        path = os.path.join(tmp, "bench.db")
        slug, codes = build(path, args.n + args.desks * args.own, args.seed)
        shared = codes[:args.n]
        own = [codes[args.n + i * args.own: args.n + (i + 1) * args.own] for i in range(args.desks)]

        ctx = mp.get_context("spawn")
        barrier, results = ctx.Barrier(args.desks), ctx.Queue()
        procs = [ctx.Process(target=desk, args=(i, path, slug, shared, own[i], args.seed,
                                                barrier, results, args.diagnose,
                                                args.pace_ms / 1000))
                 for i in range(args.desks)]
        for proc in procs:
            proc.start()
        reports = [results.get(timeout=600) for _ in procs]
        for proc in procs:
            proc.join(timeout=60)
        reports.sort(key=lambda r: r["desk"])

        findings = analyse(path, codes, args, reports)
    print()
    for line in findings:
        print(line)


def analyse(path: str, codes: list[str], args, reports: list[dict]) -> list[str]:
    wall = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    latencies = [t for r in reports for t in r["latencies"]]
    errors = [e for r in reports for e in r["errors"]]
    reasons = sum((r["reasons"] for r in reports), Counter())
    expected_scans = args.desks * (args.n + args.own)

    print(f"\n{args.desks} desks, {args.n} shared codes each + {args.own} own codes each, "
          + (f"{args.pace_ms:g} ms pause between a desk's scans" if args.pace_ms else "flat out"))
    for r in reports:
        print(_common.summary(f"  desk {r['desk']}: {sum(r['reasons'].values())} verdicts, "
                              f"{len(r['errors'])} errors", r["latencies"], 34))
    print(_common.summary("  all desks, latency per scan", latencies, 34))
    waits = [t for r in reports for t in r["lock_waits"]]
    if waits:
        print(_common.summary("  all desks, wait for write lock", waits, 34))
    print("slow scans: " + ", ".join(
        f"> {limit} ms: {sum(t * 1000 > limit for t in latencies)}" for limit in (20, 100, 1000)))
    print(f"total scans: {len(latencies)} (expected {expected_scans}), errors: {len(errors)}, "
          f"wall {wall:.2f} s, {len(latencies) / wall:.0f} scans/s")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())))

    with Store(path) as store:
        code_of = dict(store.query("SELECT registration_id, code FROM tickets"))
        admissions = Counter({code_of[reg]: count for reg, count in store.query(
            "SELECT registration_id, count(*) FROM checkins WHERE success AND direction = 'entry' "
            "AND annulled_at IS NULL GROUP BY registration_id")})
        logged = store.value("SELECT count(*) FROM checkins")
        integrity = store.value("PRAGMA integrity_check")
    per_code = Counter(admissions.get(code, 0) for code in codes)
    print("admissions per code: " + ", ".join(
        f"{times}x: {count} codes" for times, count in sorted(per_code.items())))
    print(f"check-in log rows: {logged}; integrity_check: {integrity}")

    admitted_by_verdict = Counter(c for r in reports for c in r["admitted_codes"])
    findings = []
    if errors:
        kinds = Counter(e.splitlines()[0][:120] for e in errors)
        findings.append(f"PROBLEM: {len(errors)} scans raised: " + "; ".join(
            f"{k} (x{v})" for k, v in kinds.most_common(5)))
    else:
        findings.append("OK: no scan raised an error")
    if len(latencies) != expected_scans:
        findings.append(f"PROBLEM: {len(latencies)} scans made, expected {expected_scans}")
    if logged != len(latencies) - len(errors):
        findings.append(f"PROBLEM: {logged} rows in the log for {len(latencies) - len(errors)} "
                        "verdicts: rows lost or extra")
    else:
        findings.append(f"OK: every verdict has its row in the log ({logged})")
    if set(per_code) != {1}:
        findings.append("PROBLEM: admissions per code should all be 1: "
                        + ", ".join(f"{t}x for {c} codes" for t, c in sorted(per_code.items())))
    else:
        findings.append(f"OK: each of the {len(codes)} codes admitted exactly once")
    if admitted_by_verdict != Counter(admissions):
        findings.append("PROBLEM: the admitted verdicts desks showed differ from the log")
    else:
        findings.append("OK: the verdicts desks showed agree with the log")
    unexpected = {k: v for k, v in reasons.items() if k not in (checkin.OK, checkin.ALREADY_CHECKED_IN)}
    if unexpected:
        findings.append(f"PROBLEM: unexpected verdicts {unexpected}")
    slow = sum(t > 0.1 for t in latencies)
    if slow:
        findings.append(f"PROBLEM (latency, not correctness): {slow} scans took over 100 ms, the "
                        f"slowest {max(latencies) * 1000:.0f} ms; a desk would see the verdict late")
    if integrity != "ok":
        findings.append(f"PROBLEM: integrity_check says {integrity}")
    return findings


if __name__ == "__main__":
    main()
