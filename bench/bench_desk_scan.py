"""Scan to verdict painted, in a real terminal: the desk against a bare Textual app, side by side.

    python bench/bench_desk_scan.py [--n 20000] [--scans 200] [--warmup 20]
                                                   [--fps N] [--burst K] [--profile] [--keep]

Both run at once in their own pseudo-terminal (30 x 100, TERM=xterm-256color) over the same
database file of --n registrations:

  desk  the real `coprod-events --db DB desk EVENT --station BENCH`
  bare  bench/bare_app.py: an Input whose Submitted does one indexed lookup
        (SELECT registration_id FROM tickets WHERE code = ?) and shows it in a Static

Each scan is a 26-character code and Enter written to the pty in one write, as a keyboard-wedge
scanner sends it; it is timed until the terminal (pyte) shows the verdict: "ADMITTED" and the
person's name at the desk, "reg=ID;" in the bare app. Scans alternate between the two apps and
every code is scanned once. Budget (issue 9): desk p95 within 1.2x of the bare app's p95.

--burst K sends K codes in one write, as a scanner does when people scan back to back, and times
until the last one's verdict is painted: the desk checks scans one at a time in order, so by then
all K are recorded (the bare app looks each up as its Enter arrives and shows the last five).

The timed scans are also shown in quarters (first to last): a tail that grows through the run
means per-scan work or memory that accumulates. Resident memory of both processes is printed
before and after. --fps sets TEXTUAL_FPS for both apps (Textual's default is 60 frames a
second, and a verdict is painted on a frame tick). --profile runs the desk under cProfile and
prints where its time goes.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import random
import tempfile
import time

import _common
import _tui

BUDGET_RATIO = 1.2


def distinct_names(people: list[tuple[str, int, str]], count: int, rng: random.Random):
    """`count` registrations whose names are all different and none inside another, so a name
    on the screen can only be the newest verdict's."""
    pool = people[:]
    rng.shuffle(pool)
    chosen: list[tuple[str, int, str]] = []
    for person in pool:
        name = person[2]
        if any(name in other or other in name for _, _, other in chosen):
            continue
        chosen.append(person)
        if len(chosen) == count:
            return chosen
    raise SystemExit(f"only {len(chosen)} distinct names among {len(people)} registrations")


def scan(term: _tui.Terminal, codes: list[str], done) -> float:
    term.settle(quiet=0.03)
    term.mark()
    sent = term.send("".join(code + "\r" for code in codes))
    return term.wait(done, timeout=15) - sent


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def print_profile(path: str) -> None:
    out = io.StringIO()
    stats = pstats.Stats(path, stream=out)
    stats.sort_stats("cumulative").print_stats(
        "coprod_events|textual/(app|screen|widget|message_pump|_compositor)", 45)
    print("\ncProfile of the desk process (whole run: start, warm-up and scans), cumulative:")
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(path, stream=out).sort_stats("tottime").print_stats(25)
    print("Same, by own time:")
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="registrations (default 20000)")
    parser.add_argument("--scans", type=int, default=200, help="timed scans per app (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed scans per app first")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--burst", type=int, default=1, help="codes sent in one write (default 1)")
    parser.add_argument("--fps", type=int, help="TEXTUAL_FPS for both apps (default: Textual's 60)")
    parser.add_argument("--profile", action="store_true", help="run the desk under cProfile")
    parser.add_argument("--keep", action="store_true", help="print the final screens")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(_common.environment())
    print(_common.load_average("before"))

    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        path = os.path.join(tmp, "bench.db")
        event_id, slug, people = _tui.build_registrations(path, args.n, args.seed)
        per_app = args.warmup + args.scans
        chosen = distinct_names(people, 2 * per_app * args.burst, rng)
        bursts = [chosen[i:i + args.burst] for i in range(0, len(chosen), args.burst)]
        desk_codes, bare_codes = bursts[:per_app], bursts[per_app:]
        env = _tui.environment(tmp)
        if args.fps:
            env["TEXTUAL_FPS"] = str(args.fps)

        desk_argv = [_tui.COMMAND, "--db", path, "desk", slug, "--station", "BENCH"]
        profile_path = os.path.join(tmp, "desk.prof")
        if args.profile:
            desk_argv = [_tui.PYTHON, "-m", "cProfile", "-o", profile_path, *desk_argv]
        apps = {
            "desk": _tui.Terminal(desk_argv, env),
            "bare": _tui.Terminal([_tui.PYTHON, str(_tui.BENCH / "bare_app.py"), "scan", path], env),
        }
        try:
            for name, ready in (("desk", "Scan a ticket"), ("bare", "Bare scan ready")):
                term = apps[name]
                took = term.wait_for(ready) - term.started
                print(f"{name}: ready after {took:.2f} s")
            for term in apps.values():
                term.settle(quiet=0.5)
            rss_before = {name: rss_mb(term.child.pid) for name, term in apps.items()}

            def desk_done(name: str):
                return lambda term: "ADMITTED" in (text := term.text()) and name in text

            def bare_done(registration_id: int):
                return lambda term: f"reg={registration_id};" in term.text()

            times: dict[str, list[float]] = {"desk": [], "bare": []}
            volume = {"desk": 0, "bare": 0}
            failures = {"desk": 0, "bare": 0}
            t_start = time.perf_counter()
            rss_desk = []  # the desk's memory at each tenth of the run: flat, or growing?
            for i in range(per_app):
                if i % max(1, per_app // 10) == 0:
                    rss_desk.append(rss_mb(apps["desk"].child.pid))
                desk_burst, bare_burst = desk_codes[i], bare_codes[i]
                order = [("desk", [code for code, _, _ in desk_burst], desk_done(desk_burst[-1][2])),
                         ("bare", [code for code, _, _ in bare_burst], bare_done(bare_burst[-1][1]))]
                if i % 2:
                    order.reverse()
                for name, codes, done in order:
                    term = apps[name]
                    before = term.bytes_read
                    try:
                        took = scan(term, codes, done)
                    except TimeoutError as error:
                        failures[name] += 1
                        print(f"PROBLEM: {name} scan {i} timed out; screen:\n{str(error)[-3200:]}")
                        continue
                    if i >= args.warmup:
                        times[name].append(took)
                        volume[name] += term.bytes_read - before
            elapsed = time.perf_counter() - t_start
            for term in apps.values():
                term.settle(quiet=0.2)
            rss_after = {name: rss_mb(term.child.pid) for name, term in apps.items()}
            if args.keep:
                for name, term in apps.items():
                    print(f"\n--- {name} screen at the end ---\n{term.text()}")
        finally:
            for term in apps.values():
                term.quit()

        print(f"\nTextual frame rate: {args.fps or 'default (60)'} frames a second")
        print(f"{args.scans} timed scans each ({args.warmup} warm-up), alternating, "
              f"{elapsed:.1f} s; each a distinct code (admitted)"
              + (f"; each scan a burst of {args.burst} codes in one write, timed to the last "
                 "verdict painted" if args.burst > 1 else ""))
        for name, label in (("desk", "desk: scan to ADMITTED painted"),
                            ("bare", "bare app: scan to lookup painted")):
            print(_common.summary(label, times[name]))
            if times[name]:
                print(f"{'':<44} output {volume[name] / len(times[name]) / 1024:.1f} KiB per scan"
                      + (f", {failures[name]} failed" if failures[name] else ""))
        print("\nin quarters of the run, first to last (p95 / max, ms):")
        for name in ("desk", "bare"):
            values = times[name]
            size = max(1, len(values) // 4)
            parts = []
            for q in range(4):
                chunk = sorted(v * 1000 for v in values[q * size:(q + 1) * size if q < 3 else None])
                if chunk:
                    parts.append(f"{_common.percentile(chunk, .95):6.1f} / {chunk[-1]:6.1f}")
            print(f"  {name}: " + "   ".join(parts))
        print("resident memory, MB, before -> after the scans: "
              + ", ".join(f"{name} {rss_before[name]:.1f} -> {rss_after[name]:.1f}" for name in apps))
        print("desk memory, MB, at each tenth of the run: "
              + " ".join(f"{mb:.1f}" for mb in [*rss_desk, rss_after["desk"]]))
        print(_common.load_average("after"))
        if times["desk"] and times["bare"]:
            desk95 = _common.percentile(sorted(times["desk"]), .95)
            bare95 = _common.percentile(sorted(times["bare"]), .95)
            desk50 = _common.percentile(sorted(times["desk"]), .50)
            bare50 = _common.percentile(sorted(times["bare"]), .50)
            ratio = desk95 / bare95
            print(f"\nratio of p95s desk/bare: {ratio:.2f}x (p50s: {desk50 / bare50:.2f}x); "
                  f"budget {BUDGET_RATIO}x (issue 9), "
                  f"i.e. desk p95 <= {bare95 * BUDGET_RATIO * 1000:.1f} ms here")
            print(f"OK: desk p95 {desk95 * 1000:.1f} ms is within {BUDGET_RATIO}x of the bare app's "
                  f"{bare95 * 1000:.1f} ms" if ratio <= BUDGET_RATIO else
                  f"PROBLEM: desk p95 {desk95 * 1000:.1f} ms is {ratio:.2f}x the bare app's "
                  f"{bare95 * 1000:.1f} ms (budget {BUDGET_RATIO}x)")
        if args.profile and os.path.exists(profile_path):
            print_profile(profile_path)


if __name__ == "__main__":
    main()
