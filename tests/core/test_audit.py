"""The audit log: entries say who did what, when, about whom; nobody can change or remove one."""

from __future__ import annotations

import sqlite3

import pytest

from coprod_events.core import audit

from conftest import london


def test_an_entry_records_who_when_and_about_whom_and_is_read_back_in_order(store):
    with store.write():
        audit.record(store, "revealed_notes", person_id=7, event_id=1, station="Door 2",
                     operator="sam", now=london("2026-12-03 09:05"))
        audit.record(store, "exported_health_data", event_id=1, detail="access (csv, 12 rows)",
                     now=london("2026-12-03 10:00"))
    every = audit.entries(store)
    assert [(e.action, e.person_id, e.station, e.operator) for e in every] == [
        ("revealed_notes", 7, "Door 2", "sam"), ("exported_health_data", None, None, audit.whoami())]
    assert [e.action for e in audit.entries(store, person_id=7)] == ["revealed_notes"]
    later = audit.entries(store, since=london("2026-12-03 09:30"))
    assert [e.action for e in later] == ["exported_health_data"]


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"])
def test_entries_cannot_be_changed_or_removed(store, sql):
    with store.write():
        audit.record(store, "kiosk_pin_changed")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write():
        store.run(sql)
    assert len(audit.entries(store)) == 1


def test_an_unknown_action_is_a_programming_error(store):
    with pytest.raises(ValueError), store.write():
        audit.record(store, "looked_around")
