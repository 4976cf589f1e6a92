"""Certificates of attendance, rendered with pdfium and read back: who gets one, what it says
(name, event, dates, hours, organiser), one PDF or a folder of them, and nothing else."""

from __future__ import annotations

import os
import stat

import pypdfium2 as pdfium
import pytest

from coprod_events.core import attendance, certificates, events, fonts
from coprod_events.core.errors import CoprodError
from coprod_events.core.pdf_fonts import NOT_COVERED as fonts_missing

from conftest import london, register, scan

AFTER = london("2027-02-10 12:00")


def pages(path) -> list[str]:
    return [" ".join(page.get_textpage().get_text_range().split()) for page in pdfium.PdfDocument(path)]


@pytest.fixture
def organised(store):
    certificates.save_organiser(store, name="Northbridge Co-production Centre",
                                contact="coproduction@northbridge.example",
                                signatory="Dr Ada Okafor, Director")


@pytest.fixture
def course(store):
    """Five weekly mornings, 10:00-12:00. Ann comes to four (late once, by half an hour), Ben to
    two, Dan to none."""
    event = events.add_event(store, "Co-production in Practice", kind="training", starts="6/1/2027 10:00",
                             ends="6/1/2027 12:00", repeat="FREQ=WEEKLY;COUNT=5")
    ann = register(store, event, "Ann Okafor", access=["bsl"], access_notes="Private note", consent=True,
                   dietary="Vegan, nut allergy")
    ben, _ = register(store, event, "Ben Carter"), register(store, event, "Dan Absent")
    for day, arrives in (("06", "09:50"), ("13", "09:55"), ("20", "10:30"), ("27", "09:45")):
        scan(store, event, ann.code, f"2027-01-{day} {arrives}")
    for day in ("06", "13"):
        scan(store, event, ben.code, f"2027-01-{day} 09:58")
    return event


def test_the_organiser_must_be_saved_first(store, course, tmp_path):
    with pytest.raises(CoprodError, match="coprod-events organiser --name"):
        certificates.write_certificates(store, course.id, tmp_path / "c.pdf", now=AFTER)
    assert not (tmp_path / "c.pdf").exists()


def test_eligible_people_get_a_certificate_saying_what_they_attended(store, course, organised, tmp_path):
    run = certificates.write_certificates(store, course.id, tmp_path / "c.pdf", now=AFTER)
    assert [c.name for c in run.printed] == ["Ann Okafor"]  # 4 of 5 is 80%; Ben's 2 is not
    [page] = pages(run.paths[0])
    for words in ("Certificate of attendance", "Ann Okafor", "Co-production in Practice",
                  "from 6 January 2027 to 3 February 2027", "4 of 5 sessions, 7.5 hours attended",
                  "Dr Ada Okafor, Director", "Northbridge Co-production Centre",
                  "coproduction@northbridge.example", "Issued"):
        assert words in page
    for health in ("BSL", "Private note", "Vegan", "allergy"):
        assert health not in page
    assert stat.S_IMODE(os.stat(run.paths[0]).st_mode) == 0o600


def test_all_attended_and_one_pdf_per_person_in_a_folder(store, course, organised, tmp_path):
    run = certificates.write_certificates(store, course.id, tmp_path / "certs", all_attended=True,
                                          now=AFTER)
    assert [(c.name, c.sessions_attended, c.hours) for c in run.printed] == [
        ("Ben Carter", 2, "4 hours"), ("Ann Okafor", 4, "7.5 hours")]  # by surname; Dan came to none
    assert [path.name for path in run.paths] == [f"carter-ben-{run.printed[0].registration_id}.pdf",
                                                 f"okafor-ann-{run.printed[1].registration_id}.pdf"]
    [ben] = pages(run.paths[0])
    assert "Ben Carter" in ben and "2 of 5 sessions, 4 hours attended" in ben
    assert sorted(os.listdir(tmp_path / "certs")) == sorted(p.name for p in run.paths)  # no staging left


def test_one_day_hours_and_names_in_other_scripts(store, organised, tmp_path, monkeypatch):
    event = events.add_event(store, "Peer support training", kind="training",
                             starts="3/12/2026 10:00", ends="3/12/2026 12:00")
    noor, bruce = register(store, event, "نور حداد"), register(store, event, "李小龍", email="li@example.org")
    scan(store, event, noor.code, "2026-12-03 09:50")
    scan(store, event, noor.code, "2026-12-03 11:00", direction="exit")
    scan(store, event, bruce.code, "2026-12-03 09:50")
    monkeypatch.setattr(fonts, "fallback_font_for", lambda text: None)
    run = certificates.write_certificates(store, event.id, tmp_path / "day.pdf",
                                          now=london("2026-12-03 13:00"))
    assert [c.name for c in run.printed] == ["نور حداد"]
    assert [(c.name, why) for c, why in run.not_printed] == [("李小龍", fonts_missing)]
    [page] = pages(run.paths[0])
    assert "on Thursday 3 December 2026" in page and "1 hour attended" in page and "sessions" not in page


def ids(store, event) -> list[int]:
    """Registration ids by name: Ann, Ben, Dan."""
    return [row.registration_id for row in attendance.attendance(store, event.id).series]


def test_one_persons_certificate_says_why_not_and_is_given_anyway_only_to_who_came(
        store, course, organised, tmp_path):
    ann, ben, dan = ids(store, course)
    midway = certificates.standing(store, ann, now=london("2027-01-21 12:00"))
    assert not midway.eligible and midway.why_not == "attended 3 of 5 sessions (3 held so far), needs 4"
    assert certificates.standing(store, ann, now=AFTER).eligible
    with pytest.raises(CoprodError, match="Ben Carter, who attended 2 of 5 sessions, needs 4"):
        certificates.write_one(store, ben, tmp_path / "ben.pdf", now=AFTER)
    with pytest.raises(CoprodError, match="Dan Absent, who has not attended any of 5 sessions"):
        certificates.write_one(store, dan, tmp_path / "dan.pdf", anyway=True, now=AFTER)
    run = certificates.write_one(store, ben, tmp_path / "ben.pdf", anyway=True, now=AFTER)
    [page] = pages(run.paths[0])
    assert "Ben Carter" in page and "2 of 5 sessions, 4 hours attended" in page
