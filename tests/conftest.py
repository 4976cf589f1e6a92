"""Shared fixtures: a fresh real database file per test, and a fixed clock."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from coprod_events.core import dates, tickets
from coprod_events.core.store import Store

LONDON = ZoneInfo("Europe/London")


def london(text: str) -> datetime:
    """'2026-12-03 10:00' as an aware Europe/London datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "coprod.db"


@pytest.fixture
def store(db_path):
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def frozen(monkeypatch) -> None:
    """Seeded ticket codes, and a clock that ticks a second per call from 1 Oct 2026 09:00,
    so screens built from core data look the same on every run."""
    rng = random.Random(2026)
    monkeypatch.setattr(tickets, "new_code", lambda: "".join(
        rng.choice(tickets.ALPHABET) for _ in range(tickets.CODE_LENGTH)))
    ticks = itertools.count()
    start = london("2026-10-01 09:00").astimezone(timezone.utc)
    monkeypatch.setattr(dates, "utcnow", lambda: start + timedelta(seconds=next(ticks)))
