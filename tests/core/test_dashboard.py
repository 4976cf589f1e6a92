"""The dashboard's snapshot of a day: arrivals per quarter hour, each session's check-ins against
those expected, on site now, and who has not come (names and code ends; no needs or notes)."""

from __future__ import annotations

import pytest

from coprod_events.core import checkin, dashboard, events, registrations
from coprod_events.core.data import checkins as checkins_data

from conftest import conference, london, register, scan


@pytest.fixture
def day(store):
    """Thu 3 Dec: a plenary at 09:30 (open) and a workshop at 11:00 that needs booking. Ada
    (booked, with access needs and a PA) comes early; Bo comes and goes home; Cy goes straight
    into the plenary; Sam, Ada's PA, is let in by mistake and undone; Eve cancelled."""
    event = conference(store)
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 09:30",
                                 ends="3/12/2026 10:30")
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 11:00",
                                  ends="3/12/2026 12:30", booking_required=True)
    ada = register(store, event, "Ada Okafor", consent=True, sessions=[workshop.id],
                   access=["bsl", "wheelchair_space"], access_notes="Interpreter on the left",
                   dietary="No mushrooms")
    sam = register(store, event, "Sam Reid", pa_for=ada.registration.id)
    bo, cy = register(store, event, "Bo Ng"), register(store, event, "Cy Adams")
    registrations.cancel(store, register(store, event, "Eve Gone").registration.id)

    scan(store, event, ada.code, "2026-12-03 09:05")
    scan(store, event, bo.code, "2026-12-03 09:20")
    scan(store, event, cy.code, "2026-12-03 09:40", session_id=plenary.id)
    wrong = scan(store, event, sam.code, "2026-12-03 09:41")
    checkin.undo(store, wrong.checkin_id)
    scan(store, event, "NOT-A-CODE", "2026-12-03 09:42")
    scan(store, event, bo.code, "2026-12-03 10:00", direction="exit")
    scan(store, event, ada.code, "2026-12-03 10:58", session_id=workshop.id)
    scan(store, event, ada.code, "2026-12-03 12:00", session_id=workshop.id, direction="exit")
    return event, plenary, workshop, sam, bo.code


def test_the_days_numbers(store, day):
    event, plenary, workshop, sam, _ = day
    snap = dashboard.snapshot(store, event.id, at=london("2026-12-03 12:10"))

    assert (snap.expected, snap.arrived, snap.on_site, snap.left) == (4, 3, 2, 1)
    assert [(line.session.title, line.checked_in, line.expected) for line in snap.sessions] == [
        ("Plenary", 1, 4), ("Workshop", 1, 2)]  # the workshop expects Ada and her PA
    # Sam's check-in was undone: still expected, with the end of the code on his ticket.
    assert snap.still_expected_count == 1
    assert [(p.name, p.code) for p in snap.still_expected] == [("Sam Reid", sam.code[-6:])]
    # From an hour before the plenary to now, a quarter hour a bar; first arrivals only.
    assert snap.arrivals[0] == ("08:30", 0) and snap.arrivals[-1] == ("12:00", 0)
    assert [(t, n) for t, n in snap.arrivals if n] == [("09:00", 1), ("09:15", 1), ("09:30", 1)]
    assert (snap.day.isoformat(), snap.now) == ("2026-12-03", "12:10")
    # Nothing about anyone's needs, notes or diet travels with it.
    for private in ("Interpreter", "mushrooms", "bsl", "wheelchair"):
        assert private not in repr(snap)


def test_on_site_is_the_roll_calls_rule(store, day):
    """The dashboard counts on site in SQL; the fire roll call walks the log: they agree, as
    people come and go (leaving a room is not leaving the building)."""
    event = day[0]
    local_day = "2026-12-03"
    on_site = dashboard.snapshot(store, event.id, at=london("2026-12-03 12:10")).on_site
    assert on_site == len(checkins_data.on_site_today(store, event.id, local_day)) == 2
    scan(store, event, day[4], "2026-12-03 12:05")  # Bo is back
    snap = dashboard.snapshot(store, event.id, at=london("2026-12-03 12:10"))
    assert (snap.arrived, snap.on_site, snap.left) == (3, 3, 0)
    assert snap.on_site == len(checkins_data.on_site_today(store, event.id, local_day))


def test_an_event_with_no_check_ins_yet(store):
    event = conference(store)
    register(store, event, "Ada Okafor")
    snap = dashboard.snapshot(store, event.id, at=london("2026-12-03 07:30"))
    assert (snap.expected, snap.arrived, snap.on_site, snap.still_expected_count) == (1, 0, 0, 1)
    assert snap.sessions == ()
    # The event's own hours stand for its sessions: an empty axis from an hour before it opens.
    assert snap.arrivals == (("08:00", 0),)
    before_the_day = dashboard.snapshot(store, event.id, at=london("2026-12-01 10:00"))
    assert before_the_day.arrivals == () and before_the_day.still_expected_count == 1


def test_a_watch_kept_between_refreshes_reads_what_a_fresh_read_does(store, day):
    """The screen keeps one Watch: after each change (a scan, an undo, a walk-in, a paper
    entry typed in later) its snapshot is the one read afresh."""
    event, _, workshop, sam, bo_code = day
    at = london("2026-12-03 12:10")
    watch = dashboard.Watch(event.id)

    def same() -> dashboard.Dashboard:
        kept = watch.snapshot(store, at)
        assert kept == dashboard.snapshot(store, event.id, at=at)
        return kept

    assert same().arrived == 3
    scan(store, event, sam.code, "2026-12-03 12:01", session_id=workshop.id)
    assert (same().arrived, same().sessions[1].checked_in) == (4, 2)
    checkin.undo(store, checkin.last_checkin(store, event.id))
    assert same().arrived == 3
    walk_in = register(store, event, "Wil Walker")
    scan(store, event, walk_in.code, "2026-12-03 12:02")
    assert (same().expected, same().arrived) == (5, 4)
    scan(store, event, bo_code, "2026-12-03 08:40")  # Bo's paper entry: earlier than his scan
    assert dict(same().arrivals)["08:30"] == 1 and dict(same().arrivals)["09:15"] == 0
