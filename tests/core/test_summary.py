"""The before-the-event summary: counts of people, sessions, diets and access needs, and room
capacity warnings; no names and no words people wrote."""

from __future__ import annotations

import pytest

from coprod_events.core import events, summary
from coprod_events.core import registrations as reg

from conftest import register


@pytest.fixture
def planned(store):
    """A conference for 3 with a 2-place workshop (and a queue for it) and a plenary in a room
    of 4: Tomasz and his PA, two vegetarians, one person's own dietary note."""
    event = events.add_event(store, "Conference", kind="conference", starts="3/12/2026 09:00",
                             ends="3/12/2026 17:00", capacity=3)
    plenary = events.add_session(store, event.id, "Plenary", starts="3/12/2026 10:00",
                                 ends="3/12/2026 11:00", capacity=4)
    workshop = events.add_session(store, event.id, "Workshop", starts="3/12/2026 14:00",
                                  ends="3/12/2026 15:00", capacity=2, booking_required=True)
    tomasz = register(store, event, "Tomasz Nowak", consent=True, sessions=[workshop.id],
                      access=["bsl", "wheelchair_space", "diet_halal"],
                      access_notes="Interpreter on the left", dietary="No mushrooms please")
    register(store, event, "Lena Nowak", pa_for=tomasz.registration.id)
    register(store, event, "Ann Veg", consent=True, sessions=[workshop.id],
             access=["diet_vegetarian", "bsl"])
    register(store, event, "Ben Veg", consent=True, sessions=[workshop.id], access=["diet_vegetarian"])
    register(store, event, "Cat Waiting")
    gone = register(store, event, "Dan Gone")  # waitlisted, then cancelled
    reg.cancel(store, gone.registration.id)
    return event, plenary, workshop


def test_headcount_sessions_catering_and_access(store, planned):
    event, plenary, workshop = planned
    result = summary.summary(store, event.id)
    heads = result.headcount
    assert (heads.confirmed, heads.pas, heads.waitlisted, heads.cancelled) == (3, 1, 1, 1)
    lines = {line.session.id: (line.places_taken, line.people, line.waiting) for line in result.sessions}
    assert lines == {plenary.id: (0, 4, 0), workshop.id: (2, 3, 1)}
    assert result.catering.people == 4  # the PA eats too
    assert [(c.label, c.count) for c in result.catering.diets] == [("Vegetarian", 2), ("Halal", 1)]
    assert result.catering.own_notes == 1
    assert [(c.code, c.count) for c in result.access] == [("bsl", 2), ("wheelchair_space", 1)]
    assert result.access[0].action == "BSL interpreter in sightline"


def test_room_capacity_warnings(store, planned):
    event, plenary, workshop = planned
    assert summary.summary(store, event.id).warnings == (
        "Workshop: with PAs, 3 people for a room of 2.",)
    # capacities lowered after people booked: nobody is moved, so the summary must say so
    for session, capacity in ((plenary, 3), (workshop, 1)):
        events.update_session(store, event.id, session.id, title=session.title, starts=session.starts_at,
                              ends=session.ends_at, capacity=capacity,
                              booking_required=session.booking_required)
    events.update_event(store, event.id, title=event.title, capacity=2)
    assert summary.summary(store, event.id).warnings == (
        "The event has 3 places taken for a capacity of 2.",
        "Plenary: everyone is expected: 4 people for a room of 3.",
        "Workshop: 2 booked for a capacity of 1.",
    )
