"""Consent to keep health data (issue 12): the privacy notice people consent to, and each
registration's history of consent given and withdrawn.

The notice lives in settings with a version, so a consent names the very words it was given to.
Until someone sets their own, the notice is ours, and its words say what the app does: the
health data is deleted a number of days after the event (the purge's setting, 30 by default).
Every change writes one history row and one audit entry, inside the write that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import audit, dates, people, retention
from .data import consent as data
from .data import settings
from .data.consent import Change, Standing
from .data.people import Person
from .errors import CoprodError
from .store import Store
from .text import clean

__all__ = ["Change", "Notice", "PersonConsent", "Standing", "history", "notice", "of_person", "record",
           "record_many", "reset_notice", "set_notice"]

NOTICE_KEY = "privacy_notice"
VERSION_KEY = "privacy_notice_version"
RETENTION_KEY = retention.HEALTH_DAYS_KEY  # the notice says what the purge does
DEFAULT_RETENTION_DAYS = retention.DEFAULT_HEALTH_DAYS
DEFAULT_VERSION = "2026-1"
NOTICE_LIMIT = 4000
DEFAULT_NOTICE = (
    "We keep your access needs, dietary needs and notes only with your consent, to make the day "
    "work for you. Only the event team sees them, never on badges or at the kiosk, and they are "
    "deleted {days} days after the event. You can withdraw consent at any time (they are then "
    "deleted at once), and ask to see or erase everything we hold about you."
)


@dataclass(frozen=True)
class Notice:
    version: str
    text: str
    ours: bool  # the default notice (not one set in settings)


def retention_days(store: Store) -> int:
    return retention.policy(store).health_days


def notice(store: Store) -> Notice:
    """The privacy notice people consent to now: the one set, else ours (whose version names
    the retention period when it is not the default, since its words differ)."""
    text, version = settings.get(store, NOTICE_KEY), settings.get(store, VERSION_KEY)
    if text and version:
        return Notice(version, text, ours=False)
    days = retention_days(store)
    version = DEFAULT_VERSION if days == DEFAULT_RETENTION_DAYS else f"{DEFAULT_VERSION}-{days}d"
    return Notice(version, DEFAULT_NOTICE.format(days=days), ours=True)


def set_notice(store: Store, text: str, version: str) -> Notice:
    """Our own notice's words, under a version of its own (a consent names it)."""
    words = clean(text, "privacy notice", limit=NOTICE_LIMIT, key="text")
    name = clean(version, "notice version", key="version")
    if not words or not name:
        raise CoprodError("A privacy notice needs its text and a version.", field="text")
    current = notice(store)
    if name == current.version and words != current.text:
        raise CoprodError(f"Version {name} is the current notice's: new words need a new version, "
                          "so that every consent names the words it was given to.", field="version")
    with store.write():
        settings.put(store, NOTICE_KEY, words)
        settings.put(store, VERSION_KEY, name)
    return notice(store)


def reset_notice(store: Store) -> Notice:
    """Back to our default notice."""
    with store.write():
        settings.delete(store, NOTICE_KEY, VERSION_KEY)
    return notice(store)


def record(store: Store, registration_id: int, person_id: int, event_id: int, *, given: bool,
           version: str | None, at: str | None = None, station: str | None = None) -> None:
    """Consent given (to `version`) or withdrawn, inside the write that changes it: a history
    row and an audit entry."""
    at = at or dates.to_db(dates.utcnow())
    operator = audit.whoami()
    data.add(store, {"registration_id": registration_id, "at": at, "given": int(given),
                     "notice_version": version, "operator": operator, "station": station})
    audit.record(store, "consent_given" if given else "consent_withdrawn", person_id=person_id,
                 event_id=event_id, operator=operator, station=station,
                 detail=f"registration {registration_id}, notice {version or '(none)'}",
                 now=dates.from_db(at))


def record_many(store: Store, event_id: int, given: list[tuple[int, str | None]], *, at: str) -> None:
    """An import's consents (registration id, notice version): a history row each, and one
    audit entry for the import, which was one action."""
    if not given:
        return
    operator = audit.whoami()
    data.add_many(store, [(reg_id, at, 1, version, operator, None) for reg_id, version in given])
    versions = sorted({version or "(none)" for _, version in given})
    audit.record(store, "consent_given", event_id=event_id, operator=operator, now=dates.from_db(at),
                 detail=f"import: {len(given)} registrations, notice {', '.join(versions)}")


def history(store: Store, person_id: int) -> list[Change]:
    """Every consent given and withdrawn on the person's registrations, oldest first."""
    return data.of_person(store, person_id)


@dataclass(frozen=True)
class PersonConsent:
    """A person (no health data), their registrations and their consent history."""
    person: Person
    registrations: list[Standing]
    history: list[Change]


def of_person(store: Store, ref: str | int) -> PersonConsent:
    """`person show`: the person found by id or email, where each registration's consent
    stands, and how it got there."""
    person = people.find_person(store, ref)
    return PersonConsent(person, data.registrations_of(store, person.id), history(store, person.id))
