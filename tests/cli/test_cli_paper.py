"""`coprod-events door-list` and `register-sheet`: the installed command, run as a person or a
script would run it."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest


@pytest.fixture
def event(cli):
    slug = cli.json("event", "add", "Autumn Conference", "--kind", "conference",
                    "--starts", "3/12/2026 09:00", "--ends", "3/12/2026 17:00")["slug"]
    cli("session", "add", slug, "Workshop A: Sharing power", "--starts", "3/12/2026 11:00",
        "--booking-required")
    return slug


def text_of(path) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path))


def test_door_list(cli, event, tmp_path):
    ann = cli.json("register", event, "Ann Zephyr", "--access", "step_free", "--consent",
                   "--access-notes", "Uses a stick on bad days")
    cli("register", event, "Bea Able", "--session", "1")
    result = cli.json("door-list", event, "--out", "door.pdf")
    assert result == {"out": "door.pdf", "pages": 2, "people": 2, "staff_actions": 1, "unprintable": []}
    text = text_of(tmp_path / "door.pdf")
    assert text.index("Able, Bea") < text.index("Zephyr, Ann")
    assert ann["code"][-6:] in text and "Use the step-free route" in text
    assert "Uses a stick" not in text
    plain = cli("door-list", event, "--out", "again.pdf").stdout
    assert plain.strip() == ("Wrote the door list to again.pdf: 2 people in surname order, staff actions "
                             "for 1 person (2 pages).")


def test_register_sheet(cli, event, tmp_path):
    cli("register", event, "Bea Able", "--session", "1")
    cli("register", event, "Cy Bird")
    result = cli.json("register-sheet", event, "--session", "1", "--out", "reg.pdf")
    assert result["sessions"] == [{"session_id": 1, "title": "Workshop A: Sharing power", "people": 1}]
    text = text_of(tmp_path / "reg.pdf")
    assert "Able, Bea" in text and "Bird" not in text
    plain = cli("register-sheet", event, "--out", "all.pdf").stdout
    assert "Wrote 1 register to all.pdf (1 page):" in plain and "Workshop A: Sharing power: 1 person" in plain


def test_mistakes_exit_2_with_a_clear_message(cli_here, event, tmp_path):
    cli_here("register", event, "Ann Able")
    for command, args, message in [
        ("door-list", ["no-such-event", "--out", "d.pdf"], "No event 'no-such-event'"),
        ("door-list", [event, "--out", "d.txt"], "Give a file name ending in .pdf"),
        ("door-list", [event, "--out", "."], "is a folder"),
        ("register-sheet", [event, "--out", "d.pdf", "--session", "999"], "No session '999'"),
    ]:
        result = cli_here(command, *args, expect=2)
        assert result.stderr.startswith("Error: ") and message in result.stderr
        assert message in json.loads(cli_here(command, *args, "--json", expect=2).stdout)["error"]
    assert not (tmp_path / "d.pdf").exists()


def test_organiser_and_certificates(cli, tmp_path):
    slug = cli.json("event", "add", "Peer support training", "--kind", "training",  # in the past
                    "--starts", "3/11/2025 10:00", "--ends", "3/11/2025 12:00")["slug"]
    code = cli.json("register", slug, "Ann Okafor")["code"]
    cli("checkin", slug, code, "--at", "3/11/2025 09:55")
    refused = cli("certificates", slug, "--out", "c.pdf", expect=2)
    assert "coprod-events organiser --name" in refused.stderr
    (tmp_path / "logo.png").write_bytes(b"not really a png")
    assert "must be a PNG or JPEG file" in cli("organiser", "--logo", "nope.png", expect=2).stderr
    saved = cli.json("organiser", "--name", "Northbridge Centre", "--contact", "hello@northbridge.example")
    assert saved == {"name": "Northbridge Centre", "contact": "hello@northbridge.example", "signatory": None,
                     "signature": None, "logo": None}
    assert "Name: Northbridge Centre" in cli("organiser").stdout
    result = cli.json("certificates", slug, "--out", "c.pdf")
    assert result["out"] == "c.pdf" and [c["name"] for c in result["certificates"]] == ["Ann Okafor"]
    assert "Northbridge Centre" in text_of(tmp_path / "c.pdf")
