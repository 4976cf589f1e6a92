"""`coprod-events tickets` and `ticket --out`, through the installed command."""

from __future__ import annotations

import io
from pathlib import Path

import cairosvg
import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from coprod_events.core import events, registrations
from coprod_events.core.store import Store

from conftest import another_desk_writing


@pytest.fixture
def conference(tmp_path):
    """A conference with two confirmed people (one with needs and roles) and one cancelled,
    built in-process (quicker than five commands): the commands under test run installed."""
    ids = {}
    with Store(tmp_path / "desk.db") as store:
        events.add_event(store, "Autumn Conference", kind="conference", starts="3/12/2026 09:00",
                         ends="3/12/2026 17:00", venue="Ellen Wilkinson Building")
        for name, extra in (("Ada Okafor", {"roles": ["peer_worker"], "access": ["bsl"], "consent": True}),
                            ("Łukasz Brzęczyszczykiewicz", {}), ("Gina Gone", {})):
            result = registrations.register(store, "autumn-conference", name, **extra)
            ids[name] = (result.registration.id, result.code)
        registrations.cancel(store, ids["Gina Gone"][0])
    return ids


def decoded(path: Path) -> list[str]:
    """Every QR code in a PNG, an SVG or each page of a PDF."""
    if path.suffix == ".pdf":
        images = [page.render(scale=1.5).to_pil() for page in pdfium.PdfDocument(str(path))]
    elif path.suffix == ".svg":
        images = [Image.open(io.BytesIO(cairosvg.svg2png(url=str(path))))]
    else:
        images = [Image.open(path)]
    return [result.text for image in images for result in zxingcpp.read_barcodes(image)]


def test_tickets_to_pdf_a_page_per_confirmed_registration(cli, conference, tmp_path):
    result = cli.json("tickets", "autumn-conference", "--out", "tickets.pdf")
    assert result["count"] == 2 and result["format"] == "pdf"
    codes = {code for name, (_, code) in conference.items() if name != "Gina Gone"}
    assert set(decoded(tmp_path / "tickets.pdf")) == codes
    text = cli("tickets", "autumn-conference", "--out", "again.pdf").stdout
    assert "Wrote 2 tickets for Autumn Conference" in text


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_tickets_to_a_folder_of_images(cli, conference, tmp_path, fmt):
    result = cli.json("tickets", "autumn-conference", "--out", "out/images", "--format", fmt)
    folder = tmp_path / "out" / "images"
    ada_id, ada_code = conference["Ada Okafor"]
    lukasz_id, lukasz_code = conference["Łukasz Brzęczyszczykiewicz"]
    assert sorted(p.name for p in folder.iterdir()) == [
        f"brzeczyszczykiewicz-lukasz-{lukasz_id}.{fmt}", f"okafor-ada-{ada_id}.{fmt}"]
    assert decoded(folder / f"okafor-ada-{ada_id}.{fmt}") == [ada_code]
    assert decoded(folder / f"brzeczyszczykiewicz-lukasz-{lukasz_id}.{fmt}") == [lukasz_code]
    assert {t["registration_id"] for t in result["tickets"]} == {ada_id, lukasz_id}


def test_one_ticket_by_extension_and_the_plain_code_still_works(cli, conference, tmp_path):
    ada_id, ada_code = conference["Ada Okafor"]
    for name in ("ada.pdf", "ada.png", "ada.svg"):
        result = cli.json("ticket", str(ada_id), "--out", name)
        assert result["code"] == ada_code and result["file"] == name
        assert decoded(tmp_path / name) == [ada_code]
    plain = cli.json("ticket", str(ada_id))
    assert plain["code"] == ada_code and "file" not in plain
    assert "Ticket for registration" in cli("ticket", str(ada_id)).stdout


def test_reissue_with_out_writes_the_new_code_and_the_old_one_is_refused(cli, conference, tmp_path):
    ada_id, old_code = conference["Ada Okafor"]
    cli("ticket", str(ada_id), "--out", "old.png")
    new_code = cli.json("ticket", str(ada_id), "--reissue", "--out", "new.png")["code"]
    assert decoded(tmp_path / "new.png") == [new_code] != [old_code]
    verdict = cli.json("checkin", "autumn-conference", decoded(tmp_path / "old.png")[0], expect=1)
    assert verdict["reason"] == "revoked_code"


def test_bad_input_is_a_message_and_exit_2(cli_here, conference, tmp_path):
    ada_id, ada_code = conference["Ada Okafor"]
    (tmp_path / "a-file.pdf").write_text("keep")
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "blocker").write_text("")
    cases = [
        (["tickets", "no-such-event", "--out", "x.pdf"], "No event"),
        (["tickets", "autumn-conference", "--out", "a-file.pdf", "--format", "png"], "is a file"),
        (["tickets", "autumn-conference", "--out", "a-folder"], ".pdf"),
        (["tickets", "autumn-conference", "--out", "blocker/sub/t.pdf"], "Cannot write"),
        (["ticket", "999", "--out", "x.pdf"], "No registration"),
        (["ticket", str(ada_id), "--out", "a-folder"], ".pdf, .png or .svg"),
        (["ticket", str(conference["Gina Gone"][0]), "--out", "gina.pdf"], "cancelled"),
    ]
    before = sorted(p.name for p in tmp_path.iterdir())
    for args, message in cases:
        result = cli_here(*args, expect=2)
        assert message in result.stderr and "Traceback" not in result.stderr, args
    assert "is a file" in cli_here.json(*cases[1][0], expect=2)["error"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing half-written
    assert (tmp_path / "a-file.pdf").read_text() == "keep"
    assert not any((tmp_path / "a-folder").iterdir())


def test_a_reissue_whose_file_cannot_be_written_is_taken_back(cli, conference, tmp_path):
    ada_id, ada_code = conference["Ada Okafor"]
    (tmp_path / "blocker").write_text("")
    cli("ticket", str(ada_id), "--reissue", "--out", "blocker/new.pdf", expect=2)
    assert cli.json("ticket", str(ada_id))["code"] == ada_code


def test_a_copy_of_a_live_ticket_is_written_while_another_desk_writes(cli, cli_db, conference, tmp_path):
    """Printing the code someone already has changes nothing, so it takes no write lock: a desk
    mid-write neither delays it nor is delayed by it while the PDF is drawn."""
    ada_id, ada_code = conference["Ada Okafor"]
    with another_desk_writing(cli_db):
        result = cli.json("ticket", str(ada_id), "--out", "copy.pdf")
    assert result["code"] == ada_code and decoded(tmp_path / "copy.pdf") == [ada_code]
