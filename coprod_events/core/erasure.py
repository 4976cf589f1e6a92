"""Erasure at the person's request (issue 12, UK GDPR article 17): their identifying and health
data goes (staff's words on why they were let in too), their tickets stop working, and their
registrations and check-ins stay as anonymous rows so attendance counts do not change. Their
registrations at events not yet started are cancelled first, as staff would: the places go to
the waiting lists (and their PAs', who come only for them, with them), not to a name nobody
will answer to.

Nothing readable is left behind: the database overwrites what it deletes (`secure_delete`, set
on every connection), the name index is merged so no old segment holds the name, and the
write-ahead log is checkpointed and emptied. The audit log records that an erasure happened, by
whom and when, never what was erased. A backup is taken first, as before any change this big:
backups rotate out in time (see core/backups.py), and restoring one brings the person back, so
an erasure must be done again after a restore.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import audit, badge_codes, dates, registrations
from .data import privacy as data
from .people import get_person
from .store import Store

ERASED_NAME = "Erased person"
WAL_KEPT = ("Another desk was reading the database: what was erased stays in its write-ahead log "
            "until the next checkpoint. Close the app on every desk and erase again to be sure.")


@dataclass(frozen=True)
class Erased:
    person_id: int
    registrations: int  # kept, anonymous
    cancelled: int  # at events not yet started: their places given to the waiting lists
    tickets_revoked: int
    checkpointed: bool  # the write-ahead log emptied (False: another desk was reading)
    backup: str

    def as_json(self) -> dict:
        return {"person_id": self.person_id, "registrations_kept_anonymous": self.registrations,
                "registrations_cancelled": self.cancelled, "tickets_revoked": self.tickets_revoked,
                "wal_emptied": self.checkpointed, "backup": self.backup}


def erase(store: Store, person_id: int, *, station: str | None = None,
          now: datetime | None = None) -> Erased:
    from . import backups  # only when erasing

    person = get_person(store, person_id)
    taken = backups.before_change(store, "erase")
    now = now or dates.utcnow()
    at = dates.to_db(now)
    promoted: list[int] = []
    with store.write():  # all of it, or nothing: each cancel below is a savepoint in it
        to_come = data.registrations_to_come(store, person.id, at)
        for registration_id in to_come:
            promoted += [r.id for r in registrations.cancel(store, registration_id).promoted]
        held = data.registrations_of(store, [person.id])
        data.clear_health_data(store, held)
        data.anonymise(store, person.id, ERASED_NAME, at)
        revoked = data.revoke_tickets(store, held, at)
        for registration_id in held:  # a printed badge lets nobody back in either
            badge_codes.revoke(store, registration_id)
        data.forget_scans(store, held)
        data.optimise_search_index(store)
        audit.record(store, "erased", person_id=person.id, station=station, now=now)
    registrations.email_promoted(store, promoted)  # once saved, as `cancel` does (if set)
    return Erased(person.id, len(held), len(to_come), revoked, store.checkpoint(), str(taken.path))
