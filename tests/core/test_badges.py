"""Name badges: what they show (and never show), their order, QR codes that scan, names that
fit, every script either printed right or reported, session filters and the two layouts.

Pages are rendered with pdfium, as a viewer would show them: the text layer is read back and
the QR codes are decoded from the page image."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from coprod_events.core import badge_codes, badges, catalogue, events, fonts, tickets
from coprod_events.core import registrations as reg
from coprod_events.core.errors import CoprodError, NotFound

DPI = 200
MM = 72 / 25.4  # PDF points in a millimetre
A6 = badges.LAYOUTS["a6"]
AVERY = badges.LAYOUTS["avery-l7418"]


TITLE = "Co-production Conference"


def conference(store, title=TITLE):
    return events.add_event(store, title, kind="conference", starts="3/12/2026 09:00",
                            ends="3/12/2026 17:00")


def register(store, event, name, **kw):
    kw.setdefault("email", re.sub(r"\W+", ".", name.lower()) + "@example.org")
    return reg.register(store, event.id, name, **kw).registration


@dataclasses.dataclass
class Page:
    text: str
    textpage: pdfium.PdfTextPage
    height: float  # points
    image: object  # PIL image at DPI


def read(path: Path) -> list[Page]:
    pdf = pdfium.PdfDocument(path)
    pages = []
    for page in pdf:
        textpage = page.get_textpage()
        pages.append(Page(textpage.get_text_range(), textpage, page.get_size()[1],
                          page.render(scale=DPI / 72).to_pil()))
    return pages


def write(store, event, tmp_path, layout="a6", **kw):
    run = badges.write_badges(store, event.id, tmp_path / f"{layout}.pdf", layout=layout, **kw)
    return run, read(run.path)


def decoded(page: Page, badge: badges.PrintedBadge, layout: badges.Layout) -> list[str]:
    """The QR codes that scan inside one badge's area of the rendered page."""
    px = DPI / 25.4
    box = (badge.x * px, badge.y * px, (badge.x + layout.badge[0]) * px,
           (badge.y + layout.badge[1]) * px)
    return [found.text for found in zxingcpp.read_barcodes(page.image.crop(tuple(map(round, box))))]


def char_boxes_mm(page: Page):
    """Each printed character with its box on the page: (char, left, top, right, bottom) in mm."""
    for i, char in enumerate(page.text):
        if not char.isspace():
            left, bottom, right, top = (value / MM for value in page.textpage.get_charbox(i))
            yield char, left, page.height / MM - top, right, page.height / MM - bottom


def assert_text_inside_badges(page: Page, printed: list[badges.PrintedBadge],
                              layout: badges.Layout) -> None:
    """Every character lies inside its badge's margins (give or take a glyph's overhang) and
    clear of the QR code and its quiet zone: nothing overflows, however long the name."""
    width, height = layout.badge
    for char, left, top, right, bottom in char_boxes_mm(page):
        x, y = (left + right) / 2, (top + bottom) / 2
        [badge] = [b for b in printed if b.x <= x <= b.x + width and b.y <= y <= b.y + height]
        inner_left, inner_top = badge.x + layout.padding - 1, badge.y + layout.padding - 1
        inner_right = badge.x + width - layout.padding + 0.2
        inner_bottom = badge.y + height - layout.padding + 1
        assert inner_left <= left and right <= inner_right, char
        assert inner_top <= top and bottom <= inner_bottom, char
        qr_with_quiet_zone = layout.qr_size * (1 + 4 / 25)
        qr_left = badge.x + width - layout.padding - qr_with_quiet_zone
        qr_top = badge.y + height - layout.padding - qr_with_quiet_zone
        assert right <= qr_left or bottom <= qr_top, char


def page_size_mm(page: Page) -> tuple[int, int]:
    width, height = page.image.size
    return round(width * 25.4 / DPI), round(height * 25.4 / DPI)


def live_code(store, registration_id):
    return tickets.live_ticket(store, registration_id).code


def badge_code(store, registration_id):
    return store.db["badge_codes"].get(registration_id)["code"]


# --- what a badge shows, and in what order ----------------------------------------------------

def test_badges_show_names_pronouns_and_organisation_in_surname_order(store, tmp_path):
    event = conference(store)
    register(store, event, "Ngozi Okonkwo-Adeyemi", pronouns="she/her",
             organisation="South London and Maudsley NHS Foundation Trust")
    register(store, event, "Samuel Adeyemi", preferred_name="Sam", organisation="Mind in Camden")
    register(store, event, "Łukasz Brzęczyszczykiewicz", pronouns="he/him")
    register(store, event, "Zoë Ćwik", preferred_name="Zo", pronouns="they/them")
    run, pages = write(store, event, tmp_path)
    order = ["Samuel Adeyemi", "Łukasz Brzęczyszczykiewicz", "Zoë Ćwik", "Ngozi Okonkwo-Adeyemi"]
    assert [badge.name for badge in run.printed] == order
    assert [badge.page for badge in run.printed] == [1, 2, 3, 4] and run.pages == 4
    assert run.not_rendered == ()
    sam, lukasz, zoe, ngozi = (page.text.splitlines() for page in pages)
    assert sam == [TITLE, "Sam", "Samuel Adeyemi", "Mind in Camden"]
    assert lukasz == [TITLE, "Łukasz", "Łukasz Brzęczyszczykiewicz", "he/him"]
    assert zoe == [TITLE, "Zo", "Zoë Ćwik", "they/them"]
    assert ngozi[:4] == [TITLE, "Ngozi", "Ngozi Okonkwo-Adeyemi", "she/her"]
    assert " ".join(ngozi[4:]) == "South London and Maudsley NHS Foundation Trust"


def test_a_one_word_name_is_printed_once(store, tmp_path):
    event = conference(store)
    register(store, event, "Madonna", organisation="Survivors Network")
    _, [page] = write(store, event, tmp_path)
    assert page.text.splitlines() == [TITLE, "Madonna", "Survivors Network"]


def test_badges_never_show_roles_access_needs_or_notes(store, tmp_path):
    event = conference(store)
    first = register(
        store, event, "Ada Okafor", pronouns="she/her", organisation="Mind in Camden",
        roles=[role.code for role in catalogue.ROLES], consent=True,
        access=[need.code for need in catalogue.ACCESS_NEEDS if need.detail_prompt is None]
        + [("large_print", "18pt"), ("language_interpreter", "Tigrinya"), ("allergy", "peanuts, severe")],
        access_notes="Arrives by ambulance transport", role_notes="Detained under section three",
        dietary="Lactose intolerant", payment_eligible=True)
    register(store, event, "Ben Carter", pa_for=first.id, roles=["peer_worker"])
    hidden = ([role.label for role in catalogue.ROLES] + [need.label for need in catalogue.ACCESS_NEEDS]
              + [catalogue.action_for(code, detail) for code, detail in first.access]
              + ["Tigrinya", "peanuts", "ambulance", "section three", "Lactose", "Supporting", "PA "])
    for layout in badges.LAYOUT_NAMES:
        _, pages = write(store, event, tmp_path, layout)
        text = "\n".join(page.text for page in pages)
        assert "Ada Okafor" in text and "Ben Carter" in text
        leaked = [word for word in hidden if re.search(rf"\b{re.escape(word)}", text, re.IGNORECASE)]
        assert leaked == [], layout
    # What a badge is built from cannot carry them at all.
    assert {field.name for field in dataclasses.fields(badges.BadgeHolder)} == {
        "registration_id", "name", "preferred_name", "pronouns", "organisation", "code"}


LONG_TITLE = ("Co-producing Change: the Annual Conference of the Centre for Co-production in "
              "Mental Health and Social Care, 2026")


@pytest.mark.parametrize("layout", [A6, AVERY], ids=lambda layout: layout.name)
@pytest.mark.parametrize("title", ["Peer Day", LONG_TITLE], ids=["short", "long"])
def test_every_badge_names_the_event_above_the_name_and_inside_the_badge(store, tmp_path, layout,
                                                                          title):
    event = conference(store, title)
    register(store, event, "Ngozi Okonkwo-Adeyemi", pronouns="she/her",
             organisation="South London and Maudsley NHS Foundation Trust")
    for name in ("Ann Lee", "Bo Ng", "Łukasz Brzęczyszczykiewicz"):
        register(store, event, name, preferred_name=name, pronouns="they/them")
    run, pages = write(store, event, tmp_path, layout.name)
    assert len(run.printed) == 4 and run.not_rendered == ()
    for number, page in enumerate(pages, 1):
        on_page = [b for b in run.printed if b.page == number]
        assert " ".join(page.text.split()).count(title) == len(on_page)
        assert_text_inside_badges(page, on_page, layout)
    # Above the name: on Ann's badge, the first letter printed is the title's, higher than
    # the last "A" printed (Ann's own).
    [ann] = [b for b in run.printed if b.name == "Ann Lee"]
    chars = [(char, top) for char, left, top, *_ in char_boxes_mm(pages[ann.page - 1])
             if ann.x <= left <= ann.x + layout.badge[0] and ann.y <= top <= ann.y + layout.badge[1]]
    assert chars[0][0] == title[0]
    assert chars[0][1] < [top for char, top in chars if char == "A"][-1]
    assert pdfium.PdfDocument(run.path).get_metadata_dict()["Title"] == f"Name badges: {title}"


def test_an_event_title_no_font_can_print_stops_the_run(store, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "fallback_font_for", lambda text: None)
    event = conference(store, "共同制作会议")
    register(store, event, "Ada Okafor")
    with pytest.raises(CoprodError, match="title .* cannot be printed on a badge .*Nothing was written"):
        badges.write_badges(store, event.id, tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()


# --- QR codes -------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", [A6, AVERY], ids=lambda layout: layout.name)
def test_each_badge_qr_scans_as_that_persons_badge_code_not_the_ticket(store, tmp_path, layout):
    event = conference(store)
    people = [register(store, event, name) for name in
              ("Ada Okafor", "Ben Carter", "Chidi Eze", "Dana Fox", "Efe Grant")]
    run, pages = write(store, event, tmp_path, layout.name)
    assert len(run.printed) == 5
    first = {person.id: badge_code(store, person.id) for person in people}
    for badge in run.printed:
        [text] = decoded(pages[badge.page - 1], badge, layout)
        assert text == badge_code(store, badge.registration_id)
        assert badge_codes.normalise(text) == text and tickets.normalise(text) is None
        assert text != live_code(store, badge.registration_id)
    # Printed again, a badge carries the same code (one per registration).
    again, pages = write(store, event, tmp_path, layout.name)
    assert decoded(pages[0], again.printed[0], layout) == [first[again.printed[0].registration_id]]
    # Big enough to scan from a lanyard: at least 18 mm across, quiet zone aside.
    assert layout.qr_size >= 18


# --- names that fit, in every script ---------------------------------------------------------

@pytest.mark.parametrize("layout", [A6, AVERY], ids=lambda layout: layout.name)
def test_a_long_name_shrinks_to_fit_the_badge(store, tmp_path, layout):
    event = conference(store)
    register(store, event, "Ngozi Okonkwo-Adeyemi", preferred_name="Ngozi Okonkwo-Adeyemi")
    register(store, event, "Łukasz Brzęczyszczykiewicz", preferred_name="Łukasz Brzęczyszczykiewicz",
             organisation="The Co-operative Alliance of Peer-Led Mental Health Support Networks")
    register(store, event, "Ann Lee", pronouns="she/her")
    run, pages = write(store, event, tmp_path, layout.name)
    sizes = {badge.name: badge.name_size for badge in run.printed}
    assert sizes["Ann Lee"] == layout.preferred.largest
    assert sizes["Ngozi Okonkwo-Adeyemi"] < layout.preferred.largest
    assert sizes["Łukasz Brzęczyszczykiewicz"] < sizes["Ngozi Okonkwo-Adeyemi"]
    for number, page in enumerate(pages, 1):
        assert_text_inside_badges(page, [b for b in run.printed if b.page == number], layout)
    lines = [line for page in pages for line in page.text.splitlines()]
    assert "Ngozi Okonkwo-Adeyemi" in lines and "Łukasz Brzęczyszczykiewicz" in lines


def test_accented_latin_greek_and_cyrillic_print_exactly(store, tmp_path):
    event = conference(store)
    names = ["Łukasz Brzęczyszczykiewicz", "Σωκράτης Παπαδόπουλος", "Дмитрий Иванов",
             "Siân Ó Dúlaing", "Nguyễn Thị Minh Khai"]
    for name in names:
        register(store, event, name, organisation="Πανεπιστήμιο Αθηνών")
    for layout in badges.LAYOUT_NAMES:
        run, pages = write(store, event, tmp_path, layout)
        text = "\n".join(page.text for page in pages)
        assert run.not_rendered == ()
        for name in names:
            assert name in text.splitlines()
        assert all(badge.font == "DejaVuSans-Bold.ttf" for badge in run.printed)


def test_a_combining_accent_prints_as_one_letter(store, tmp_path):
    event = conference(store)
    register(store, event, "Zoe\u0308 Ade")  # e + combining diaeresis
    run, [page] = write(store, event, tmp_path)
    assert "Zoë Ade" in page.text.splitlines() and run.not_rendered == ()


def test_a_cjk_name_prints_in_a_fontconfig_fallback_font(store, tmp_path, installed_font):
    installed_font("李小龍")
    event = conference(store)
    register(store, event, "Bruce Lee", preferred_name="李小龍", organisation="Hong Kong Peer Network")
    run, [page] = write(store, event, tmp_path)
    assert run.not_rendered == ()
    assert run.printed[0].font == "TestCJK.ttf"
    assert page.text.splitlines() == [TITLE, "李小龍", "Bruce Lee", "Hong Kong Peer Network"]


def test_a_name_no_installed_font_covers_is_reported_not_printed(store, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "fallback_font_for", lambda text: None)
    event = conference(store)
    bruce = register(store, event, "李小龍")
    register(store, event, "Ada Okafor", organisation="Mind in Camden")
    run, pages = write(store, event, tmp_path)
    assert [badge.name for badge in run.printed] == ["Ada Okafor"] and len(pages) == 1
    assert run.not_rendered == (badges.NotRendered(bruce.id, "李小龍", badges.NOT_COVERED),)
    message = badges.not_rendered_message(run.not_rendered)
    assert message.startswith("Could not render badges for: 李小龍 (registration")
    assert "script not covered by any installed font" in message
    assert "Install a font such as Noto Sans CJK, or print these by hand." in message
    assert "李" not in pages[0].text  # no blank or boxed badge either


def test_arabic_and_hebrew_print_shaped_or_are_reported(store, tmp_path, monkeypatch):
    event = conference(store)
    noor = register(store, event, "Noor Haddad", preferred_name="نور")
    shira = register(store, event, "Shira Levi", preferred_name="שירה")
    assert fonts.needs_shaping("نور") and fonts.needs_shaping("שירה") and not fonts.needs_shaping("Zoë")
    if fonts.shaping_available():
        run, pages = write(store, event, tmp_path)
        assert run.not_rendered == ()
        assert pages[0].text.splitlines()[1] == "نور" and pages[1].text.splitlines()[1] == "שירה"
    register(store, event, "Ada Okafor")
    monkeypatch.setattr(fonts, "shaping_available", lambda: False)
    run = badges.write_badges(store, event.id, tmp_path / "unshaped.pdf")
    assert [badge.name for badge in run.printed] == ["Ada Okafor"]
    assert [(item.registration_id, item.reason) for item in run.not_rendered] == [
        (noor.id, badges.NOT_SHAPED), (shira.id, badges.NOT_SHAPED)]
    assert "Install the uharfbuzz package" in badges.not_rendered_message(run.not_rendered)


# --- who gets a badge -------------------------------------------------------------------------

def test_only_confirmed_registrations_get_badges(store, tmp_path):
    event = events.add_event(store, "Small workshop", kind="workshop", starts="3/12/2026 10:00",
                             capacity=2)
    register(store, event, "Ada Okafor")
    cancelled = register(store, event, "Ben Carter")
    register(store, event, "Chidi Eze")
    waiting = register(store, event, "Dana Fox")
    assert waiting.status == "waitlisted"
    reg.cancel(store, cancelled.id)  # Chidi, first in the queue, takes Ben's place
    _, holders = badges.badge_holders(store, event.id)
    assert [h.name for h in holders] == ["Chidi Eze", "Ada Okafor"]


def test_session_filter(store, tmp_path):
    event = conference(store)
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 09:30")
    workshop = events.add_session(store, event.id, "Workshop A", starts="3/12/2026 11:00",
                                  capacity=1, booking_required=True)
    register(store, event, "Ada Okafor", sessions=[workshop.id])
    waiting = register(store, event, "Ben Carter", sessions=[workshop.id])
    assert waiting.bookings[0].status == "waitlisted"
    register(store, event, "Chidi Eze")
    booked, _ = write(store, event, tmp_path, session_id=workshop.id)
    assert [badge.name for badge in booked.printed] == ["Ada Okafor"]
    everyone, _ = write(store, event, tmp_path, session_id=plenary.id)
    assert [badge.name for badge in everyone.printed] == ["Ben Carter", "Chidi Eze", "Ada Okafor"]
    with pytest.raises(NotFound):
        badges.write_badges(store, event.id, tmp_path / "x.pdf", session_id=9999)
    events.cancel_session(store, event.id, plenary.id)
    with pytest.raises(CoprodError, match="cancelled"):
        badges.write_badges(store, event.id, tmp_path / "x.pdf", session_id=plenary.id)


# --- layouts and files ------------------------------------------------------------------------

def test_avery_l7418_puts_eight_badges_on_each_a4_sheet(store, tmp_path):
    event = conference(store)
    for i in range(10):
        register(store, event, f"Person {chr(ord('A') + i)}{'x' * i}", organisation="Mind")
    run, pages = write(store, event, tmp_path, "avery-l7418")
    assert run.pages == len(pages) == 2
    assert [badge.page for badge in run.printed] == [1] * 8 + [2] * 2
    assert [badge.position for badge in run.printed] == list(range(8)) + [0, 1]
    assert [(badge.x, badge.y) for badge in run.printed[:3]] == [(19, 38.5), (105, 38.5), (19, 93.5)]
    assert page_size_mm(pages[0]) == (210, 297)
    for badge in run.printed:  # every label's QR code sits within its own label
        assert decoded(pages[badge.page - 1], badge, AVERY) == [badge_code(store, badge.registration_id)]
    # The 2 x 4 block of 86 x 55 mm labels sits centred on the sheet.
    assert AVERY.origin[0] * 2 + AVERY.columns * AVERY.badge[0] == 210
    assert AVERY.origin[1] * 2 + AVERY.rows * AVERY.badge[1] == 297


def test_a6_is_one_landscape_badge_a_page(store, tmp_path):
    event = conference(store)
    register(store, event, "Ada Okafor")
    _, [page] = write(store, event, tmp_path)
    assert page_size_mm(page) == (148, 105)


def test_the_file_is_private_and_replaces_an_old_one(store, tmp_path):
    event = conference(store)
    register(store, event, "Ada Okafor")
    out = tmp_path / "badges.pdf"
    out.write_text("old")
    run = badges.write_badges(store, event.id, out)
    assert out.read_bytes().startswith(b"%PDF") and oct(out.stat().st_mode & 0o777) == "0o600"
    assert run.path == out
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("coprod.db")] == ["badges.pdf"]


def test_files_that_cannot_be_written_are_said_clearly(store, tmp_path):
    event = conference(store)
    register(store, event, "Ada Okafor")
    with pytest.raises(CoprodError, match="is a folder"):
        badges.write_badges(store, event.id, tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(CoprodError, match="Cannot write .*Nothing was written"):
        badges.write_badges(store, event.id, blocker / "badges.pdf")
    with pytest.raises(CoprodError, match="Unknown badge layout"):
        badges.write_badges(store, event.id, tmp_path / "b.pdf", layout="a4")
    with pytest.raises(NotFound):
        badges.write_badges(store, "no-such-event", tmp_path / "b.pdf")
    empty = conference(store, "Empty day")
    with pytest.raises(CoprodError, match="no confirmed registrations"):
        badges.write_badges(store, empty.id, tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()
    assert [p.name for p in blocker.parent.iterdir() if "badges" in p.name or p.suffix == ".part"] == []


# --- fonts --------------------------------------------------------------------------------------

def test_the_unicode_font_covers_european_scripts():
    regular, bold = fonts.unicode_font(), fonts.unicode_font_bold()
    assert regular.name == "DejaVuSans.ttf" and bold.name == "DejaVuSans-Bold.ttf"
    for font in (regular, bold):
        assert fonts.covers(font, "Łukasz Brzęczyszczykiewicz Σωκράτης Дмитрий Nguyễn")
        assert not fonts.covers(font, "李小龍")


def test_a_fallback_font_really_covers_the_text(installed_font):
    installed = installed_font("李小龍")
    assert fonts.fallback_font_for("李小龍") == installed and fonts.fallback_font_for("龍") == installed
    assert fonts.fallback_font_for("李小龍王") is None  # it lacks 王
    assert fonts.fallback_font_for("") is None
    assert fonts.fallback_font_for("\U000e0001\U0010fffd") is None  # no font has these
