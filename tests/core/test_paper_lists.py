"""The paper fallback: the door list and the sign-in registers, rendered with pdfium and read
back as a viewer would show them: who is on them, in what order, with which code and sessions,
what every page says, and that no notes or diet ever print."""

from __future__ import annotations

import os
import re
import stat

import pypdfium2 as pdfium
import pytest

from coprod_events.core import events, fonts, paper_lists, registrations, surnames
from coprod_events.core.errors import CoprodError
from tests.conftest import conference, register

NOTES = ("Interpreter on the left of the stage", "Speaks at the 14:00 panel", "Halal",
         "panic attacks in crowds")


def pages(path) -> list[str]:
    """Each page's text, its lines joined by newlines."""
    return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in pdfium.PdfDocument(path)]


@pytest.fixture
def day(store):
    """A conference with a workshop that needs booking and a plenary that does not; five people
    confirmed, one of them with staff actions, notes and a diet, and her PA; one cancelled."""
    event = conference(store, venue="Ash Court")
    plenary = events.add_session(store, event.id, "Opening plenary", starts="3/12/2026 09:30")
    workshop = events.add_session(store, event.id, "Workshop B: Peer support and crisis care",
                                  starts="3/12/2026 11:30", ends="3/12/2026 13:00", room="Studio 3",
                                  booking_required=True)
    people = {name: register(store, event, name, **details) for name, details in (
        ("Zoë Adams", {"sessions": [workshop.id]}),
        ("Anna van der Berg", {}),
        ("Aroha", {}),
        ("Ben Carter", {"access": [("other", "panic attacks in crowds")], "consent": True}),
        ("Łukasz Brzęczyszczykiewicz", {"sessions": [workshop.id]}),
        ("Cancelled Person", {}))}
    registrations.cancel(store, people["Cancelled Person"].registration.id)
    tomasz = register(store, event, "Tomasz Nowak", consent=True, sessions=[workshop.id],
                      access=["bsl", "wheelchair_space", "assisted_evacuation", ("large_print", "18pt")],
                      access_notes=NOTES[0], role_notes=NOTES[1], dietary=NOTES[2])
    register(store, event, "Lena Nowak", pa_for=tomasz.registration.id)
    return event, plenary, workshop, people, tomasz


def test_surname_rule():
    assert surnames.listed("Ada Okafor") == "Okafor, Ada"
    assert surnames.listed("Aroha") == "Aroha"
    assert surnames.listed("Anna van der Berg") == "van der Berg, Anna"
    assert surnames.listed("Maria de la Cruz") == "de la Cruz, Maria"
    assert surnames.listed("Siân Lloyd-Jones") == "Lloyd-Jones, Siân"
    assert surnames.listed("Okafor, Ada") == "Okafor, Ada"
    assert surnames.listed("Van Morrison") == "Morrison, Van"  # a capitalised given name is no particle
    names = ["Ćwik Ola", "Anna van der Berg", "Zoë Adams", "Ben Carter", "Aroha", "Ola Ćwik", "Ada Okafor"]
    assert sorted(names, key=surnames.sort_key) == [
        "Zoë Adams", "Aroha", "Anna van der Berg", "Ben Carter", "Ola Ćwik", "Ada Okafor", "Ćwik Ola"]


def test_door_list_everyone_confirmed_by_surname_with_code_and_sessions(store, day, tmp_path):
    event, _, _, people, tomasz = day
    run = paper_lists.write_door_list(store, event.slug, tmp_path / "door.pdf")
    door = " ".join(" ".join(text.split()) for text in pages(run.path) if "Door list:" in text)
    order = ["Adams, Zoë", "Aroha", "van der Berg, Anna", "Brzęczyszczykiewicz, Łukasz", "Carter, Ben",
             "Nowak, Lena", "Nowak, Tomasz"]
    assert [door.index(name) for name in order] == sorted(door.index(name) for name in order)
    assert "Cancelled" not in door
    assert run.people == len(order)
    for result in [*(people[n] for n in people if n != "Cancelled Person"), tomasz]:
        assert result.code[-6:] in door
        assert result.code not in door  # the last 6 characters only
    # A booked workshop by its short title, time and room; the plenary needs no booking.
    assert door.count("11:30–13:00 Workshop B · Studio 3") >= 2
    assert "Peer support" not in door and "Opening plenary" not in door


def test_staff_actions_on_pages_of_their_own_without_notes(store, day, tmp_path):
    event, *_ = day
    run = paper_lists.write_door_list(store, event.slug, tmp_path / "door.pdf")
    texts = pages(run.path)
    staff = [text for text in texts if "Staff actions:" in text]
    assert staff and all("Door list:" not in text for text in staff)
    assert texts.index(staff[0]) > max(i for i, text in enumerate(texts) if "Door list:" in text)
    actions = "\n".join(staff)
    for words in ("BSL interpreter in sightline", "Keep a wheelchair space",
                  "Assisted evacuation: tell the fire marshal", "Large-print materials: 18pt",
                  "Other adjustment: see notes"):
        assert words in actions
    assert "Nowak, Tomasz" in actions and "Carter, Ben" in actions
    assert "Adams" not in actions and "Nowak, Lena" not in actions  # no needs, not listed
    assert run.staff_actions == 2
    everything = "\n".join(texts)
    for note in NOTES:
        assert note not in everything


def test_every_page_names_the_event_its_day_and_its_number(store, tmp_path):
    event = conference(store, "Big Day", venue="Ash Court")
    for number in range(60):
        register(store, event, f"Person Number{number:02d}")
    run = paper_lists.write_door_list(store, event.id, tmp_path / "door.pdf")
    texts = pages(run.path)
    assert run.pages == len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert "Big Day" in text and "Thursday 3 December 2026" in text
        assert f"Page {number} of {len(texts)}" in text
    assert "No one coming has told us of an access need." in texts[-1]
    assert re.search(r"Number00 to Number\d\d Page 1", texts[0])  # the page's first and last surnames


def test_file_is_yours_alone_and_written_whole_or_not_at_all(store, tmp_path):
    event = conference(store)
    out = tmp_path / "door.pdf"
    with pytest.raises(CoprodError, match="no confirmed registrations"):
        paper_lists.write_door_list(store, event.id, out)
    assert not out.exists()
    register(store, event, "Ada Okafor")
    paper_lists.write_door_list(store, event.id, out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert [name for name in os.listdir(tmp_path) if name.endswith(".part")] == []
    with pytest.raises(CoprodError, match=r"\.pdf"):
        paper_lists.write_door_list(store, event.id, tmp_path / "door.txt")


def test_registers_a_session_each_with_names_and_boxes_only(store, day, tmp_path):
    event, plenary, workshop, people, tomasz = day
    run = paper_lists.write_registers(store, event.slug, tmp_path / "registers.pdf")
    assert [(sid, count) for sid, _, count in run.sessions] == [(plenary.id, 7), (workshop.id, 4)]
    texts = pages(run.path)
    assert run.pages == len(texts) == 2  # each from a new page
    opening, booked = texts
    assert "Sign-in register: Opening plenary" in opening and "Carter, Ben" in opening
    assert "Sign-in register: Workshop B" in booked and "Studio 3" in booked
    assert [name for name in ("Adams, Zoë", "Brzęczyszczykiewicz, Łukasz", "Nowak, Lena", "Nowak, Tomasz",
                              "Carter, Ben", "Aroha") if name in booked] == [
        "Adams, Zoë", "Brzęczyszczykiewicz, Łukasz", "Nowak, Lena", "Nowak, Tomasz"]  # booked, and her PA
    everything = "\n".join(texts)
    for result in people.values():
        assert result.code[-6:] not in everything
    for words in (*NOTES, "BSL"):
        assert words not in everything


def test_one_register_and_a_cancelled_session(store, day, tmp_path):
    event, plenary, workshop, *_ = day
    run = paper_lists.write_registers(store, event.id, tmp_path / "one.pdf", session_id=workshop.id)
    assert [title for _, title, _ in run.sessions] == [workshop.title]
    events.cancel_session(store, event.id, plenary.id)
    with pytest.raises(CoprodError, match="cancelled"):
        paper_lists.write_registers(store, event.id, tmp_path / "two.pdf", session_id=plenary.id)
    run = paper_lists.write_registers(store, event.id, tmp_path / "all.pdf")
    assert [sid for sid, *_ in run.sessions] == [workshop.id]


def test_names_in_any_script_and_one_no_font_has(store, tmp_path, monkeypatch, installed_font, caplog):
    event = conference(store)
    for name in ("شيرين حداد", "Ελένη Παπαδοπούλου", "Bruce Lee"):
        register(store, event, name)
    installed_font("李小龍")
    register(store, event, "李小龍", email="bruce.li@example.org")
    run = paper_lists.write_door_list(store, event.id, tmp_path / "door.pdf")
    text = pages(run.path)[0]
    assert "Παπαδοπούλου, Ελένη" in text and "李小龍" in text and run.unprintable == ()
    assert "حداد" in text or "ﺣﺪاد" in text or len(re.findall("[\u0600-\u06ff\ufe70-\ufeff]", text)) >= 8

    monkeypatch.setattr(fonts, "fallback_font_for", lambda text: None)
    no_font = register(store, event, "王秀英", email="wang@example.org")
    run = paper_lists.write_door_list(store, event.id, tmp_path / "again.pdf")
    text = pages(run.path)[0]
    assert set(run.unprintable) == {"王秀英", "李小龍"} and "王" not in text and "李" not in text
    assert paper_lists.UNPRINTABLE in text and no_font.code[-6:] in text
    assert "missing" not in caplog.text  # no line was printed in a font without its letters
