"""Badge codes (issue 12 part 6): a badge's QR lets its person back in once their ticket admitted
them at the door that day; never a first admission, never at a kiosk. (That the badges PDF's QR
decodes to the badge code is in test_badges.py.)"""

from __future__ import annotations

import pytest

from coprod_events.core import badge_codes, checkin, tickets

from conftest import conference, register, scan


@pytest.fixture
def ada(store):
    """Ada at the conference, with her ticket code and badge code; a workshop at 14:00."""
    from coprod_events.core import events

    event = conference(store)
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", room="Room 2")
    person = register(store, event, "Ada Lovelace", access=["bsl"], consent=True)
    badge = badge_codes.issue_for(store, [person.registration.id])[person.registration.id]
    return event, workshop, person.code, badge


def test_a_badge_code_has_its_own_shape():
    code = badge_codes.new_code()
    assert len(code) == 22 and code.startswith("BD")
    assert tickets.normalise(code) is None and badge_codes.normalise(tickets.new_code()) is None
    # As a person or scanner may type it: grouped, lower case, look-alikes.
    assert badge_codes.normalise(badge_codes.grouped(code).lower()) == code
    assert badge_codes.normalise("BD" + "O" * 20) == "BD" + "0" * 20


def test_a_badge_never_admits_first_not_even_forced(store, ada):
    event, _, _, badge = ada
    verdict = scan(store, event, badge, "2026-12-03 09:10", station="Desk A")
    assert (verdict.admitted, verdict.reason, verdict.name) == (False, "badge_not_ticket", "Ada Lovelace")
    assert "name badge, not a ticket" in verdict.message and "Scan the ticket" in verdict.message
    assert not verdict.forceable
    forced = scan(store, event, badge, "2026-12-03 09:11", station="Desk A", force=True)
    assert (forced.admitted, forced.forced) == (False, False)
    assert checkin.replay(store, verdict.checkin_id).message == verdict.message


def test_a_badge_lets_its_person_back_in_and_into_a_session_after_the_door(store, ada):
    event, workshop, ticket, badge = ada
    assert not scan(store, event, badge, "2026-12-03 14:00", session_id=workshop.id).admitted
    assert scan(store, event, ticket, "2026-12-03 09:10").admitted
    assert scan(store, event, badge, "2026-12-03 09:12").reason == "already_checked_in"
    assert scan(store, event, badge, "2026-12-03 12:00", direction="exit").admitted
    back = scan(store, event, badge, "2026-12-03 13:00", station="Desk B")
    assert (back.admitted, back.reason) == (True, "ok")
    assert scan(store, event, badge, "2026-12-03 14:00", session_id=workshop.id).admitted
    # The next day starts again: the ticket first.
    assert scan(store, event, badge, "2026-12-04 09:10").reason == "badge_not_ticket"


def test_a_badge_never_works_at_a_kiosk(store, ada):
    event, _, ticket, badge = ada
    kiosk = checkin.kiosk_station("Hall")
    assert scan(store, event, badge, "2026-12-03 09:10", station=kiosk).reason == "badge_not_ticket"
    assert scan(store, event, ticket, "2026-12-03 09:11", station=kiosk).admitted
    scan(store, event, ticket, "2026-12-03 12:00", direction="exit", station="Desk A")
    # Admitted today, out, and back: still not at a kiosk (the desk takes it, the kiosk won't).
    assert scan(store, event, badge, "2026-12-03 13:00", station=kiosk).reason == "badge_not_ticket"
    assert scan(store, event, badge, "2026-12-03 13:01", station="Desk A").admitted


def test_an_undone_admission_does_not_count_for_a_badge(store, ada):
    event, _, ticket, badge = ada
    first = scan(store, event, ticket, "2026-12-03 09:10")
    checkin.undo(store, first.checkin_id)
    assert scan(store, event, badge, "2026-12-03 09:20").reason == "badge_not_ticket"


def test_badges_already_printed_with_the_ticket_code_still_admit(store, ada):
    event, _, ticket, _ = ada
    assert scan(store, event, ticket, "2026-12-03 09:10", station="Desk A").admitted


def test_the_scan_catcher_and_the_camera_know_a_badge_code(store, ada):
    from coprod_events.core import camera
    from coprod_events.tui import scan_catcher

    event, _, ticket, badge = ada
    typed = badge_codes.grouped(badge).lower()  # a scanner with Caps Lock on
    assert scan_catcher.our_code(typed) == badge and scan_catcher.our_code(ticket) == ticket
    assert scan_catcher.whose(store, badge) == scan_catcher.Holder(event.id, event.title, "Ada Lovelace")
    assert camera.is_ticket_shaped(badge) and not camera.is_ticket_shaped("https://example.org")
