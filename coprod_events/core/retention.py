"""Retention (issue 12): health data is kept only so long after an event, people only so long
after they last came, and a purge erases what is past that, automatically once a day.

- Health data (access needs and notes, dietary, role notes) goes `health_days` after the event
  ended (default 30; an event may set its own).
- People with no registration made, and at no event, for `inactive_years` (default 3) are
  anonymised: name, email, phone, organisation, pronouns gone. Their registrations and check-ins
  stay, as anonymous rows, so attendance counts and reports stay right.

A purge takes a backup first (when it has anything to do), writes everything in one
transaction with one audit entry per event purged and per person anonymised, and running it
again does nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import audit, dates
from .data import privacy as data
from .data import settings as settings_data
from .errors import CoprodError
from .events import get_event
from .store import Store
from .text import plural

HEALTH_DAYS_KEY = "retention_health_days"
INACTIVE_YEARS_KEY = "retention_inactive_years"
LAST_PURGE_KEY = "retention_last_purge"  # the local day the app last purged on start
DEFAULT_HEALTH_DAYS = 30
DEFAULT_INACTIVE_YEARS = 3
ANONYMISED_NAME = "Anonymised person"
MAX_DAYS = 36_500


@dataclass(frozen=True)
class Policy:
    health_days: int
    inactive_years: int

    def describe(self) -> str:
        return (f"Health data is erased {self.health_days} days after each event ends (unless the "
                f"event sets its own period); people with no registration for "
                f"{self.inactive_years} years are anonymised.")


@dataclass(frozen=True)
class Purge:
    """What a purge erased, or (dry run) would erase."""
    dry_run: bool
    registrations: dict[str, list[int]] = field(default_factory=dict)  # event slug -> ids
    people: list[int] = field(default_factory=list)  # anonymised
    backup: str | None = None  # taken before it

    @property
    def registration_count(self) -> int:
        return sum(len(ids) for ids in self.registrations.values())

    @property
    def empty(self) -> bool:
        return not self.registrations and not self.people

    def describe(self) -> str:
        if self.empty:
            return "Nothing is past its retention period."
        verb = ("would be " if self.dry_run else "")
        parts = []
        if self.registrations:
            parts.append(f"health data of {plural(self.registration_count, 'registration')} at "
                         f"{plural(len(self.registrations), 'event')} {verb}erased")
        if self.people:
            parts.append(f"{plural(len(self.people), 'inactive person', 'inactive people')} {verb}anonymised")
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."

    def as_json(self) -> dict:
        return {"dry_run": self.dry_run, "registrations": self.registrations, "people": self.people,
                "backup": self.backup}


def policy(store: Store) -> Policy:
    def number(key: str, default: int) -> int:
        value = settings_data.get(store, key)
        return int(value) if value and value.isdigit() else default

    return Policy(number(HEALTH_DAYS_KEY, DEFAULT_HEALTH_DAYS),
                  number(INACTIVE_YEARS_KEY, DEFAULT_INACTIVE_YEARS))


def _checked(value: int, what: str, most: int) -> int:
    if not 0 <= value <= most:
        raise CoprodError(f"{what} must be between 0 and {most}.")
    return value


def set_policy(store: Store, *, health_days: int | None = None,
               inactive_years: int | None = None) -> Policy:
    with store.write():
        if health_days is not None:
            settings_data.put(store, HEALTH_DAYS_KEY,
                              str(_checked(health_days, "Health data days", MAX_DAYS)))
        if inactive_years is not None:
            settings_data.put(store, INACTIVE_YEARS_KEY,
                              str(_checked(inactive_years, "Inactive years", MAX_DAYS // 365)))
    return policy(store)


def set_event_days(store: Store, event_ref: str | int, days: int | None) -> int | None:
    """The event's own retention for health data (None: the setting's)."""
    event = get_event(store, event_ref)
    if days is not None:
        _checked(days, "Health data days", MAX_DAYS)
    with store.write():
        store.run("UPDATE events SET health_retention_days = ? WHERE id = ?", [days, event.id])
    return days


def event_days(store: Store, event_ref: str | int) -> int | None:
    event = get_event(store, event_ref)
    return store.value("SELECT health_retention_days FROM events WHERE id = ?", [event.id])


def _due(store: Store, now: datetime) -> tuple[dict[int, tuple[str, list[int]]], list[int]]:
    """(event id -> (slug, registrations whose health data is due), people due anonymising)."""
    rules = policy(store)
    ended = [event for event in data.ended_events(store, dates.to_db(now))
             if dates.from_db(event.ended_at) + timedelta(days=event.retention_days
                                                           if event.retention_days is not None
                                                           else rules.health_days) <= now]
    holding = data.with_health_data(store, [event.id for event in ended]) if ended else {}
    events = {event.id: (event.slug, holding[event.id]) for event in ended if event.id in holding}
    since = now - timedelta(days=365 * rules.inactive_years + rules.inactive_years // 4)
    return events, data.inactive_people(store, dates.to_db(since))


def purge(store: Store, *, dry_run: bool = False, now: datetime | None = None,
          station: str | None = None) -> Purge:
    """Erase what is past its retention (see the module's words); `dry_run` only says what."""
    now = now or dates.utcnow()
    events, people = _due(store, now)
    if dry_run or (not events and not people):
        return Purge(dry_run, {slug: ids for slug, ids in events.values()}, people)
    from . import backups  # only when there is something to erase

    taken = backups.before_change(store, "purge")
    with store.write():  # worked out again under the lock: another desk may have purged meanwhile
        events, people = _due(store, now)
        at = dates.to_db(now)
        for event_id, (_slug, ids) in events.items():
            data.clear_health_data(store, ids)
            audit.record(store, "purged", event_id=event_id, station=station, now=now,
                         detail=f"health data of {plural(len(ids), 'registration')}")
        for person_id in people:
            held = data.registrations_of(store, [person_id])
            data.clear_health_data(store, held)
            data.forget_scans(store, held)  # what was typed for them, staff's words: as erasure
            data.anonymise(store, person_id, ANONYMISED_NAME, at)
            audit.record(store, "anonymised", person_id=person_id, station=station, now=now)
        if people:
            data.optimise_search_index(store)
    return Purge(False, {slug: ids for slug, ids in events.values()}, people, str(taken.path))


def daily(store: Store, *, now: datetime | None = None, station: str | None = None) -> Purge | None:
    """The purge the app runs when it starts, once a (local) day: None if it already ran today."""
    now = now or dates.utcnow()
    today = now.astimezone().date().isoformat()
    if settings_data.get(store, LAST_PURGE_KEY) == today:
        return None
    done = purge(store, now=now, station=station)
    with store.write():
        settings_data.put(store, LAST_PURGE_KEY, today)
    return done
