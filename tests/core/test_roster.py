"""The roster: an event's registrations as the event screen and `registrations` list them."""

from __future__ import annotations

import pytest

from coprod_events.core import checkin, events, registrations, roster

from conftest import london


@pytest.fixture
def event(store):
    return events.add_event(store, "Winter Conference", kind="conference",
                            starts="3/12/2026 09:00", ends="3/12/2026 17:00")


def register(store, event, name, email=None, **kw):
    return registrations.register(store, event.id, name, email=email, **kw)


def names(found: roster.Roster) -> list[str]:
    return [row.name for row in found.rows]


def test_everyone_by_name_without_regard_to_case(store, event):
    for name in ("carys Evans", "Bea Owusu", "ada Lovelace", "Dev Patel"):
        register(store, event, name)
    found = roster.roster(store, event.id)
    assert names(found) == ["ada Lovelace", "Bea Owusu", "carys Evans", "Dev Patel"]
    assert found.total == 4


def test_a_limit_shows_the_first_rows_and_counts_them_all(store, event):
    for n in range(12):
        register(store, event, f"Person {n:02d}")
    found = roster.roster(store, event.id, limit=5)
    assert names(found) == [f"Person {n:02d}" for n in range(5)] and found.total == 12


@pytest.mark.parametrize("text, expected", [
    ("LO", ["Ada Lovelace"]),  # any part of a name, either case
    ("ad", ["Ada Lovelace", "Chad Brown"]),
    ("zz", ["Bea Owusu"]),  # the preferred name
    ("@e", ["Chad Brown"]),  # the email
    ("%", ["Dev 100% Patel"]),  # typed characters are literal, never wildcards
    ("_", ["Eli_Stone"]),
    ("\\", []),
    ("love", ["Ada Lovelace"]),  # three or more: the trigram index
    ("owusu", ["Bea Owusu"]),
    ("", ["Ada Lovelace", "Bea Owusu", "Chad Brown", "Dev 100% Patel", "Eli_Stone"]),
])
def test_text_matches_any_part_of_a_name_or_email(store, event, text, expected):
    register(store, event, "Ada Lovelace")
    register(store, event, "Bea Owusu", preferred_name="Bizzy")
    register(store, event, "Chad Brown", email="chad@example.org")
    register(store, event, "Dev 100% Patel")
    register(store, event, "Eli_Stone")
    found = roster.roster(store, event.id, text=text)
    assert names(found) == expected and found.total == len(expected)


def test_filters_by_status_role_need_and_session(store, event):
    talk = events.add_session(store, event.id, "Talk", starts="3/12/2026 10:00", ends="3/12/2026 11:00")
    ada = register(store, event, "Ada Lovelace", roles=["carer"],
                   access=["step_free"], consent=True, sessions=[talk.id])
    bea = register(store, event, "Bea Owusu", roles=["staff"])
    cal = register(store, event, "Cal Jones")
    registrations.cancel(store, cal.registration.id)
    assert names(roster.roster(store, event.id, status="cancelled")) == ["Cal Jones"]
    assert names(roster.roster(store, event.id, role="carer")) == ["Ada Lovelace"]
    assert names(roster.roster(store, event.id, access="step_free")) == ["Ada Lovelace"]
    assert names(roster.roster(store, event.id, session_id=talk.id)) == ["Ada Lovelace"]
    assert names(roster.roster(store, event.id, role="staff", text="ow")) == ["Bea Owusu"]
    assert roster.roster(store, event.id, role="staff", text="ada").total == 0
    [row] = roster.roster(store, event.id, text="lovelace").rows
    assert (row.registration_id, row.roles, row.access, row.sessions) == (
        ada.registration.id, ("carer",), ("step_free",), (talk.id,))
    cancelled = roster.roster(store, event.id, status="cancelled").rows
    assert bea.registration.id not in [r.registration_id for r in cancelled]


def test_rows_say_who_is_checked_in(store, event):
    ada = register(store, event, "Ada Lovelace")
    register(store, event, "Bea Owusu")
    checkin.check_in(store, event.id, ada.code, at=london("2026-12-03 09:15"))
    assert [(row.name, row.checked_in) for row in roster.roster(store, event.id).rows] == [
        ("Ada Lovelace", True), ("Bea Owusu", False)]


@pytest.mark.parametrize("text, expected", [
    ("jo b", ["Jo Bloggs"]),  # every word, short ones too
    ("Jo Bloggs", ["Jo Bloggs"]),
    ("jo smi", ["Jo Smith"]),  # a short word with a long one
    ("o", ["Jo Bloggs", "Jo Smith", "Paweł Nowak"]),
    ("ł", ["Paweł Nowak", "Łukasz Brzęczyszczykiewicz"]),  # any script, either case
    ("Ł", ["Paweł Nowak", "Łukasz Brzęczyszczykiewicz"]),
    ("łu", ["Łukasz Brzęczyszczykiewicz"]),
    ("ŁUK", ["Łukasz Brzęczyszczykiewicz"]),
    ("jo\x00bloggs", ["Jo Bloggs"]),  # control characters count as spaces
    ('"jo" "b"', ["Jo Bloggs"]),
])
def test_every_word_typed_must_match(store, event, text, expected):
    for name in ("Jo Bloggs", "Jo Smith", "Paweł Nowak", "Łukasz Brzęczyszczykiewicz"):
        register(store, event, name)
    assert names(roster.roster(store, event.id, text=text)) == expected
