"""Before the event: who is coming, what to cater for, what to arrange, and where rooms are
too small. Counts only: no names and no free text, so it can go to anyone organising."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import NEEDS_BY_CODE
from .data import summary as data
from .data.summary import Headcount
from .events import Event, Session, get_event, list_sessions
from .store import Store

FOOD = "Food"  # the catalogue's group of dietary needs: they go to catering, not access


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int
    action: str  # what staff arrange, e.g. "BSL interpreter in sightline"


@dataclass(frozen=True)
class SessionLine:
    session: Session
    places_taken: int
    people: int  # in the room, PAs included
    waiting: int


@dataclass(frozen=True)
class Catering:
    people: int  # everyone confirmed eats: PAs included
    diets: tuple[Count, ...]
    own_notes: int  # dietary notes in people's words: the catering export has them


@dataclass(frozen=True)
class Summary:
    event: Event
    headcount: Headcount
    sessions: tuple[SessionLine, ...]
    catering: Catering
    access: tuple[Count, ...]
    warnings: tuple[str, ...]


def _count(code: str, count: int) -> Count:
    need = NEEDS_BY_CODE.get(code)
    label = need.label if need else code
    action = need.action.replace(": {detail}", "").replace("{detail}", "") if need else ""
    return Count(code, label, count, action)


def _warnings(event: Event, heads: Headcount, sessions: list[SessionLine]) -> list[str]:
    found = []
    if event.capacity is not None and heads.confirmed > event.capacity:
        found.append(f"The event has {heads.confirmed} places taken for a capacity of {event.capacity}.")
    for line in sessions:
        s, cap = line.session, line.session.capacity
        if cap is None:
            continue
        if line.places_taken > cap:
            found.append(f"{s.title}: {line.places_taken} booked for a capacity of {cap}.")
        elif line.people > cap:
            who = "with PAs, " if s.booking_required else "everyone is expected: "
            found.append(f"{s.title}: {who}{line.people} people for a room of {cap}.")
    return found


def summary(store: Store, event_ref: str | int) -> Summary:
    event = get_event(store, event_ref)
    heads = data.headcount(store, event.id)
    counts = data.session_counts(store, event.id)
    sessions = [SessionLine(s, counts[s.id].places_taken, counts[s.id].people, counts[s.id].waiting)
                for s in list_sessions(store, event.id)]
    needs = data.need_counts(store, event.id)
    food = {code for code, need in NEEDS_BY_CODE.items() if need.group == FOOD}
    by_count = sorted(needs.items(), key=lambda item: (-item[1], item[0]))
    catering = Catering(heads.confirmed + heads.pas,
                        tuple(_count(code, n) for code, n in by_count if code in food),
                        data.dietary_notes(store, event.id))
    access = tuple(_count(code, n) for code, n in by_count if code not in food)
    return Summary(event, heads, tuple(sessions), catering, access,
                   tuple(_warnings(event, heads, sessions)))
