"""Optional, off by default (the settings screen turns it on): when the waiting list gives
someone a place, email them their ticket straight away.

It runs after the promotion is saved and never undoes it: a mail server that cannot be reached
or a missing password is logged (what failed, never who) and the ticket stays unsent, for the
next `send-tickets --only-unsent`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ..data import registrations as registrations_data
from ..errors import CoprodError
from ..store import Store
from . import settings as mail_settings
from .send import Run, send_tickets
from .transport import SmtpTransport

log = logging.getLogger("coprod_events.mail")


def send_to_promoted(store: Store, registration_ids: Sequence[int]) -> Run | None:
    """Send the promoted their tickets, if this is turned on and a server is set; None if not."""
    try:
        settings = mail_settings.load(store)
        if not settings.on_promotion or settings.server is None or not registration_ids:
            return None
        standing = registrations_data.standing(store, registration_ids[0])
        if standing is None:
            return None
        transport = SmtpTransport(settings.server, settings.require_sender(), mail_settings.password())
        run = send_tickets(store, standing.event_id, settings=settings, transport=transport,
                           only_unsent=True, to=registration_ids)
    except (CoprodError, OSError) as error:
        log.warning("Tickets for promoted registrations not emailed: %s", type(error).__name__)
        return None
    if run.stopped or run.failed:
        log.warning("Tickets for promoted registrations: %s", run.summary())
    return run
