"""A desk that works offline (issue 13): a snapshot of the hub's database for a second laptop,
and merging that laptop's check-ins, undos and walk-ins back into the hub.

The snapshot is a backup (core/backups: one moment, through SQLite's backup API, encrypted when
asked) whose settings say which hub and event it came from, and which ids were already taken
then: a person or registration above those was registered on the snapshot (a walk-in). It holds
only what that event's desk needs: other events' health data, and everyone not at this event,
are cleared from the copy before it is written (a laptop lost at the venue gives away one event).

The check-in log is append-only with unique ids, so merging is a union: a row the hub lacks is
added, a row undone there is undone here, and merging again finds nothing new. Someone admitted
on both sides (the same day, at the same door or session) keeps both rows and is listed as a
conflict for staff: nothing is dropped. A walk-in is matched to the hub's person by email; which
registration each became is remembered (merged_registrations), so a second merge finds it.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import backups, checkin, dates
from .data import checkins as log
from .data import offline as data
from .data import settings as settings_data
from .data.checkins import Checkin
from .data.registrations import name_of
from .errors import CoprodError
from .events import Event, get_event, get_session
from .store import Store
from .text import plural

Refused = backups.Refused
NOT_HERE = "Not at this event"  # a snapshot's name for someone registered only elsewhere


@dataclass(frozen=True)
class Snapshot:
    """What a snapshot says about itself."""
    id: str
    hub: str
    event_id: int
    event_slug: str
    event_title: str
    taken_at: str
    last_person_id: int
    last_registration_id: int

    @classmethod
    def from_settings(cls, said: dict[str, str]) -> Snapshot | None:
        if "id" not in said:
            return None
        return cls(said["id"], said["hub"], int(said["event_id"]), said["event_slug"],
                   said["event_title"], said["taken_at"], int(said["last_person_id"]),
                   int(said["last_registration_id"]))


def snapshot_of(store: Store) -> Snapshot | None:
    """The snapshot this database is, or None for a hub (any ordinary database)."""
    return Snapshot.from_settings(data.said_here(store))


# Taking a snapshot ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Taken:
    backup: backups.Backup
    snapshot: Snapshot


def take(store: Store, event_ref: str | int, out: Path, *, passphrase: str | None = None) -> Taken:
    """A snapshot of the database for a desk to carry on with EVENT offline, written to `out`
    (a new file; encrypted with `passphrase` if given)."""
    if snapshot_of(store) is not None:
        raise Refused("This database is itself a snapshot: take snapshots from the hub.")
    event = get_event(store, event_ref)
    with store.write():
        hub = settings_data.get(store, data.HUB_KEY)
        if hub is None:
            hub = str(uuid.uuid4())
            settings_data.put(store, data.HUB_KEY, hub)
    made: list[Snapshot] = []

    def mark(copy: sqlite3.Connection) -> None:
        # The ids are read on the copy: exactly what it holds, whatever desks did meanwhile.
        last_person, last_registration = (copy.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
                                          .fetchone()[0] for table in ("people", "registrations"))
        snapshot = Snapshot(str(uuid.uuid4()), hub, event.id, event.slug, event.title,
                            dates.to_db(dates.utcnow()), last_person, last_registration)
        data.mark(copy, {key: str(value) for key, value in vars(snapshot).items()})
        data.keep_one_event(copy, event.id, NOT_HERE)
        made.append(snapshot)

    done = backups.take(store, out=out, passphrase=passphrase, mark=mark)
    return Taken(done, made[0])


# Merging one back ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """Someone admitted on the snapshot and at the hub (or another snapshot) at the same place
    on the same day: both rows are kept, for staff to look at."""
    registration_id: int
    name: str | None
    day: str
    place: str  # "Door", or the session's title
    offline_at: str  # shown in the event's time zone
    offline_station: str | None
    hub_at: str
    hub_station: str | None

    def describe(self) -> str:
        return (f"{self.name or 'Someone unknown'} ({self.place}, {self.day}): let in offline at "
                f"{self.offline_at} ({self.offline_station or 'no station'}) and at the hub at "
                f"{self.hub_at} ({self.hub_station or 'no station'})")


@dataclass(frozen=True)
class Merged:
    snapshot: Snapshot
    event: str  # its slug
    taken: str  # when the snapshot was taken, in the event's time zone
    added: int  # rows of the check-in log (refusals included)
    admissions: int  # of them, people let in (not undone)
    undone: int  # check-ins undone on the snapshot, undone here too
    walk_ins: int  # registrations made on the snapshot, made here
    matched: int  # of them, people the hub already knew (by email)
    conflicts: list[Conflict] = field(default_factory=list)
    backup: str | None = None  # taken before the merge

    @property
    def changed(self) -> bool:
        return bool(self.added or self.undone or self.walk_ins)

    def summary(self) -> str:
        if not self.changed:
            return (f"Nothing to merge: this snapshot of {self.event} holds nothing the hub has not "
                    "got (it was merged already, or nothing was done on it).")
        return (f"Merged the snapshot of {self.event} taken {self.taken}: "
                f"{self.admissions} admitted ({plural(self.added, 'check-in row')}), {self.undone} "
                f"undone, {plural(self.walk_ins, 'walk-in')} ({self.matched} matched by email), "
                f"{plural(len(self.conflicts), 'conflict')}.")


def merge(store: Store, path: Path, passphrase: backups.Passphrase = None, *,
          event_ref: str | int | None = None) -> Merged:
    """Bring the check-ins, undos and walk-ins of the snapshot at `path` into this hub. Refused
    (nothing changed) for a file that is not a snapshot of this hub, or not of `event_ref` when
    given. A backup is taken first."""
    if snapshot_of(store) is not None:
        raise Refused("This database is a snapshot: merge snapshots into the hub they came from.")
    if not path.is_file():
        raise CoprodError(f"{path} is not a file: give the snapshot file to merge.")
    found = backups.inspect(path, passphrase)
    try:
        there = found.memory
        snapshot = Snapshot.from_settings(data.said_there(there))
        if snapshot is None:
            raise Refused(f"{path} is not a snapshot (a backup? `restore` puts one back). "
                          "Nothing was merged.")
        event = _checked(store, snapshot, event_ref)
        if found.pending:
            raise Refused(f"{path} is from an older version of coprod-events: open it once with "
                          "this version (`desk --db FILE`), then merge it. Nothing was merged.")
        backup = backups.before_change(store, "merge")
        with store.write():
            merged = _Merge(store, there, snapshot, event).run()
    finally:
        found.memory.close()
    return replace(merged, backup=str(backup.path))


def _checked(store: Store, snapshot: Snapshot, event_ref: str | int | None) -> Event:
    """The hub's event the snapshot is of; refused if it is not this hub's, or not that event."""
    hub = settings_data.get(store, data.HUB_KEY)
    if hub != snapshot.hub:
        raise Refused(f"This snapshot (of {snapshot.event_slug}) was taken from another hub's "
                      "database: merge it there. Nothing was merged.")
    try:
        event = get_event(store, snapshot.event_id)
    except CoprodError:
        event = None
    if event is None or event.slug != snapshot.event_slug:
        raise Refused(f"This snapshot is of {snapshot.event_slug}, which is no longer in this "
                      "database. Nothing was merged.")
    if event_ref is not None and get_event(store, event_ref).id != event.id:
        raise Refused(f"This snapshot is of {snapshot.event_slug} ({snapshot.event_title}), not "
                      f"{event_ref}. Nothing was merged.")
    return event


class _Merge:
    """One merge, inside the hub's write transaction."""

    def __init__(self, store: Store, there: sqlite3.Connection, snapshot: Snapshot, event: Event):
        self.store, self.there, self.snapshot, self.event = store, there, snapshot, event
        self.people: dict[int, int] = {}  # person id there -> here
        self.registrations: dict[int, int | None] = {}  # registration id there -> here
        self.walk_ins = self.matched = 0

    def run(self) -> Merged:
        here = data.checkin_ids(self.store, self.event.id)
        rows = data.checkins_there(self.there, self.event.id)
        ours = {row.id for row in rows}
        self._walk_ins()
        added: list[Checkin] = []
        undone = 0
        for row in rows:
            if row.id not in here:
                row = Checkin(**{**vars(row), "registration_id": self._registration(row.registration_id)})
                log.append(self.store, row)
                self._promotions(row)
                added.append(row)
            elif row.annulled_at and here[row.id] is None:
                undone += self._undo(row)
        admitted = [row for row in added if row.success and not row.annulled_at]
        conflicts = [conflict for row in admitted if row.direction == "entry"
                     for conflict in self._conflicts(row, ours)]
        return Merged(self.snapshot, self.event.slug, self.event.show(self.snapshot.taken_at),
                      len(added), len(admitted), undone, self.walk_ins, self.matched, conflicts)

    # Walk-ins: registrations made on the snapshot -------------------------------------------

    def _walk_ins(self) -> None:
        for reg in data.rows_there(self.there, "registrations", "event_id = ? AND id > ? ORDER BY id",
                                   [self.event.id, self.snapshot.last_registration_id]):
            known = data.merged_as(self.store, self.snapshot.id, reg["id"])
            self.registrations[reg["id"]] = known if known is not None else self._register(reg)

    def _register(self, reg: dict) -> int:
        person_id = self._person(reg["person_id"])
        here = self.store.value("SELECT id FROM registrations WHERE event_id = ? AND person_id = ?",
                                [self.event.id, person_id])
        if here is None:
            values = {k: v for k, v in reg.items() if k != "id"}
            values["person_id"] = person_id
            values["pa_for_registration_id"] = self._registration(reg["pa_for_registration_id"])
            here = data.copy_row(self.store, "registrations", values)
            self._children(reg["id"], here)
        data.remember(self.store, self.snapshot.id, reg["id"], here)
        self.walk_ins += 1
        return here

    def _person(self, there_id: int) -> int:
        if there_id in self.people:
            return self.people[there_id]
        person = data.rows_there(self.there, "people", "id = ?", [there_id])[0]
        here = None
        if person["email"]:
            here = self.store.value("SELECT id FROM people WHERE email = ?", [person["email"]])
            self.matched += here is not None
        if here is None and there_id <= self.snapshot.last_person_id and data.exists(
                self.store, "people", there_id):
            here = there_id  # someone the hub knew when the snapshot was taken
        if here is None:
            here = data.copy_row(self.store, "people", {k: v for k, v in person.items() if k != "id"})
        self.people[there_id] = here
        return here

    def _children(self, there_id: int, here: int) -> None:
        """The walk-in's roles, access needs, bookings and ticket, as registered there."""
        for table in data.CHILDREN:
            for row in data.rows_there(self.there, table, "registration_id = ?", [there_id]):
                if table == "tickets" and (data.ticket_known(self.store, row["code"]) or (
                        row["revoked_at"] is None and data.has_live_ticket(self.store, here))):
                    continue
                data.copy_row(self.store, table, {**row, "registration_id": here})

    def _registration(self, there_id: int | None) -> int | None:
        """The hub's registration for one of the snapshot's (None: not known here)."""
        if there_id is None:
            return None
        if there_id in self.registrations:
            return self.registrations[there_id]
        if there_id <= self.snapshot.last_registration_id and data.exists(
                self.store, "registrations", there_id):
            return there_id
        return data.merged_as(self.store, self.snapshot.id, there_id)

    # Check-ins and undos ---------------------------------------------------------------------

    def _promotions(self, row: Checkin) -> None:
        """A forced admission of someone waitlisted gave them a place there: here too, if it
        stands and they still wait here (a walk-in came with their place)."""
        places = data.rows_there(self.there, "checkin_promotions", "checkin_id = ?", [row.id])
        if not places or row.annulled_at or row.registration_id is None:
            return
        registration = self.store.value("SELECT status FROM registrations WHERE id = ?",
                                        [row.registration_id])
        if registration == "waitlisted":
            _, promoted = checkin._promote(self.store, row.registration_id)
            log.record_promotion(self.store, row.id, promoted)

    def _undo(self, row: Checkin) -> int:
        """A check-in the hub has, undone on the snapshot: undone here, when and by whom it
        was there, giving back any place it gave (as an undo at the hub would)."""
        log.annul(self.store, row.id, at=row.annulled_at or "", by=row.annulled_by)
        standing = log.get(self.store, row.id)
        if standing is not None:
            checkin._give_back_the_place(self.store, standing)
        return 1

    def _conflicts(self, row: Checkin, ours: set[str]) -> list[Conflict]:
        place = ("Door" if row.session_id is None
                 else get_session(self.store, self.event.id, row.session_id).title)
        name = name_of(self.store, row.registration_id) if row.registration_id else None
        show: Callable[[str], str] = lambda at: self.event.show(at, with_date=False)  # noqa: E731
        return [Conflict(row.registration_id or 0, name, row.local_day, place, show(row.at),
                         row.station, show(other.at), other.station)
                for other in data.admitted_elsewhere(self.store, row, ours)]
