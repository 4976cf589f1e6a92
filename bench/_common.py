"""Shared helpers for the benchmarks: import path, timing statistics, a bench event, names."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from coprod_events.core import events  # noqa: E402
from coprod_events.core.store import Store  # noqa: E402


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def summary(label: str, seconds: list[float], width: int = 44) -> str:
    """One line: count, p50, p95, p99 and max, in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    return (f"{label:<{width}} n={len(ms):>6}  p50={percentile(ms, .50):7.3f}  "
            f"p95={percentile(ms, .95):7.3f}  p99={percentile(ms, .99):7.3f}  "
            f"max={ms[-1] if ms else float('nan'):8.3f}  ms")


def environment() -> str:
    return (f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{platform.system()} {platform.machine()}")


def load_average(when: str) -> str:
    """The load average, for a timing run's first and last lines: other work skews figures."""
    return (f"load average {when}: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
            f"({os.cpu_count()} CPUs; other work on the machine skews these figures)")


def open_event(store: Store, title: str = "Bench conference"):
    """A conference whose check-in window is open now (and for the next day)."""
    now = datetime.now(UTC)
    return events.add_event(store, title, kind="conference",
                            starts=now - timedelta(hours=1), ends=now + timedelta(hours=24))


FIRST_NAMES = """
Aaliyah Abdul Ada Adebayo Aisha Alex Alice Amara Amir Amy Ana Andrew Angela Anil Ann Anna
Anne-Marie Arjun Ayesha Barbara Ben Bethan Bola Callum Carmen Catherine Chen Chloe Chris Ciaran
Claire Connor Daniel David Deborah Declan Dev Diane Dylan Eilidh Eleanor Elif Ella Emeka Emily
Emma Eoin Eve Fatima Fiona Francesca Gareth George Grace Hannah Harry Hassan Helen Huw Ibrahim
Imran Isla Jack James Jamie Jane Jasmine Jo Joanne John Jonathan Joseph Josh Julie Karen Kate
Kofi Laura Leah Lee Liam Lucy Mai Malik Margaret Maria Mark Mary Matthew Megan Mei Michael Mohammed
Muhammad Nadia Naomi Niamh Nicola Noah Nuala Oliver Olivia Omar Oscar Patrick Paul Priya Rachel
Rhys Richard Robert Rosa Ruth Ryan Sam Samira Sandeep Sarah Seren Shauna Simon Siobhan Sophie
Stephen Susan Tariq Thomas Tom Tomasz Una Victoria Wei Wiktoria Yusuf Zainab Zoë
""".split()

LAST_NAMES = """
Abbott Adams Ahmed Ali Allen Anderson Bailey Baker Begum Bell Bennett Brown Campbell Carter
Chapman Chaudhry Clark Clarke Collins Cooper Cox Davies Davis Dixon Edwards Evans Fernandes
Fitzgerald Fletcher Foster Gallagher Green Griffiths Hall Harris Harrison Hill Hughes Hussain
Jackson James Jenkins Johnson Jones Kaur Kelly Khan King Kowalski Lee Lewis Lloyd MacDonald
McCarthy Mitchell Moore Morgan Morris Murphy Murray Nguyen Nowak O'Brien O'Connor O'Neill Okafor
Owen Parker Patel Phillips Price Rahman Reid Richards Roberts Robinson Rogers Rose Scott Shah
Singh Smith Smith-Jones Stewart Taylor Thomas Thompson Turner Walker Walsh Ward Watson White
Williams Wilson Wood Wright Wu Young Zhang
""".split()

DOMAINS = """
gmail.com outlook.com yahoo.co.uk hotmail.co.uk nhs.net mind.org.uk btinternet.com
ucl.ac.uk kcl.ac.uk rethink.org icloud.com proton.me carersuk.org lambeth.gov.uk
""".split()


def person(i: int, rng) -> dict:
    """An invented person: a name from the lists, and a unique email."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    local = f"{first}.{last}".lower().replace("'", "").replace("ë", "e")
    return {"name": f"{first} {last}", "email": f"{local}{i}@{rng.choice(DOMAINS)}"}
