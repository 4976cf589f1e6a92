"""Name search as you type, at 50,000 people (trigram FTS5).

    python bench/bench_search.py [--n 50000] [--queries 1000] [--register] [--explain]

Prints figures only. DESIGN budget: p95 under 10 ms at 50,000 people.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time

from coprod_events.core import people, registrations
from coprod_events.core.data import people as people_data
from coprod_events.core.store import Store

import _common

BUDGET_P95_MS = 10.0
# Three letters that many people share: the worst case as someone starts typing.
BROAD = ["mar", "son", "ann", "ali", "ham", "gmail", "ac.uk", "com"]


def build(store: Store, n: int, rng: random.Random, register: bool) -> None:
    """n people in one write transaction: people.find_or_create (the same path register() takes
    for the person), or full registrations at one event with --register."""
    t0 = time.perf_counter()
    if register:
        event = _common.open_event(store)
        with store.write():
            for i in range(n):
                registrations.register(store, event.slug, **_common.person(i, rng))
        how = "registrations.register() at one event"
    else:
        with store.write():
            for i in range(n):
                p = _common.person(i, rng)
                people.find_or_create(store, p["name"], email=p["email"],
                                      preferred_name=_preferred(p["name"], rng))
        how = "people.find_or_create()"
    elapsed = time.perf_counter() - t0
    print(f"build: {n} people via {how} in one write: {elapsed:.2f} s "
          f"({elapsed / n * 1000:.3f} ms each)")


def _preferred(name: str, rng: random.Random) -> str | None:
    """About one in ten people go by another name."""
    if rng.random() < 0.1:
        return rng.choice(["Jo", "Sam", "Alex", "Bex", "Kit", "Dee", "Mo", "Nat", "Robin", "Sunny"])
    return None


def _piece(word: str, rng: random.Random, low: int = 3, high: int = 6) -> str:
    word = word.replace("'", "").replace("-", "")
    size = rng.randint(low, min(high, len(word))) if len(word) >= low else len(word)
    start = rng.randint(0, len(word) - size)
    return word[start:start + size]


def _mixed(text: str, rng: random.Random) -> str:
    return "".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in text)


def queries(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, query) pairs, equal shares of each kind, shuffled."""
    first, last = _common.FIRST_NAMES, _common.LAST_NAMES
    makers = {
        "partial name (3-6 chars)": lambda: _piece(rng.choice(first + last), rng).lower(),
        "typed prefix (3-4 chars)": lambda: rng.choice(first + last)[:rng.randint(3, 4)].lower(),
        "surname": lambda: rng.choice(last),
        "email fragment": lambda: rng.choice([
            lambda: rng.choice(_common.DOMAINS).split(".")[0],
            lambda: rng.choice(first).lower() + "." + rng.choice(last).lower()[:3],
            lambda: "@" + rng.choice(_common.DOMAINS)[:6],
        ])(),
        "mixed case": lambda: _mixed(_piece(rng.choice(first + last), rng, 4, 6), rng),
        "two words": lambda: f"{_piece(rng.choice(first), rng, 3, 5)} {rng.choice(last)[:4]}",
        "full name": lambda: f"{rng.choice(first)} {rng.choice(last)}",
    }
    out = [(kind, make()) for _ in range(count // len(makers) + 1) for kind, make in makers.items()]
    rng.shuffle(out)
    return [(k, q) for k, q in out[:count] if len(q.replace(" ", "")) >= people.MIN_SEARCH]


def fts_match(query: str) -> str:
    """The FTS5 expression search_people matches for this query."""
    return people_data.fts_match(people.long_words(query))


def matches(store: Store, query: str) -> int:
    return store.value("SELECT count(*) FROM people_fts WHERE people_fts MATCH ?", [fts_match(query)])


def search_sql(store: Store, query: str) -> str:
    """The SELECT search_people runs for this query, its parameters filled in: traced, since
    the data layer builds it (the trace also shows FTS5's own reads, which are left out)."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        people.search_people(store, query)
    finally:
        store.conn.set_trace_callback(None)
    return next(sql for sql in seen if sql.startswith("SELECT") and "people_fts MATCH" in sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="people (default 50000)")
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--register", action="store_true",
                        help="build through register() at one event (slower build)")
    parser.add_argument("--explain", action="store_true",
                        help="show the query plan and where the time goes in the slowest queries")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        path = os.path.join(tmp, "bench.db")
        store = Store(path)
        print(_common.environment())
        build(store, args.n, rng, args.register)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        total = store.value("SELECT count(*) FROM people")
        print(f"people: {total}, file {os.path.getsize(path) / 1e6:.1f} MB")

        qs = queries(args.queries, rng)
        for _, q in qs[:100]:  # warm the page cache
            people.search_people(store, q)

        by_kind: dict[str, list[float]] = {}
        timed: list[tuple[float, str, int]] = []
        empty = 0
        for kind, q in qs:
            t = time.perf_counter()
            found = people.search_people(store, q)
            elapsed = time.perf_counter() - t
            by_kind.setdefault(kind, []).append(elapsed)
            timed.append((elapsed, q, len(found)))
            empty += not found

        print(f"\nsearch_people(limit 20) over {len(qs)} queries ({empty} found nobody):")
        for kind, times in sorted(by_kind.items()):
            print(_common.summary(f"  {kind}", times, 32))
        all_times = [t for t, _, _ in timed]
        print(_common.summary("  all queries", all_times, 32))

        timed.sort(reverse=True)
        print("\nslowest queries (ms, query, rows in FTS matching):")
        for elapsed, q, _ in timed[:8]:
            print(f"  {elapsed * 1000:8.2f}  {q!r:28}  {matches(store, q):>6}")

        p95 = _common.percentile(sorted(t * 1000 for t in all_times), .95)
        print(f"\nDESIGN budget: p95 < {BUDGET_P95_MS:.0f} ms at 50,000 people; measured p95 "
              f"{p95:.2f} ms at {total}")
        print("OK" if p95 < BUDGET_P95_MS else
              f"PROBLEM: search p95 {p95:.2f} ms is over the {BUDGET_P95_MS:.0f} ms budget")

        print("\nbroad queries (outside the mix above; best and worst of 5, ms, rows matching):")
        for q in BROAD:
            runs = sorted(_timed(lambda q: people.search_people(store, q), q) for _ in range(5))
            print(f"  {q!r:10} {runs[0] * 1000:7.2f} {runs[-1] * 1000:7.2f}  {matches(store, q):>6}")
        if args.explain:
            explain(store, [q for _, q, _ in timed[:5]])
        store.close()


def explain(store: Store, slow: list[str]) -> None:
    """The SQL search_people runs, its plan, and the same match with cheaper shapes."""
    sql = search_sql(store, "abc")
    print("\nSQL run by search_people (for 'abc'):\n" + sql)
    plan = store.query("EXPLAIN QUERY PLAN " + sql)
    print("query plan:\n" + "\n".join(f"  {row[-1]}" for row in plan))
    shapes = {
        "search_people()": lambda q: people.search_people(store, q),
        "match + order by rank limit 20": lambda q: store.query(
            "SELECT rowid FROM people_fts WHERE people_fts MATCH ? ORDER BY rank LIMIT 20", [fts_match(q)]),
        "match, no order, limit 20": lambda q: store.query(
            "SELECT rowid FROM people_fts WHERE people_fts MATCH ? LIMIT 20", [fts_match(q)]),
        "count all matches": lambda q: matches(store, q),
    }
    print("\nwhere the time goes on the slowest queries (best of 5, ms):")
    for q in slow:
        parts = []
        for label, run in shapes.items():
            best = min(_timed(run, q) for _ in range(5))
            parts.append(f"{label} {best * 1000:.2f}")
        print(f"  {q!r}: " + "; ".join(parts))


def _timed(run, q: str) -> float:
    t = time.perf_counter()
    run(q)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
