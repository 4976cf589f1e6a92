"""Snapshots of the main screens and of every verdict colour, on a fixed database and clock.

The database is small and hand-made; ticket codes come from a seeded generator and the core's
clock ticks from a fixed start, so every run draws the same screens. Regenerate with
`pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs before committing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from coprod_events.core import checkin, events, registrations
from coprod_events.tui.app import CoprodApp

from conftest import burst, five_staff_actions, london
from conftest import settle as finish_work

NOW = london("2026-12-03 10:30")  # the morning of the conference, before the workshops
SIZE = (100, 30)
NOT_A_TICKET = "7K3MAQ9Z2B4C6D8EFGHJ0KMNPQ"  # a well-formed code that was never issued


@dataclass(frozen=True)
class World:
    conference: events.Event
    training: events.Event
    workshop_a: events.Session
    codes: dict[str, str]  # first name -> ticket code at the conference ("jo": the training)
    registrations: dict[str, int]


@pytest.fixture
def world(store, frozen) -> World:
    """A conference today (plenary, a full booked workshop, an open one), a 3-week course
    two weeks in, and a past workshop; about ten people, a PA, one waiting, one cancelled."""

    past = events.add_event(store, "Autumn Listening Event", kind="workshop", venue="Community Hub",
                            starts="15/10/2026 10:00", ends="15/10/2026 13:00")
    training = events.add_event(store, "Peer Support Foundations", kind="training", capacity=12,
                                starts="19/11/2026 14:00", ends="19/11/2026 16:30",
                                repeat="FREQ=WEEKLY;COUNT=3", venue="Learning Centre, Room 4")
    conference = events.add_event(store, "Co-producing Change 2026", kind="conference", capacity=7,
                                  starts="3/12/2026 09:30", ends="3/12/2026 16:30",
                                  venue="Ash Court Building")
    events.add_session(store, conference.id, "Plenary: Why co-production?", room="Great Hall",
                       starts="3/12/2026 09:30", ends="3/12/2026 11:00")
    workshop_a = events.add_session(store, conference.id, "Workshop A: Peer support in practice",
                                    room="Room 2", capacity=3, booking_required=True,
                                    starts="3/12/2026 11:15", ends="3/12/2026 12:45")
    events.add_session(store, conference.id, "Workshop B: Carers as partners", room="Room 3",
                       starts="3/12/2026 14:00", ends="3/12/2026 15:30")

    codes: dict[str, str] = {}
    regs: dict[str, int] = {}

    def register(key: str, name: str, event: events.Event = conference, **details) -> None:
        email = details.pop("email", f"{name.lower().replace(' ', '.')}@example.org")
        result = registrations.register(store, event.id, name, email=email, **details)
        codes[key], regs[key] = result.code, result.registration.id

    # Iris cancels before the conference fills up, so nobody is promoted in her place.
    register("iris", "Iris Patel", roles=["community"])
    registrations.cancel(store, regs["iris"])
    register("ada", "Ada Okafor", pronouns="she/her", roles=["expert_by_experience", "speaker"],
             access=["bsl", "seat_front_aisle"], access_notes="Interpreter on the left of the stage",
             consent=True, sessions=[workshop_a.id], payment_eligible=True, phone="07700 900123",
             organisation="Mind in Hackney")
    register("sam", "Sam Reid", pa_for=regs["ada"])
    register("bo", "Bo Ng", roles=["carer"], sessions=[workshop_a.id])
    register("chidi", "Chidi Mensah", pronouns="he/him", roles=["peer_worker"], consent=True,
             access=["wheelchair_space", "assisted_evacuation", ("large_print", "18pt")],
             sessions=[workshop_a.id])  # Workshop A is now full
    register("dana", "Dana Kowalski", roles=["professional"])
    register("eli", "Eli Hart", pronouns="they/them", roles=["student"],
             sessions=[workshop_a.id])  # waits for a place in Workshop A
    register("farah", "Farah Begum", roles=["community", "carer"], access=["diet_halal"], consent=True)
    register("grace", "Grace Liu", roles=["academic", "lived_experience_researcher"])
    register("harry", "Harry Jones", roles=["expert_by_experience"])  # the event is full: waiting
    assert registrations.get_registration(store, regs["harry"]).status == "waitlisted"

    register("jo", "Jo Taylor", event=training, roles=["peer_worker"])
    registrations.register(store, training.id, "Ada Okafor", email="ada.okafor@example.org",
                           roles=["expert_by_experience"])
    registrations.register(store, training.id, "Kemi Adeyemi", email="kemi.adeyemi@example.org",
                           roles=["peer_worker", "student"])
    listening = registrations.register(store, past.id, "Grace Liu", email="grace.liu@example.org")

    # Logged in time order, as a desk logs them (the desk lists them in the order logged).
    checkin.check_in(store, past.id, listening.code, at=london("2026-10-15 09:48"), station="Hub reception")
    checkin.check_in(store, training.id, codes["jo"], at=london("2026-11-19 13:52"), station="Training room")
    checkin.check_in(store, training.id, codes["jo"], at=london("2026-11-26 13:58"), station="Training room")
    for key, at, station in (("dana", "09:05", "Side door"), ("bo", "09:12", "Front desk"),
                             (None, "09:16", "Front desk"), ("chidi", "09:20", "Side door")):
        checkin.check_in(store, conference.id, codes[key] if key else "HELLO",
                         at=london(f"2026-12-03 {at}"), station=station)
    assert NOT_A_TICKET not in codes.values()
    return World(conference, training, workshop_a, codes, regs)


def app_for(store, event: events.Event | None = None, **options) -> CoprodApp:
    return CoprodApp(store, clock=lambda: NOW, event=event.id if event else None, **options)


def desk(store, event: events.Event, **options) -> CoprodApp:
    return app_for(store, event, desk=True, station=options.pop("station", "Front desk"), **options)


async def settle(pilot: Pilot) -> None:
    """Let the app finish its database work and stop every cursor blinking, so the picture is
    the same each run."""
    await finish_work(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def scanning(*codes: str, then: tuple[str, ...] = ()):
    """run_before: a scanner types each code in a burst with Enter; then the given keys."""
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for code in codes:
            await burst(pilot, code, "enter")
        if then:
            await pilot.press(*then)
        await settle(pilot)
    return run


# Screens --------------------------------------------------------------------------------------


def test_events_home(snap_compare, store, world):
    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=settle)


def test_event_registrations(snap_compare, store, world):
    assert snap_compare(app_for(store, world.conference), terminal_size=SIZE, run_before=settle)


def test_event_waiting_list(snap_compare, store, world):
    async def run(pilot: Pilot) -> None:
        await pilot.press("2")
        await settle(pilot)
    assert snap_compare(app_for(store, world.conference), terminal_size=SIZE, run_before=run)


def test_event_sessions(snap_compare, store, world):
    async def run(pilot: Pilot) -> None:
        await pilot.press("3")
        await settle(pilot)
    assert snap_compare(app_for(store, world.conference), terminal_size=SIZE, run_before=run)


def test_event_summary_80x24(snap_compare, store, world):
    """Counts only: Workshop A's room is too small once Ada's PA goes with her."""
    async def run(pilot: Pilot) -> None:
        await pilot.press("4")
        await settle(pilot)
    assert snap_compare(app_for(store, world.conference), terminal_size=(80, 24), run_before=run)


def test_registration_form_with_ticket(snap_compare, store, world):
    async def run(pilot: Pilot) -> None:
        pilot.app.open_registration(world.conference.id, world.registrations["ada"])
        await settle(pilot)
    assert snap_compare(app_for(store, world.conference), terminal_size=SIZE, run_before=run)


def test_registration_form_new(snap_compare, store, world):
    """A new registration at 100x30: one row a field, so the person, every role and consent show."""
    async def run(pilot: Pilot) -> None:
        pilot.app.open_registration(world.conference.id)
        await settle(pilot)
    assert snap_compare(app_for(store, world.conference), terminal_size=SIZE, run_before=run)


def test_event_form_field_errors(snap_compare, store, world):
    async def run(pilot: Pilot) -> None:
        await pilot.press("n")
        await settle(pilot)
        form = pilot.app.screen
        for name, value in (("title", "Spring Gathering 2027"), ("starts", "31/2/2027 10:00"),
                            ("capacity", "40"), ("venue", "Ash Court Building")):
            form.query_one(f"#{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=run)


def test_dashboard(snap_compare, store, world):
    """Opened from the event (d) at 10:30: four arrivals before the plenary, who is still
    expected, and the day's three sessions."""
    async def run(pilot: Pilot) -> None:
        await pilot.press("d")
        await settle(pilot)
    assert snap_compare(app_for(store, world.conference), terminal_size=SIZE, run_before=run)


def test_help(snap_compare, store, world):
    async def run(pilot: Pilot) -> None:
        await settle(pilot)  # the events are listed, so the keys for the one highlighted apply
        await pilot.press("f1")
        await settle(pilot)
    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=run)


# The check-in desk ----------------------------------------------------------------------------


def test_desk_idle(snap_compare, store, world):
    assert snap_compare(desk(store, world.conference), terminal_size=SIZE, run_before=settle)


def test_desk_admitted_green(snap_compare, store, world):
    assert snap_compare(desk(store, world.conference), terminal_size=SIZE,
                        run_before=scanning(world.codes["ada"]))


def test_desk_already_checked_in_amber(snap_compare, store, world):
    assert snap_compare(desk(store, world.conference), terminal_size=SIZE,
                        run_before=scanning(world.codes["bo"]))


def test_desk_outside_window_amber(snap_compare, store, world):
    """The course's desk at 10:30: today's session starts at 14:00, check-in opens at 13:00."""
    assert snap_compare(desk(store, world.training, station="Training room"), terminal_size=SIZE,
                        run_before=scanning(world.codes["jo"]))


def test_desk_not_booked_amber(snap_compare, store, world):
    """Workshop A's door: Eli is only on its waiting list."""
    app = desk(store, world.conference, session_id=world.workshop_a.id, station="Room 2")
    assert snap_compare(app, terminal_size=SIZE, run_before=scanning(world.codes["eli"]))


def test_desk_unknown_code_red(snap_compare, store, world):
    assert snap_compare(desk(store, world.conference), terminal_size=SIZE,
                        run_before=scanning(NOT_A_TICKET))


def test_desk_waitlisted_red(snap_compare, store, world):
    assert snap_compare(desk(store, world.conference), terminal_size=SIZE,
                        run_before=scanning(world.codes["harry"]))


def test_desk_cancelled_red(snap_compare, store, world):
    assert snap_compare(desk(store, world.conference), terminal_size=SIZE,
                        run_before=scanning(world.codes["iris"]))


def test_desk_forced_admission(snap_compare, store, world):
    """Harry is waiting; staff press F4 and say why: admitted, marked as an override, and the
    live list says why."""
    async def run(pilot: Pilot) -> None:
        await scanning(world.codes["harry"], then=("f4",))(pilot)
        pilot.app.screen.query_one("#override-reason", Input).value = "Speaker's guest"
        await pilot.press("enter")
        await finish_work(pilot)

    assert snap_compare(desk(store, world.conference), terminal_size=SIZE, run_before=run)


def test_desk_find_by_name(snap_compare, store, world):
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await burst(pilot, "har")
        await settle(pilot)
    assert snap_compare(desk(store, world.conference), terminal_size=SIZE, run_before=run)



# The desk at every size: a verdict that fits -------------------------------------------------


@dataclass(frozen=True)
class OpenDay:
    event: events.Event
    codes: dict[str, str]


@pytest.fixture
def open_day(store, frozen) -> OpenDay:
    """An open day this morning with a talk, Tomasz (four access needs, a PA, notes: five staff
    actions), and a log that mixes the door and the talk, an exit and an undone check-in."""
    event = events.add_event(store, "Open Day 2026", kind="conference", venue="Ash Court Building",
                             starts="3/12/2026 09:30", ends="3/12/2026 16:30")
    talk = events.add_session(store, event.id, "Easy Read: how we write together", room="Room 3",
                              starts="3/12/2026 10:00", ends="3/12/2026 11:00")
    codes = {"tomasz": five_staff_actions(store, event).code}
    for name in ("Bo Ng", "Farah Begum", "Dana Kowalski"):
        codes[name.split()[0].lower()] = registrations.register(
            store, event.id, name, email=f"{name.lower().replace(' ', '.')}@example.org").code
    logged = {}
    for key, at, options in (("farah", "09:40", {}), ("dana", "09:50", {}),
                             ("bo", "10:05", {"session_id": talk.id, "station": "Room 3"}),
                             ("farah", "10:10", {"direction": "exit"})):
        verdict = checkin.check_in(store, event.id, codes[key], at=london(f"2026-12-03 {at}"),
                                   **{"station": "Front desk"} | options)
        assert verdict.admitted
        logged[key] = verdict.checkin_id
    checkin.undo(store, logged["dana"])  # scanned by mistake
    return OpenDay(event, codes)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 45)], ids=["80x24", "100x30", "160x45"])
def test_desk_five_staff_actions_and_notes(snap_compare, store, open_day, size):
    """Every action and every revealed note on screen at each size; the name in block letters
    where the height allows; the recent list has what is left."""
    assert snap_compare(desk(store, open_day.event), terminal_size=size,
                        run_before=scanning(open_day.codes["tomasz"], then=("f7",)))


def test_desk_exit_mode(snap_compare, store, open_day):
    """F5, then Bo checks out at 80x24: the mode across the panel, in its own colour, and an
    exit that is not an admission's green tick."""
    async def run(pilot: Pilot) -> None:
        await scanning(open_day.codes["bo"], then=("f5",))(pilot)
        await scanning(open_day.codes["bo"])(pilot)
    assert snap_compare(desk(store, open_day.event), terminal_size=(80, 24), run_before=run)
