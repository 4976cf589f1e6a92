"""A desk that works offline: a snapshot of the hub, check-ins on it, merged back as a union."""

from __future__ import annotations

import pytest

from coprod_events.core import backups, checkin, offline
from coprod_events.core.store import Store

from conftest import conference, register, scan


@pytest.fixture
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(backups, "SCRYPT_LOG_N", 10)


def admitted_at_hub(store: Store, event_id: int) -> set[int]:
    return {row[0] for row in store.query(
        "SELECT DISTINCT registration_id FROM checkins c WHERE event_id = ? AND success "
        "AND annulled_at IS NULL AND direction = 'entry'", [event_id])}


def rows_in(store: Store) -> list[int]:
    return [store.value(f"SELECT count(*) FROM {table}")
            for table in ("people", "registrations", "checkins", "tickets", "bookings")]


def test_fifty_admitted_offline_ten_also_at_the_hub_merge_once_with_ten_conflicts(store, tmp_path):
    event = conference(store)
    people = [register(store, event, f"Person {n:02d}") for n in range(50)]
    snapshot = offline.take(store, event.slug, tmp_path / "door2.db")
    assert snapshot.snapshot.event_slug == event.slug

    with Store(snapshot.backup.path) as door2:
        assert offline.snapshot_of(door2) == snapshot.snapshot
        for n, person in enumerate(people):
            assert scan(door2, event, person.code, f"2026-12-03 10:{n:02d}", station="Door 2").admitted
    for person in people[:10]:  # meanwhile, the same ten came through the hub's own desk
        assert scan(store, event, person.code, "2026-12-03 11:00", station="Door 1").admitted

    merged = offline.merge(store, snapshot.backup.path)
    assert (merged.added, merged.admissions, merged.undone, merged.walk_ins) == (50, 50, 0, 0)
    assert sorted(c.name for c in merged.conflicts) == sorted(p.registration.name for p in people[:10])
    first = merged.conflicts[0]
    assert (first.place, first.offline_station, first.hub_station) == ("Door", "Door 2", "Door 1")
    assert first.hub_at == "11:00"
    assert merged.backup and "before-merge" in merged.backup
    assert admitted_at_hub(store, event.id) == {p.registration.id for p in people}
    rows = store.value("SELECT count(*) FROM checkins")
    assert rows == 60  # both sides' rows kept: nothing dropped

    again = offline.merge(store, snapshot.backup.path)
    assert not again.changed and again.conflicts == []
    assert store.value("SELECT count(*) FROM checkins") == rows
    assert "merged already" in again.summary()


def test_walk_ins_and_undos_come_back_and_once_only(store, tmp_path, fast_scrypt):
    event = conference(store)
    early = register(store, event, "Early Bird")
    late = register(store, event, "Late Comer")
    hub_checkin = scan(store, event, early.code, "2026-12-03 09:30").checkin_id
    snapshot = offline.take(store, event.id, tmp_path / "door2.db.enc", passphrase="door two")
    assert backups.is_encrypted(snapshot.backup.path)
    # Decrypted to open it (what `restore --db` does on the second laptop).
    opened = tmp_path / "door2.db"
    backups.restore(opened, backups.inspect(snapshot.backup.path, "door two"))
    # Meanwhile the hub registers someone the walk-in desk will meet again, by email.
    known = register(store, event, "Sam Known", email="sam@example.org")

    with Store(opened) as door2:
        assert offline.snapshot_of(door2) is not None
        checkin.undo(door2, hub_checkin)  # undone offline: a check-in the hub made
        mistaken = scan(door2, event, late.code, "2026-12-03 10:00").checkin_id
        checkin.undo(door2, mistaken)  # made and undone offline
        sam = register(door2, event, "Sam Known", email="SAM@example.org", same_person=True)
        nobody = register(door2, event, "No Email", email=None)
        for walk_in in (sam, nobody):
            assert scan(door2, event, walk_in.code, "2026-12-03 10:05").admitted

    merged = offline.merge(store, tmp_path / "door2.db")
    assert (merged.walk_ins, merged.matched, merged.undone, merged.admissions) == (2, 1, 1, 2)
    assert store.value("SELECT annulled_at IS NOT NULL FROM checkins WHERE id = ?", [hub_checkin])
    assert store.value("SELECT annulled_at IS NOT NULL FROM checkins WHERE id = ?", [mistaken])
    admitted = admitted_at_hub(store, event.id)
    assert known.registration.id in admitted  # Sam is one person, admitted once
    assert store.value("SELECT count(*) FROM people WHERE name = 'Sam Known'") == 1
    new = store.value("SELECT r.id FROM registrations r JOIN people p ON p.id = r.person_id "
                      "WHERE p.name = 'No Email'")
    assert new in admitted and early.registration.id not in admitted

    counts = rows_in(store)
    assert not offline.merge(store, tmp_path / "door2.db").changed
    assert rows_in(store) == counts


def test_a_snapshot_of_another_event_or_hub_is_refused_and_changes_nothing(store, tmp_path):
    event = conference(store)
    other = conference(store, "Another Day", starts="4/12/2026 09:00", ends="4/12/2026 17:00")
    snapshot = offline.take(store, event.slug, tmp_path / "door2.db")
    with pytest.raises(offline.Refused, match="not .*another-day"):
        offline.merge(store, snapshot.backup.path, event_ref=other.slug)
    with Store(tmp_path / "other-hub.db") as other_hub:
        conference(other_hub)
        with pytest.raises(offline.Refused, match="another hub"):
            offline.merge(other_hub, snapshot.backup.path)
    with Store(snapshot.backup.path) as door2, pytest.raises(offline.Refused, match="itself a snapshot"):
        offline.take(door2, event.slug, tmp_path / "again.db")
    backup = backups.take(store, out=tmp_path / "plain.db")
    with pytest.raises(offline.Refused, match="not a snapshot"):
        offline.merge(store, backup.path)
    assert backups.listed(store) == []  # refused before the backup: nothing happened at all


def test_a_snapshot_holds_only_what_its_events_desk_needs(store, tmp_path):
    """Another event's people and everyone's health data there are cleared from the copy (a
    laptop lost at the venue gives away one event); this event's are all there, and merging
    works as ever."""
    event = conference(store)
    other = conference(store, "Spring Gathering", starts="3/3/2027 09:00", ends="3/3/2027 17:00")
    here = register(store, event, "Ines Here", consent=True, access_notes="Step-free route to room 2")
    both = register(store, other, "Ines Here", email="ines.here@example.org", consent=True,
                    access_notes="Quiet room in March", dietary="Vegan")
    olu = register(store, other, "Olu Elsewhere", consent=True, access_notes="BSL interpreter booked",
                   phone="07700 900123", roles=["carer"])
    assert both.registration.person.id == here.registration.person.id

    taken = offline.take(store, event.slug, tmp_path / "door2.db")

    raw = taken.backup.path.read_bytes()
    for secret in ("Olu Elsewhere", "olu.elsewhere@example.org", "07700 900123", "BSL interpreter",
                   "Quiet room in March", "Vegan", olu.code, both.code):  # codes: a way in there
        assert secret.encode() not in raw, secret
    for needed in ("Ines Here", "ines.here@example.org", "Step-free route to room 2"):
        assert needed.encode() in raw, needed
    with Store(taken.backup.path) as door2:
        assert door2.value("SELECT count(*) FROM registration_roles") == 0  # Olu's, in March
        assert door2.query("PRAGMA foreign_key_check") == []
        assert scan(door2, event, here.code, "2026-12-03 09:30").admitted
    merged = offline.merge(store, taken.backup.path)
    assert merged.admissions == 1 and admitted_at_hub(store, event.id) == {here.registration.id}
    assert store.value("SELECT name FROM people WHERE email = 'olu.elsewhere@example.org'") == "Olu Elsewhere"
