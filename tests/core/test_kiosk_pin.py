"""The kiosk PIN: a salted scrypt hash in the settings table, and the slow-down after wrong tries."""

from __future__ import annotations

import pytest

from coprod_events.core import audit, kiosk_pin
from coprod_events.core.errors import CoprodError
from coprod_events.core.store import Store


def stored(store) -> str:
    return store.conn.execute("SELECT value FROM settings WHERE key = 'kiosk_pin'").fetchone()[0]


@pytest.fixture
def now(monkeypatch):
    """A wall clock the test moves by hand."""
    clock = [1_800_000_000.0]
    monkeypatch.setattr(kiosk_pin, "clock", lambda: clock[0])
    return clock


def test_set_and_verify(store):
    assert not kiosk_pin.has_pin(store)
    assert not kiosk_pin.verify_pin(store, "2468")  # no PIN set: nothing unlocks
    kiosk_pin.set_pin(store, "2468")
    assert kiosk_pin.has_pin(store)
    assert kiosk_pin.verify_pin(store, "2468")
    assert not kiosk_pin.verify_pin(store, "2469")
    assert not kiosk_pin.verify_pin(store, "")
    assert not kiosk_pin.verify_pin(store, "02468")


def test_stored_as_a_salted_scrypt_hash(store):
    kiosk_pin.set_pin(store, "2468")
    first = stored(store)
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert "2468" not in first
    kiosk_pin.set_pin(store, "2468")
    assert stored(store) != first  # a new salt each time: the same PIN never hashes the same
    assert kiosk_pin.hash_pin("2468") != kiosk_pin.hash_pin("2468")
    assert kiosk_pin.verify_pin(store, "2468")


def test_a_new_pin_replaces_the_old(store):
    kiosk_pin.set_pin(store, "2468")
    kiosk_pin.set_pin(store, "13579")
    assert kiosk_pin.verify_pin(store, "13579") and not kiosk_pin.verify_pin(store, "2468")
    assert store.conn.execute("SELECT count(*) FROM settings WHERE key = 'kiosk_pin'").fetchone()[0] == 1


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", " 1234", "١٢٣٤", "", "12.4"])
def test_only_4_to_12_digits(store, bad):
    with pytest.raises(CoprodError, match="4 to 12 digits"):
        kiosk_pin.set_pin(store, bad)
    assert not kiosk_pin.has_pin(store)


def test_a_tampered_or_foreign_value_never_matches():
    good = kiosk_pin.hash_pin("2468")
    assert kiosk_pin.matches(good, "2468")
    assert not kiosk_pin.matches(good.replace("scrypt", "plain"), "2468")
    assert not kiosk_pin.matches("2468", "2468")
    assert not kiosk_pin.matches("scrypt$x$8$1$00$00", "2468")


def test_wrong_tries_slow_down_after_three(store, now):
    kiosk_pin.set_pin(store, "2468")
    assert [kiosk_pin.try_pin(store, "0000").wait for _ in range(3)] == [0, 0, 5]
    assert kiosk_pin.wait_seconds(store) == 5
    # During the wait even the right PIN is not heard (and not counted).
    refused = kiosk_pin.try_pin(store, "2468")
    assert not refused.ok and refused.wait == 5 and refused.failures == 3
    now[0] += 5
    assert kiosk_pin.try_pin(store, "1111").wait == 10
    now[0] += 10
    assert kiosk_pin.try_pin(store, "1111").wait == 20
    now[0] += 20
    assert kiosk_pin.try_pin(store, "2468").ok
    assert kiosk_pin.wait_seconds(store) == 0
    assert kiosk_pin.try_pin(store, "0000").wait == 0  # the count starts again after success


def test_the_wait_is_capped_at_a_minute(store, now):
    assert [kiosk_pin.delay_after(n) for n in range(1, 10)] == [0, 0, 5, 10, 20, 40, 60, 60, 60]
    assert kiosk_pin.delay_after(60) == kiosk_pin.MAX_WAIT == 60
    # A wait written by an older version (5 minutes), or by a kiosk whose clock runs far ahead.
    with store.write():
        store.run("INSERT INTO settings (key, value) VALUES ('kiosk_pin_wait_until', ?)",
                  [repr(now[0] + 3600)])
    assert kiosk_pin.wait_seconds(store) == 60


def test_unlock_lifts_the_wait_at_once_and_is_audited(store, now):
    kiosk_pin.set_pin(store, "2468", station="Front")
    for _ in range(5):
        now[0] += 60
        kiosk_pin.try_pin(store, "0000")
    assert kiosk_pin.wait_seconds(store) == 20
    lifted = kiosk_pin.unlock(store, station="Front", operator="sam")
    assert (lifted.failures, lifted.wait) == (5, 20)
    assert "lifted after 5 wrong tries" in lifted.describe()
    assert kiosk_pin.wait_seconds(store) == 0
    assert [kiosk_pin.try_pin(store, "0000").wait for _ in range(3)] == [0, 0, 5]  # counted afresh
    kiosk_pin.unlock(store)
    assert kiosk_pin.unlock(store) == kiosk_pin.Lifted(0, 0)  # nothing to lift: not audited
    kiosk_pin.set_pin(store, "1357")
    assert [(e.action, e.detail, e.station) for e in audit.entries(store)] == [
        ("kiosk_pin_changed", "first set", "Front"), ("kiosk_unlocked", "after 5 wrong tries", "Front"),
        ("kiosk_unlocked", "after 3 wrong tries", None), ("kiosk_pin_changed", "replaced", None)]
    assert audit.entries(store)[1].operator == "sam"
    assert not any("2468" in (e.detail or "") or "1357" in (e.detail or "") for e in audit.entries(store))


def test_the_count_survives_a_restart_and_is_shared(db_path, now):
    with Store(db_path) as store:
        kiosk_pin.set_pin(store, "2468")
        for _ in range(3):
            kiosk_pin.try_pin(store, "0000")
    with Store(db_path) as other_kiosk:  # a restarted kiosk, or the one next to it
        assert kiosk_pin.wait_seconds(other_kiosk) == 5
        assert not kiosk_pin.try_pin(other_kiosk, "2468").ok


def test_setting_a_pin_clears_the_wait(store, now):
    kiosk_pin.set_pin(store, "2468")
    for _ in range(3):
        kiosk_pin.try_pin(store, "0000")
    assert kiosk_pin.wait_seconds(store) == 5
    kiosk_pin.set_pin(store, "1357")
    assert kiosk_pin.wait_seconds(store) == 0
    assert kiosk_pin.try_pin(store, "1357").ok
