"""Tickets that leave the app: every file decodes back to exactly the ticket code, and says
nothing about the person beyond their name."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import cairosvg
import pypdfium2 as pdfium
import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode import util

from coprod_events.core import checkin, dates, events, qr, registrations, ticket_files, tickets
from coprod_events.core.errors import CoprodError, NotFound

ACCENTED = ["Łukasz Brzęczyszczykiewicz", "Zoë Adeyemi", "Siobhán O'Sullivan"]


@pytest.fixture
def event(store):
    event = events.add_event(store, "Autumn Conference", kind="conference", starts="3/12/2026 09:00",
                             ends="3/12/2026 17:00", venue="Ellen Wilkinson Building", capacity=3)
    return event


@pytest.fixture
def people(store, event):
    """Three confirmed (accented names, one with needs and roles), one waitlisted, one cancelled."""
    regs = {}
    for name in ACCENTED:
        regs[name] = registrations.register(
            store, event.id, name, roles=["expert_by_experience"], access=["bsl", "large_print=18pt"],
            consent=True).registration
    regs["waiting"] = registrations.register(store, event.id, "Wendy Wait").registration
    regs["gone"] = registrations.register(store, event.id, "Gina Gone").registration
    registrations.cancel(store, regs["gone"].id)
    return regs


def decode(image: Image.Image) -> list[zxingcpp.Result]:
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def decode_png(path) -> str:
    (result,) = decode(Image.open(path))
    return result.text


def decode_svg(path) -> str:
    (result,) = decode(Image.open(io.BytesIO(cairosvg.svg2png(url=str(path)))))
    return result.text


def pdf_pages(path) -> list[tuple[str, str]]:
    """(decoded QR, the page's text) for each page, rendered as a printer would."""
    pages = []
    for page in pdfium.PdfDocument(str(path)):
        (result,) = decode(page.render(scale=1.5).to_pil())
        pages.append((result.text, page.get_textpage().get_text_range()))
    return pages


def live_code(store, reg_id: int) -> str:
    return tickets.live_ticket(store, reg_id).code


# The symbol ----------------------------------------------------------------------------------


def test_symbol_is_alphanumeric_ecc_m_with_a_four_module_quiet_zone():
    code = tickets.new_code()
    symbol = qr.symbol(code)
    assert [chunk.mode for chunk in symbol.data_list] == [util.MODE_ALPHA_NUM]
    assert symbol.error_correction == qrcode.constants.ERROR_CORRECT_M
    matrix = qr.modules(code)
    assert len(matrix) == 25 + 2 * 4  # version 2: 26 alphanumeric characters fit at level M
    for ring in range(4):
        assert not any(matrix[ring]) and not any(matrix[-1 - ring])
        assert not any(row[ring] or row[-1 - ring] for row in matrix)
    assert matrix[4][4] and matrix[4][-5] and matrix[-5][4]  # finder patterns start just inside
    as_bytes = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    as_bytes.add_data(util.QRData(code, mode=util.MODE_8BIT_BYTE))
    assert as_bytes.get_matrix() != matrix


def test_png_decodes_with_level_m_and_keeps_its_quiet_zone(tmp_path):
    code = tickets.new_code()
    image = Image.open(io.BytesIO(qr.png_bytes(code))).convert("L")
    (result,) = decode(image)
    assert result.text == code and result.ec_level == "M"
    quiet = 4 * qr.PIXELS_PER_MODULE
    width, height = image.size
    for box in ((0, 0, width, quiet), (0, height - quiet, width, height),
                (0, 0, quiet, height), (width - quiet, 0, width, height)):
        assert image.crop(box).getextrema() == (255, 255)  # all white
    assert image.getpixel((quiet, quiet)) == 0  # the finder pattern begins right after it


def test_svg_holds_the_code_only():
    code = tickets.new_code()
    text = qr.svg_text(code)
    assert code not in text  # not even as a caption: the QR is the code, drawn
    (result,) = decode(Image.open(io.BytesIO(cairosvg.svg2png(bytestring=text.encode()))))
    assert result.text == code


# File names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "stem"), [
    ("Ada Okafor", "okafor-ada-12"),
    ("Łukasz Brzęczyszczykiewicz", "brzeczyszczykiewicz-lukasz-12"),
    ("Zoë Ní Bhriain", "bhriain-zoe-ni-12"),
    ("Siobhán O'Sullivan", "osullivan-siobhan-12"),
    ("Anne-Marie Smith-Jones", "smith-jones-anne-marie-12"),
    ("../../etc/passwd", "etc-passwd-12"),
    ("a/b\\c:d", "a-b-c-d-12"),
    ("王秀英", "ticket-12"),
    ("Cher", "cher-12"),
])
def test_file_stem_is_ascii_safe_and_finds_the_person(name, stem):
    assert ticket_files.file_stem(name, 12) == stem


# Writing -----------------------------------------------------------------------------------------


def test_images_one_per_confirmed_registration_named_without_roles_or_needs(store, event, people, tmp_path):
    found, holders = ticket_files.for_event(store, event.slug)
    for fmt, decoder in (("png", decode_png), ("svg", decode_svg)):
        folder = tmp_path / fmt
        written = ticket_files.write_images(found, holders, folder, fmt)
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
        assert {p.name for p in written} == {
            f"{ticket_files.file_stem(r.name, r.id)}.{fmt}" for r in people.values()
            if r.status == "confirmed"}
        for path in written:
            reg_id = int(path.stem.rsplit("-", 1)[1])
            assert decoder(path) == live_code(store, reg_id)
            assert not any(word in path.name for word in ("bsl", "large", "expert", "experience"))
            assert os.stat(path).st_mode & 0o077 == 0  # readable by you alone


def test_pdf_a_page_per_ticket_with_accented_names(store, event, people, tmp_path):
    found, holders = ticket_files.for_event(store, event.slug)
    path = ticket_files.write_pdf(found, holders, tmp_path / "tickets.pdf")
    pages = pdf_pages(path)
    assert len(pages) == 3
    for holder, (decoded, text) in zip(holders, pages, strict=True):
        assert decoded == holder.code == live_code(store, holder.registration_id)
        for expected in ("Autumn Conference", "Thursday 3 December 2026", "09:00 to 17:00",
                         "Ellen Wilkinson Building", holder.name, tickets.grouped(holder.code),
                         "Show this at the desk"):
            assert expected in text
        assert "BSL" not in text and "large print" not in text.lower() and "Expert" not in text
    assert {holder.name for holder in holders} == set(ACCENTED)


@pytest.mark.parametrize("name", ["王秀英", "محمد علي"])
def test_names_in_scripts_dejavu_lacks_or_shapes_still_print(store, event, tmp_path, name,
                                                             installed_font):
    installed_font("王秀英")  # a CJK font on the laptop; DejaVu has Arabic
    reg = registrations.register(store, event.id, name).registration
    found, holder = ticket_files.for_registration(store, reg.id)
    ((decoded, text),) = pdf_pages(ticket_files.write_ticket(found, holder, tmp_path / "t.pdf"))
    assert decoded == holder.code and name in text


def test_one_ticket_by_extension(store, event, people, tmp_path):
    ada = people["Zoë Adeyemi"]
    found, holder = ticket_files.for_registration(store, ada.id)
    code = live_code(store, ada.id)
    assert decode_png(ticket_files.write_ticket(found, holder, tmp_path / "a.PNG")) == code
    assert decode_svg(ticket_files.write_ticket(found, holder, tmp_path / "a.svg")) == code
    ((decoded, text),) = pdf_pages(ticket_files.write_ticket(found, holder, tmp_path / "new" / "a.pdf"))
    assert decoded == code and "Zoë Adeyemi" in text
    with pytest.raises(CoprodError, match=r"\.pdf, \.png or \.svg"):
        ticket_files.write_ticket(found, holder, tmp_path / "a.txt")


def test_reissued_tickets_old_image_is_refused_as_revoked(store, tmp_path):
    now = dates.utcnow()
    today = events.add_event(store, "Today", kind="conference", starts=now - timedelta(hours=1),
                             ends=now + timedelta(hours=4))
    reg = registrations.register(store, today.id, "Łukasz Brzęczyszczykiewicz").registration
    found, holder = ticket_files.for_registration(store, reg.id)
    old = ticket_files.write_ticket(found, holder, tmp_path / "old.png")
    tickets.issue(store, reg.id, reissue=True)
    found, holder = ticket_files.for_registration(store, reg.id)
    new = ticket_files.write_ticket(found, holder, tmp_path / "new.png")
    assert decode_png(new) == live_code(store, reg.id) != decode_png(old)
    refused = checkin.check_in(store, today.id, decode_png(old))
    assert not refused.admitted and refused.reason == checkin.REVOKED_CODE
    assert checkin.check_in(store, today.id, decode_png(new)).admitted


def test_no_ticket_for_the_cancelled_or_the_unknown(store, event, people):
    with pytest.raises(CoprodError, match="cancelled"):
        ticket_files.for_registration(store, people["gone"].id)
    with pytest.raises(NotFound):
        ticket_files.for_registration(store, 999)
    with pytest.raises(NotFound):
        ticket_files.for_event(store, "no-such-event")


def test_a_confirmed_registration_without_a_live_ticket_gets_one(store, event, people):
    reg = people["Siobhán O'Sullivan"]
    with store.write():
        store.run("UPDATE tickets SET revoked_at = '2026-01-01T00:00:00.000000Z' "
                  "WHERE registration_id = ?", [reg.id])
    _, holders = ticket_files.for_event(store, event.id)
    assert {h.registration_id: h.code for h in holders}[reg.id] == live_code(store, reg.id)


# Bad places: a clear message, nothing half-written ------------------------------------------------


def test_a_file_where_a_folder_is_needed_and_the_reverse(store, event, people, tmp_path):
    found, holders = ticket_files.for_event(store, event.slug)
    a_file = tmp_path / "tickets.pdf"
    a_file.write_bytes(b"keep me")
    with pytest.raises(CoprodError, match="is a file"):
        ticket_files.write_images(found, holders, a_file, "png")
    assert a_file.read_bytes() == b"keep me"
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(CoprodError, match="is a folder"):
        ticket_files.write_pdf(found, holders, tmp_path / "folder.pdf")
    with pytest.raises(CoprodError, match=r"ending in \.pdf"):
        ticket_files.write_pdf(found, holders, tmp_path / "tickets")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coprod.db", "coprod.db-shm", "coprod.db-wal",
                                                         "folder.pdf", "tickets.pdf"]


def disk_full() -> bytes:
    raise OSError(28, "No space left on device")


def test_unwritable_places_leave_nothing_behind(store, event, people, tmp_path):
    found, holders = ticket_files.for_event(store, event.slug)
    blocker = tmp_path / "blocker"
    blocker.write_text("")  # a file where a folder would have to be: fails even for root
    with pytest.raises(CoprodError, match="Cannot write"):
        ticket_files.write_pdf(found, holders, blocker / "x" / "tickets.pdf")
    with pytest.raises(CoprodError, match="Cannot write"):
        ticket_files.write_images(found, holders, blocker / "images", "svg")
    made = tmp_path / "new"
    with pytest.raises(CoprodError, match="Cannot write"):
        ticket_files.write_file(made / "deeper" / "t.pdf", disk_full)
    assert not made.exists()  # the folders it made are gone again
    assert blocker.read_text() == ""


def test_a_failure_part_way_through_a_folder_leaves_no_partial_set(store, event, people, tmp_path,
                                                                   monkeypatch):
    found, holders = ticket_files.for_event(store, event.slug)
    calls = []

    def failing_png(code: str, **_) -> bytes:
        calls.append(code)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return b"png"

    monkeypatch.setattr(qr, "png_bytes", failing_png)
    folder = tmp_path / "out"
    with pytest.raises(CoprodError, match="No space left"):
        ticket_files.write_images(found, holders, folder, "png")
    assert not folder.exists()
    folder.mkdir()
    (folder / "someone-else.png").write_bytes(b"theirs")
    calls.clear()
    with pytest.raises(CoprodError):
        ticket_files.write_images(found, holders, folder, "png")
    assert [p.name for p in folder.iterdir()] == ["someone-else.png"]  # no staging left either


def test_no_confirmed_registrations_means_no_file(store, tmp_path):
    empty = events.add_event(store, "Quiet Day", kind="workshop", starts="4/12/2026 10:00")
    found, holders = ticket_files.for_event(store, empty.slug)
    with pytest.raises(CoprodError, match="no confirmed registrations"):
        ticket_files.write_pdf(found, holders, tmp_path / "t.pdf")
    assert not (tmp_path / "t.pdf").exists()

