"""Tickets that leave the app: 1,000 tickets to one PDF, and 1,000 PNG and SVG images.

    python bench/bench_tickets.py [--n 1000] [--profile]

Prints figures only. DESIGN budget: 1,000 QR tickets to PDF under 10 s.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import random
import tempfile
import time
from pathlib import Path

from coprod_events.core import qr, registrations, ticket_files, ticket_pdf
from coprod_events.core.store import Store

import _common

BUDGET_PDF_S = 10.0
# Names a plain PDF font cannot print: the Unicode font must carry them.
ACCENTED = ["Łukasz Brzęczyszczykiewicz", "Zoë Ní Bhriain", "Siobhán O'Sullivan", "Chloé Dvořák"]


def build(store: Store, n: int, rng: random.Random):
    """An event with n confirmed registrations (a few accented names), in one write."""
    t0 = time.perf_counter()
    event = _common.open_event(store)
    with store.write():
        for i in range(n):
            person = _common.person(i, rng)
            name = ACCENTED[i % len(ACCENTED)] if i % 50 == 0 else person["name"]
            registrations.register(store, event.slug, name, email=person["email"])
    print(f"build: {n} registrations in one write: {time.perf_counter() - t0:.2f} s")
    return event


def timed(label: str, run, n: int):
    t0 = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - t0
    print(f"{label:<44} {elapsed:7.2f} s  ({elapsed / n * 1000:6.2f} ms a ticket)")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="registrations (default 1000)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the PDF run")
    args = parser.parse_args()
    print(_common.environment())
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with Store(folder / "bench.db") as store:
            event = build(store, args.n, random.Random(7))
            (_, holders), _ = timed("for_event (query the confirmed)",
                                    functools.partial(ticket_files.for_event, store, event.slug), args.n)
            codes = [holder.code for holder in holders]
            timed("QR symbols alone (qr.symbol)", lambda: [qr.symbol(code) for code in codes], args.n)
            qr._matrix.cache_clear()
            pdf_path = folder / "tickets.pdf"
            if args.profile:
                profiler = cProfile.Profile()
                profiler.runcall(ticket_pdf.render, event, holders)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                qr._matrix.cache_clear()
            _, pdf_s = timed(f"{args.n} tickets to one PDF",
                             functools.partial(ticket_files.write_pdf, event, holders, pdf_path), args.n)
            print(f"  PDF size: {pdf_path.stat().st_size / 1e6:.2f} MB, "
                  f"{pdf_path.stat().st_size / args.n / 1000:.1f} kB a page")
            for fmt in ticket_files.IMAGE_FORMATS:
                qr._matrix.cache_clear()
                write = functools.partial(ticket_files.write_images, event, holders, folder / fmt, fmt)
                files, _ = timed(f"{args.n} {fmt.upper()} images to a folder", write, args.n)
                total = sum(path.stat().st_size for path in files)
                print(f"  {fmt.upper()} size: {total / len(files) / 1000:.1f} kB each")
    budget = BUDGET_PDF_S * args.n / 1000
    verdict = "OK" if pdf_s < budget else "PROBLEM"
    print(f"{verdict}: {args.n} tickets to PDF in {pdf_s:.2f} s (budget {budget:.1f} s)")


if __name__ == "__main__":
    main()
