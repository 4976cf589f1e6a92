"""`coprod-events badges`: the installed command, run as a person or a script would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from conftest import COMMAND


@pytest.fixture
def event(cli):
    return cli.json("event", "add", "Autumn Conference", "--kind", "conference",
                    "--starts", "3/12/2026 09:00", "--ends", "3/12/2026 17:00")["slug"]


def page_texts(path: Path) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path)]


def first_page_codes(path: Path) -> list[str]:
    image = pdfium.PdfDocument(path)[0].render(scale=200 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image)]


def test_badges_for_an_event(cli, event, tmp_path):
    ada = cli.json("register", event, "Ada Okafor", "--pronouns", "she/her",
                   "--organisation", "Mind in Camden", "--role", "expert_by_experience",
                   "--role", "carer", "--access", "wheelchair_space", "--access", "bsl",
                   "--access-notes", "Needs the ramp by the car park", "--role-notes",
                   "Uses crisis services", "--dietary", "Halal", "--consent")
    cli.json("register", event, "Łukasz Brzęczyszczykiewicz", "--preferred-name", "Łukasz")
    result = cli.json("badges", event, "--out", "badges.pdf")
    assert result["count"] == 2 and result["pages"] == 2 and result["layout"] == "a6"
    assert [b["name"] for b in result["badges"]] == ["Łukasz Brzęczyszczykiewicz", "Ada Okafor"]
    assert result["not_rendered"] == []
    out = tmp_path / "badges.pdf"
    assert result["out"] == "badges.pdf" and oct(out.stat().st_mode & 0o777) == "0o600"
    lukasz, okafor = page_texts(out)
    assert lukasz.splitlines() == ["Autumn Conference", "Łukasz", "Łukasz Brzęczyszczykiewicz"]
    assert okafor.splitlines() == ["Autumn Conference", "Ada", "Ada Okafor", "she/her", "Mind in Camden"]
    for private in ("Expert", "Carer", "Wheelchair", "BSL", "ramp", "crisis", "Halal"):
        assert private.lower() not in okafor.lower()
    image = pdfium.PdfDocument(out)[1].render(scale=200 / 72).to_pil()
    [code] = [found.text for found in zxingcpp.read_barcodes(image)]
    assert code != ada["code"] and code.startswith("BD") and len(code) == 22  # her badge code


def test_plain_output_and_avery_sheets(cli, event, tmp_path):
    for name in ("Ann Able", "Bob Baker", "Cat Cole", "Dan Dale", "Eve Eden", "Fay Ford",
                 "Gus Gale", "Hal Hart", "Ivy Ince"):
        cli("register", event, name)
    result = cli("badges", event, "--out", "sheets.pdf", "--layout", "avery-l7418")
    assert result.stdout.strip() == ("Wrote 9 badges to sheets.pdf (2 pages, avery-l7418), "
                                     "in surname order.")
    first, second = page_texts(tmp_path / "sheets.pdf")
    assert first.splitlines()[1::3] == ["Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal"]
    assert first.splitlines()[::3] == ["Autumn Conference"] * 8  # every label names the event
    assert second.splitlines() == ["Autumn Conference", "Ivy", "Ivy Ince"]
    assert len(set(first_page_codes(tmp_path / "sheets.pdf"))) == 8


def test_session_filter(cli, event, tmp_path):
    workshop = cli.json("session", "add", event, "Workshop", "--starts", "3/12/2026 11:00",
                        "--booking-required")["id"]
    cli("register", event, "Ann Able", "--session", str(workshop))
    cli("register", event, "Bob Baker")
    result = cli.json("badges", event, "--out", "w.pdf", "--session", str(workshop))
    assert [b["name"] for b in result["badges"]] == ["Ann Able"]


def test_a_name_no_font_covers_is_a_warning_and_the_rest_are_written(cli, event, tmp_path):
    """With no fontconfig on the PATH, no font for Chinese can be found."""
    cli("register", event, "李小龍")
    cli("register", event, "Ann Able")
    no_fontconfig = {"PATH": str(Path(COMMAND).parent)}
    result = cli("badges", event, "--out", "b.pdf", env=no_fontconfig)
    assert result.stdout.startswith("Wrote 1 badge to b.pdf (1 page, a6)")
    assert result.stderr.startswith("Warning: Could not render badges for: 李小龍 (registration 1: "
                                    "script not covered by any installed font).")
    assert "Install a font such as Noto Sans CJK, or print these by hand." in result.stderr
    assert page_texts(tmp_path / "b.pdf") == ["Autumn Conference\r\nAnn\r\nAnn Able"]
    as_json = cli.json("badges", event, "--out", "b.pdf", env=no_fontconfig)
    assert as_json["not_rendered"] == [{"registration_id": 1, "name": "李小龍",
                                        "reason": "script not covered by any installed font"}]


def test_mistakes_exit_2_with_a_clear_message(cli_here, event, tmp_path):
    cli_here("register", event, "Ann Able")
    (tmp_path / "blocker").write_text("a file, not a folder")
    for args, message in [
        (["no-such-event", "--out", "b.pdf"], "No event 'no-such-event'"),
        ([event, "--out", "b.pdf", "--session", "999"], "No session '999'"),
        ([event, "--out", "."], "is a folder: give a file name for the badges"),
        ([event, "--out", "blocker/b.pdf"], "Cannot write 'blocker/b.pdf'"),
    ]:
        result = cli_here("badges", *args, expect=2)
        assert result.stderr.startswith("Error: ") and message in result.stderr
        assert message in json.loads(cli_here("badges", *args, "--json", expect=2).stdout)["error"]
    assert not (tmp_path / "b.pdf").exists()


def test_an_event_with_no_one_confirmed(cli, event):
    result = cli("badges", event, "--out", "b.pdf", expect=2)
    assert "no confirmed registrations, so there are no badges to print" in result.stderr
