"""`registrations --health-data`, `person show`, `audit` and `privacy-notice`: the installed
command, run as a person or a script would run it."""

from __future__ import annotations

import pytest

from coprod_events.core import registrations
from coprod_events.core.store import Store

from conftest import conference, register

NOTE = "Prefers the left side"


@pytest.fixture
def event(cli_db) -> tuple[str, registrations.Registration]:
    """Ada, with consent, access needs and notes (set up in process: quicker than commands)."""
    with Store(cli_db) as store:
        event = conference(store)
        ada = register(store, event, "Ada Okafor", email="ada@example.org", access=["bsl"], consent=True,
                       access_notes=NOTE, dietary="No nuts")
    return event.slug, ada.registration


def test_health_data_is_listed_only_when_asked_for_and_that_is_audited(cli, event):
    slug, _ = event
    plain = cli("registrations", slug, "--json").stdout
    assert "bsl" not in plain and NOTE not in plain and "No nuts" not in plain
    (row,) = cli.json("registrations", slug, "--health-data")["registrations"]
    assert (row["access"], row["access_notes"], row["dietary"]) == (
        [{"code": "bsl", "detail": None}], NOTE, "No nuts")
    logged = cli.json("audit", "--since", "1/1/2026")["entries"]
    assert [e["action"] for e in logged] == ["consent_given", "health_data_listed"]
    assert all(NOTE not in (e["detail"] or "") for e in logged)


def test_person_show_lists_the_consent_history(cli, cli_db, event):
    _, ada = event
    with Store(cli_db) as store:  # withdrawn on the form (no command edits a registration)
        registrations.update_registration(store, ada.id, ada.name, email=ada.person.email, consent=False)
    shown = cli.json("person", "show", "ada@example.org")
    assert [(c["given"], c["notice_version"]) for c in shown["consent_history"]] == [
        (True, "2026-1"), (False, "2026-1")]
    assert shown["registrations"][0]["consent_at"] is None
    text = cli("person", "show", str(ada.person.id)).stdout
    assert "given  notice 2026-1" in text and "withdrawn  notice 2026-1" in text and NOTE not in text
    about = cli.json("audit", "--person", "ada@example.org")["entries"]
    assert [e["action"] for e in about] == ["consent_given", "consent_withdrawn"]
    assert "No person" in cli("person", "show", "nobody@example.org", expect=2).stderr
    cli("audit", "--since", "12/31/2026", expect=2)  # month first is refused, as everywhere


def test_privacy_notice_is_shown_and_replaced_under_a_new_version(cli):
    assert "30 days after the event" in cli("privacy-notice").stdout
    mine = cli.json("privacy-notice", "--text", "Our words.", "--version", "v2")
    assert (mine["version"], mine["text"], mine["ours"]) == ("v2", "Our words.", False)
