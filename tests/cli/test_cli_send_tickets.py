"""`coprod-events send-tickets`, through the installed command, against a real SMTP server on
127.0.0.1: a line a person, a summary, the exit codes, and a password never shown."""

from __future__ import annotations

import json
from email import message_from_bytes, policy

import pytest

from coprod_events.core import registrations
from coprod_events.core.store import Store

from conftest import conference as add_conference
from mail_server import PASSWORD, USER, MailServer

SENDER = "Events <events@example.org>"


@pytest.fixture
def people(store_at_cli_db):
    """Ada (with needs), Bo, Wendy waiting: the event is full at two."""
    store = store_at_cli_db
    event = add_conference(store, "Autumn Conference", capacity=2, venue="Ellen Wilkinson Building")
    ids = {}
    for name, extra in (("Ada Okafor", {"access": ["bsl"], "consent": True}), ("Bo Ng", {}),
                        ("Wendy Wait", {})):
        email = f"{name.split()[0].lower()}@example.org"
        ids[name] = registrations.register(store, event.id, name, email=email, **extra).registration.id
    return ids


@pytest.fixture
def store_at_cli_db(cli_db):
    with Store(cli_db) as store:
        yield store


def env(server: MailServer, **more) -> dict:
    return {"COPROD_EVENTS_SMTP": server.url, "COPROD_EVENTS_SMTP_FROM": SENDER, **more}


def test_sends_a_line_a_person_then_only_unsent_sends_nothing(cli, people):
    with MailServer() as server:
        first = cli("send-tickets", "autumn-conference", env=env(server))
        again = cli("send-tickets", "autumn-conference", "--only-unsent", env=env(server))
    lines = first.stdout.splitlines()
    assert lines[0].startswith("[1/2] sent") and "Ada Okafor <ada@example.org>" in lines[0]
    assert lines[1].startswith("[2/2] sent") and "Bo Ng" in lines[1]
    assert lines[-1] == "Autumn Conference: 2 sent."
    assert sorted(r.to[0] for r in server.received) == ["ada@example.org", "bo@example.org"]
    assert "Already sent" in again.stdout and again.stdout.splitlines()[-1] == "Autumn Conference: 2 skipped."


def test_the_password_is_asked_for_and_never_shown(cli, people):
    with MailServer(login=True) as server:
        done = cli("send-tickets", "autumn-conference", "--json", env=env(server), input=PASSWORD + "\n")
        refused = cli("send-tickets", "autumn-conference", "--to", str(people["Bo Ng"]), env=env(
            server, COPROD_EVENTS_SMTP_PASSWORD="wrong " + PASSWORD), expect=2)
    assert len(server.received) == 2
    assert PASSWORD not in done.stdout + done.stderr + refused.stdout + refused.stderr
    assert f"refused the login for {USER}" in refused.stdout and "Stopped:" in refused.stdout


def test_a_refused_address_exits_1_and_the_rest_go(cli, people):
    with MailServer(refuse=frozenset({"bo@example.org"})) as server:
        result = cli("send-tickets", "autumn-conference", "--json", env=env(server), expect=1)
    report = json.loads(result.stdout)
    assert report["counts"]["sent"] == 1 and report["counts"]["failed"] == 1 and report["stopped"] is None
    assert [r.to for r in server.received] == [["ada@example.org"]]


def test_a_dropped_connection_exits_2_and_a_rerun_sends_the_rest(cli, people):
    with MailServer(drop_after=1) as server:
        stopped = cli("send-tickets", "autumn-conference", env=env(server), expect=2)
        server.drop_after = None
        rest = cli("send-tickets", "autumn-conference", "--only-unsent", env=env(server))
    assert "lost" in stopped.stdout and "1 sent, 1 failed" in stopped.stdout
    assert "1 sent, 1 skipped" in rest.stdout
    assert sorted(r.to[0] for r in server.received) == ["ada@example.org", "bo@example.org"]


def test_dry_run_and_eml(cli, people, tmp_path):
    dry = cli("send-tickets", "autumn-conference", "--dry-run", "--to", str(people["Wendy Wait"]),
              "--to", str(people["Ada Okafor"]))
    assert "would send" in dry.stdout and "waiting list" in dry.stdout
    written = cli("send-tickets", "autumn-conference", "--eml", str(tmp_path / "out"),
                  env={"COPROD_EVENTS_SMTP_FROM": SENDER})
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert [f.name for f in files] == [f"ng-bo-{people['Bo Ng']}.eml",
                                       f"okafor-ada-{people['Ada Okafor']}.eml"]
    message = message_from_bytes(files[1].read_bytes(), policy=policy.default)
    assert message["To"] == "Ada Okafor <ada@example.org>" and message["From"] == SENDER
    assert "2 written" in written.stdout
    again = cli("send-tickets", "autumn-conference", "--only-unsent", "--dry-run")
    assert "2 would send" in again.stdout  # files are not sent tickets


def test_without_a_server_or_with_a_password_in_it(cli, people):
    assert "No mail server is set" in cli("send-tickets", "autumn-conference", expect=2).stderr
    refused = cli("send-tickets", "autumn-conference", expect=2,
                  env={"COPROD_EVENTS_SMTP": "smtps://desk:hunter2@mail.example.org"})
    assert "hunter2" not in refused.stderr and "password" in refused.stderr
    assert "No registration 999" in cli("send-tickets", "autumn-conference", "--to", "999", "--dry-run",
                                        expect=2).stderr


def test_an_unknown_event(cli, people):
    assert "No event" in cli("send-tickets", "nope", "--dry-run", expect=2).stderr

