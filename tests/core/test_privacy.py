"""Retention, subject access and erasure (issue 12 parts 2-4): a purge erases exactly what is
due, a subject access export holds everything about one person and nothing about anyone else,
and an erasure leaves no readable copy while the counts stay as they were."""

from __future__ import annotations

import json
import sqlite3

import pytest

from coprod_events.core import (
    attendance,
    audit,
    badge_codes,
    checkin,
    events,
    payments,
    retention,
    subject_access,
    summary,
    tickets,
)
from coprod_events.core.data import privacy as erasure_data
from coprod_events.core.erasure import ERASED_NAME, erase
from coprod_events.core.errors import NotFound
from coprod_events.core.people import find_person

from conftest import conference, five_staff_actions, london, register, scan


def dump(store) -> dict[str, list[tuple]]:
    """Every row of every table (not the search index's own), in order."""
    tables = [row[0] for row in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'people_fts%'")]
    return {table: sorted(tuple(row) for row in store.query(f"SELECT * FROM {table}"))
            for table in tables}


@pytest.fixture
def seeded(store):
    """Tomasz (every kind of health data) and his PA Lena at a December conference, checked in;
    Bob with a diet there; Carol with access notes at a conference next March."""
    december = conference(store)
    march = conference(store, "Spring Gathering", starts="3/3/2027 09:00", ends="3/3/2027 17:00")
    tomasz = five_staff_actions(store, december).registration
    bob = register(store, december, "Bob Marsh", consent=True, dietary="Coeliac, no gluten").registration
    carol = register(store, march, "Carol Penn", consent=True, access_notes="Needs step-free route",
                     phone="07700 900555").registration
    assert scan(store, december, _code(store, tomasz.id), "2026-12-03 09:10").admitted
    return {"december": december, "march": march, "tomasz": tomasz, "bob": bob, "carol": carol}


def counts(store, event) -> tuple:
    """What the reports count at the event: heads, sessions, meals, and who attended what."""
    shown = summary.summary(store, event.id)
    series = attendance.attendance(store, event.id, now=london("2026-12-04 09:00"))
    return (shown.headcount, shown.sessions, shown.catering.people,
            sorted((row.registration_id, row.attended) for row in series.series),
            sorted((a.registration_id, a.arrived_at, a.via) for day in series.days for a in day.arrivals))


def _code(store, registration_id: int) -> str:
    return tickets.issue(store, registration_id).code


def _health(store, registration_id: int) -> tuple:
    row = store.one("SELECT role_notes, access_notes, dietary FROM registrations WHERE id = ?",
                    [registration_id])
    needs = store.value("SELECT COUNT(*) FROM registration_access WHERE registration_id = ?",
                        [registration_id])
    return (*row, needs)


def _without_health(tables: dict) -> dict:
    """The dump with the health data (and the purge's own records) left out."""
    kept = {name: rows for name, rows in tables.items()
            if name not in ("registration_access", "audit_log", "settings", "registrations")}
    kept["registrations"] = [row[:6] + row[9:] for row in tables["registrations"]]  # not the 3 notes
    return kept


def test_purge_erases_exactly_the_health_data_past_its_time_dry_run_first_and_only_once(store, seeded):
    december, tomasz, bob, carol = seeded["december"], seeded["tomasz"], seeded["bob"], seeded["carol"]
    early, due = london("2026-12-20 12:00"), london("2027-01-03 12:00")  # 30 days from 3 Dec 17:00
    assert retention.purge(store, now=early).empty
    before = dump(store)
    counted = counts(store, december)

    planned = retention.purge(store, dry_run=True, now=due)
    assert planned.registrations == {december.slug: [tomasz.id, bob.id]} and planned.people == []
    assert dump(store) == before  # a dry run writes nothing

    done = retention.purge(store, now=due)
    assert done.registrations == planned.registrations and done.backup
    assert _health(store, tomasz.id) == (None, None, None, 0) == _health(store, bob.id)
    assert _health(store, carol.id) == (None, "Needs step-free route", None, 0)  # March's: not yet
    after = dump(store)
    assert _without_health(after) == _without_health(before)  # nothing else touched
    assert counts(store, december) == counted
    assert [(e.action, e.event_id, e.person_id) for e in audit.entries(store)
            if e.action != "consent_given"] == [("purged", december.id, None)]

    assert retention.purge(store, now=due).empty  # twice: nothing more
    assert dump(store) == after


def test_an_events_own_period_and_the_setting_decide_when(store, seeded):
    march = seeded["march"]
    retention.set_policy(store, health_days=400)
    assert retention.purge(store, dry_run=True, now=london("2027-03-10 12:00")).empty
    retention.set_event_days(store, march.slug, 2)
    assert retention.event_days(store, march.slug) == 2
    assert retention.purge(store, dry_run=True, now=london("2027-03-10 12:00")).registrations == {
        march.slug: [seeded["carol"].id]}


KEPT_OF_A_CHECKIN = "SELECT id, event_id, registration_id, direction, at, success, reason FROM checkins"


def test_people_inactive_for_three_years_are_anonymised_and_their_rows_kept(store, seeded):
    tomasz = seeded["tomasz"]
    assert scan(store, seeded["december"], _code(store, tomasz.id), "2026-12-03 09:40", force=True,
                reason="Cousin Wiktor vouched").admitted
    checkins_before = [tuple(row) for row in store.query(KEPT_OF_A_CHECKIN)]
    done = retention.purge(store, now=london("2030-01-10 12:00"))  # March 2027 is within 3 years
    december_people = {seeded[who].person.id for who in ("tomasz", "bob")} | {
        store.value("SELECT person_id FROM registrations WHERE pa_for_registration_id IS NOT NULL")}
    assert set(done.people) == december_people
    rows = store.query("SELECT id, name, preferred_name, pronouns, email, phone, organisation FROM people")
    assert {row[0]: tuple(row[1:]) for row in rows if row[0] in december_people} == {
        pid: (retention.ANONYMISED_NAME, None, None, None, None, None) for pid in december_people}
    assert store.value("SELECT name FROM people WHERE id = ?", [seeded["carol"].person.id]) == "Carol Penn"
    assert [tuple(row) for row in store.query(KEPT_OF_A_CHECKIN)] == checkins_before
    assert store.query("SELECT raw_input, force_reason FROM checkins WHERE registration_id = ? "
                       "AND (raw_input IS NOT NULL OR force_reason IS NOT NULL)", [tomasz.id]) == []
    assert store.value("SELECT COUNT(*) FROM registrations") == 4
    anonymised = [e.person_id for e in audit.entries(store) if e.action == "anonymised"]
    assert sorted(anonymised) == sorted(december_people)
    assert retention.purge(store, now=london("2030-01-10 12:00")).empty


def test_the_daily_purge_runs_once_a_day(store, seeded):
    assert retention.daily(store, now=london("2027-01-05 09:00")).registrations
    assert retention.daily(store, now=london("2027-01-05 18:00")) is None
    assert retention.daily(store, now=london("2027-01-06 09:00")).empty


def test_subject_access_holds_everything_about_the_person_and_nothing_about_anyone_else(
        store, seeded, tmp_path):
    december, tomasz = seeded["december"], seeded["tomasz"]
    session = events.add_session(store, december.id, "Panel on peer support", starts="3/12/2026 14:00")
    store_session_booking(store, tomasz.id, session.id)
    payments.add_expense(store, tomasz.id, 1250, "travel", receipt=True)
    payments.record_payment(store, tomasz.id, 7500, "bank", by="Priya (finance)")
    with store.write():
        audit.record(store, "revealed_notes", person_id=tomasz.person.id, event_id=december.id,
                     station="Door 2")
        audit.record(store, "revealed_notes", person_id=seeded["bob"].person.id, station="Door 2")
    code = _code(store, tomasz.id)

    written, page = subject_access.export(store, tomasz.person.id, tmp_path / "sar.json")
    text, html = written.read_text(), page.read_text()
    found = json.loads(text)
    [reg] = found["registrations"]
    assert (found["person"]["name"], found["person"]["email"]) == ("Tomasz Nowak", "tomasz.nowak@example.org")
    assert (reg["access_notes"], reg["role_notes"], reg["dietary"]) == (
        "Interpreter on the left of the stage", "Speaks at the 14:00 panel", "Halal")
    assert {"code": "large_print", "detail": "18pt"} in reg["access_needs"] and len(reg["access_needs"]) == 4
    assert reg["sessions"][0]["title"] == "Panel on peer support"
    assert [(c["direction"], c["success"]) for c in reg["checkins"]] == [("entry", True)]
    assert reg["tickets"][0]["code"] == "*" * 22 + code[-4:]
    assert reg["expenses"][0]["amount_pence"] == 1250 and reg["payments"][0]["amount_pence"] == 7500
    assert found["consent"][0]["event"] == december.slug and reg["consent_version"]
    history = [(h["given"], h["notice_version"]) for h in reg["consent_history"]]
    assert history == [(1, reg["consent_version"])]
    assert [e["what"] for e in found["audit"]] == [
        audit.ACTIONS["consent_given"], audit.ACTIONS["revealed_notes"], audit.ACTIONS["subject_access"]]
    for copy in (text, html):
        assert code not in copy
        for other in ("Lena", "Bob", "Marsh", "Coeliac", "Carol", "step-free", "900555"):
            assert other not in copy
    assert "Interpreter on the left of the stage" in html and "Tomasz Nowak" in html
    assert oct(written.stat().st_mode & 0o777) == oct(page.stat().st_mode & 0o777) == "0o600"


def store_session_booking(store, registration_id: int, session_id: int) -> None:
    with store.write():
        store.run("INSERT INTO bookings (registration_id, session_id, status) VALUES (?, ?, 'confirmed')",
                  [registration_id, session_id])


def test_erasure_leaves_no_readable_copy_revokes_the_ticket_and_keeps_the_counts(store, seeded, db_path):
    december, tomasz = seeded["december"], seeded["tomasz"]
    code = _code(store, tomasz.id)
    badge = badge_codes.issue_for(store, [tomasz.id])[tomasz.id]  # their badge was printed
    again = scan(store, december, code, "2026-12-03 09:40", force=True, reason="Cousin Wiktor vouched")
    assert again.admitted
    counted = counts(store, december)
    assert find_person(store, "Tomasz.Nowak@example.org").id == tomasz.person.id

    done = erase(store, tomasz.person.id, now=london("2026-12-04 09:00"))  # the day after
    assert done.checkpointed and done.tickets_revoked == 1 and done.registrations == 1
    assert done.cancelled == 0  # the conference is over: his place there stays counted

    assert find_person(store, str(tomasz.person.id)).name == ERASED_NAME
    with pytest.raises(NotFound):
        find_person(store, "tomasz.nowak@example.org")
    raw = db_path.read_bytes() + (db_path.with_name(db_path.name + "-wal").read_bytes()
                                  if db_path.with_name(db_path.name + "-wal").exists() else b"")
    for secret in ("Tomasz", "tomasz.nowak@example.org", "Interpreter on the left", "Speaks at the 14:00",
                   "Halal", "18pt", "Wiktor"):
        assert secret.encode() not in raw, secret
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write():  # never rewritten
        store.run("UPDATE checkins SET force_reason = 'other words' WHERE registration_id = ?",
                  [tomasz.id])
    assert b"Carol Penn" in raw  # the search works on what is there
    assert counts(store, december) == counted
    refused = scan(store, december, code, "2026-12-03 11:00")
    assert refused.reason == checkin.REVOKED_CODE and "newer ticket" not in refused.message
    assert scan(store, december, badge, "2026-12-03 11:01").reason == checkin.REVOKED_CODE
    [entry] = [e for e in audit.entries(store) if e.action == "erased"]
    assert (entry.person_id, entry.operator, entry.detail) == (tomasz.person.id, audit.whoami(), None)


def test_erasure_cancels_registrations_at_events_to_come_and_the_waiting_list_moves_up(store, seeded):
    """Carol asks to be erased in January: her March place (a full event) goes to the first on
    its waiting list, her PA's with her; December, already held, is kept as it was."""
    march, carol = seeded["march"], seeded["carol"]
    events.update_event(store, march.id, title=march.title, capacity=1)  # a PA takes no place
    pa = register(store, march, "Pat Penn", pa_for=carol.id).registration
    waiting = register(store, march, "Wendy Waits").registration
    december_place = register(store, seeded["december"], "Carol Penn", email="carol.penn@example.org")
    assert (pa.status, waiting.status) == ("confirmed", "waitlisted")

    done = erase(store, carol.person.id, now=london("2027-01-10 12:00"))

    assert (done.registrations, done.cancelled) == (2, 1)
    status = dict(store.query("SELECT id, status FROM registrations WHERE id IN (?, ?, ?, ?)",
                              [carol.id, pa.id, waiting.id, december_place.registration.id]))
    assert status == {carol.id: "cancelled", pa.id: "cancelled", waiting.id: "confirmed",
                      december_place.registration.id: "confirmed"}
    assert done.as_json()["registrations_cancelled"] == 1


def test_an_erasure_that_fails_cancels_nothing(store, seeded, monkeypatch):
    march, carol = seeded["march"], seeded["carol"]
    events.update_event(store, march.id, title=march.title, capacity=1)
    waiting = register(store, march, "Wendy Waits").registration

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(erasure_data, "anonymise", disk_full)
    with pytest.raises(Exception, match="full"):
        erase(store, carol.person.id, now=london("2027-01-10 12:00"))
    status = dict(store.query("SELECT id, status FROM registrations WHERE id IN (?, ?)",
                              [carol.id, waiting.id]))
    assert status == {carol.id: "confirmed", waiting.id: "waitlisted"}
    assert find_person(store, str(carol.person.id)).name == "Carol Penn"
