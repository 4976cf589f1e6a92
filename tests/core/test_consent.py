"""Consent recorded properly (issue 12): a versioned privacy notice whose words say what the app
does, a history of consent given and withdrawn, and one audit entry for each privacy action,
none of which quotes the health data."""

from __future__ import annotations

import pytest

from coprod_events.core import audit, consent, exports, paper_lists, registrations, roster
from coprod_events.core.data import settings
from coprod_events.core.errors import CoprodError

from conftest import conference, register

NOTES = ("Interpreter on the left of the stage", "Speaks at the 14:00 panel", "Halal")


def actions(store) -> list[str]:
    return [entry.action for entry in audit.entries(store)]


def no_notes_in_the_log(store) -> None:
    for entry in audit.entries(store):
        assert not any(note in (entry.detail or "") for note in NOTES), entry


def test_our_notice_says_the_retention_period_and_names_its_version(store):
    ours = consent.notice(store)
    assert ours.ours and ours.version == consent.DEFAULT_VERSION
    assert "deleted 30 days after the event" in ours.text
    with store.write():
        settings.put(store, consent.RETENTION_KEY, "45")
    longer = consent.notice(store)
    assert "deleted 45 days after the event" in longer.text and longer.version != ours.version


def test_our_own_notice_needs_a_version_of_its_own(store):
    mine = consent.set_notice(store, "We keep your answers until the course ends.", "centre-3")
    assert (mine.version, mine.ours) == ("centre-3", False) and consent.notice(store) == mine
    event = conference(store)
    ada = register(store, event, "Ada Okafor", consent=True)
    assert ada.registration.consent_version == "centre-3"
    with pytest.raises(CoprodError, match="new version"):
        consent.set_notice(store, "Other words.", "centre-3")
    assert consent.reset_notice(store).ours


def test_consent_given_withdrawn_and_given_again_is_a_history_with_one_audit_entry_each(store):
    event = conference(store)
    ada = register(store, event, "Ada Okafor", consent=True, access=["bsl"], access_notes=NOTES[0])
    reg = ada.registration
    edit = dict(email=reg.person.email, roles=reg.roles, sessions=[])
    registrations.update_registration(store, reg.id, reg.name, consent=True, access=["bsl"], **edit)  # same
    registrations.update_registration(store, reg.id, reg.name, consent=False, **edit)  # withdrawn
    registrations.update_registration(store, reg.id, reg.name, consent=True, dietary=NOTES[2], **edit)
    record = consent.of_person(store, reg.person.email)
    assert [(c.given, c.notice_version) for c in record.history] == [
        (True, "2026-1"), (False, "2026-1"), (True, "2026-1")]
    assert [(r.registration_id, r.consent_version) for r in record.registrations] == [(reg.id, "2026-1")]
    assert actions(store) == ["consent_given", "consent_withdrawn", "consent_given"]
    assert {e.person_id for e in audit.entries(store)} == {reg.person.id}
    no_notes_in_the_log(store)


def test_an_import_records_each_consent_and_audits_the_import_once(store):
    event = conference(store)
    with store.write():
        added = registrations.add_many(store, event, [
            {"name": "Ada Okafor", "email": "ada@example.org", "consent": True, "consent_version": "Form v3"},
            {"name": "Bo Ng", "email": "bo@example.org", "consent": True, "dietary": NOTES[2]},
            {"name": "Cy Dee", "email": "cy@example.org"}])
    histories = [consent.of_person(store, email).history for email in
                 ("ada@example.org", "bo@example.org", "cy@example.org")]
    assert [[c.notice_version for c in h] for h in histories] == [["Form v3"], ["2026-1"], []]
    (entry,) = audit.entries(store)
    assert (entry.action, entry.event_id) == ("consent_given", event.id)
    assert "2 registrations" in (entry.detail or "") and len(added) == 3
    no_notes_in_the_log(store)


def test_each_look_at_health_data_writes_exactly_one_entry(store, tmp_path):
    event = conference(store)
    tomasz = register(store, event, "Tomasz Nowak", consent=True, access=["bsl"], access_notes=NOTES[0],
                      role_notes=NOTES[1], dietary=NOTES[2])
    register(store, event, "Bo Ng")
    before = len(audit.entries(store))
    shown = registrations.reveal_notes(store, tomasz.registration.id, station="Door 2")
    assert shown.access_notes == NOTES[0]
    exports.export(store, event.id, "access", tmp_path / "access.csv")
    exports.export(store, event.id, "registrations", tmp_path / "people.csv")  # no health data: no entry
    paper_lists.write_door_list(store, event.id, tmp_path / "door.pdf")
    found = roster.roster(store, event.id)
    health = roster.health_data(store, event.id, found)
    assert health[tomasz.registration.id].access == (("bsl", None),)
    assert actions(store)[before:] == ["revealed_notes", "exported_health_data", "printed_health_data",
                                      "health_data_listed"]
    revealed = audit.entries(store)[before]
    assert (revealed.person_id, revealed.station) == (tomasz.registration.person.id, "Door 2")
    no_notes_in_the_log(store)
