"""Shared fixtures: a fresh real database file per test, and a fixed clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

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
