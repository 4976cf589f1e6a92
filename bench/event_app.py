"""The app opened on one event's screen, for bench_filter.py:

    python bench/event_app.py DB_PATH EVENT_ID
"""

from __future__ import annotations

import sys

from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp

import _common  # noqa: F401  (puts the checkout on sys.path)

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    CoprodApp(Store(sys.argv[1]), event=int(sys.argv[2])).run()
