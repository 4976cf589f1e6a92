"""Send an event's tickets: one message a confirmed person, each marked sent the moment the
mail server accepts it, so a run that stops part-way can be run again with `only_unsent`.

Who is sent one: confirmed registrations with an email address, PAs and supporters included
(they come through the door on a ticket of their own; the email says nothing of whom they
support). Waitlisted and cancelled registrations are not (named with `to`, they are listed as
skipped, with why); a promotion from the waiting list makes them confirmed, and unsent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import dates, ticket_content, ticket_files, ticket_pdf, tickets
from ..data import tickets as data
from ..data.tickets import Recipient
from ..errors import CoprodError, NotFound
from ..events import Event, get_event
from ..store import Store
from . import message
from .settings import MailSettings
from .transport import EmlFolder, NotAccepted, StopSending, Transport

SENT, WRITTEN, WOULD_SEND, SKIPPED, FAILED = OUTCOMES = ("sent", "written", "would send", "skipped",
                                                         "failed")


@dataclass(frozen=True)
class Result:
    """What happened for one person; `detail` says why or where, in words."""
    registration_id: int
    name: str
    email: str | None
    outcome: str  # SENT, WRITTEN, WOULD_SEND, SKIPPED or FAILED
    detail: str = ""


@dataclass
class Run:
    event: Event
    results: list[Result] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped before the end (a refused login, ...)

    def count(self, outcome: str) -> int:
        return sum(result.outcome == outcome for result in self.results)

    @property
    def failed(self) -> bool:
        return self.count(FAILED) > 0

    def summary(self) -> str:
        parts = [f"{self.count(outcome)} {outcome}" for outcome in OUTCOMES if self.count(outcome)]
        return f"{self.event.title}: {', '.join(parts) or 'nobody to send to'}."


Progress = Callable[[Result, int, int], object]  # (result, done, of)


def send_tickets(store: Store, event_ref: str | int, *, settings: MailSettings,
                 transport: Transport | None = None, only_unsent: bool = False,
                 to: Sequence[int] = (), dry_run: bool = False, eml_dir: str | Path | None = None,
                 progress: Progress | None = None) -> Run:
    """Email each confirmed person their ticket (`to`: only these registrations), through
    `transport` (or into .eml files in `eml_dir`); `dry_run` says who would be sent one and
    does nothing. Each person's result is reported to `progress` as it happens."""
    event = get_event(store, event_ref)
    found = data.recipients(store, event.id, to)
    missing = sorted(set(to) - {r.registration_id for r in found})
    if missing:
        raise NotFound(f"No registration {missing[0]} at {event.title}.")
    run = Run(event)
    todo: list[Recipient] = []
    for recipient in found:
        reason = _not_sent_because(recipient, only_unsent, event)
        if reason is None:
            todo.append(recipient)
        elif recipient.status == "confirmed" or to:  # the unconfirmed are said only when named
            run.results.append(_result(recipient, SKIPPED, reason))
    if dry_run:
        run.results += [_result(r, WOULD_SEND, _where(eml_dir, r)) for r in todo]
        return run
    if not todo:
        return run
    if eml_dir is not None:
        transport = EmlFolder(Path(eml_dir))
    elif transport is None:
        raise CoprodError("No mail server to send with.")
    holders = _holders(store, event, todo)
    sender = settings.sender if eml_dir is not None else settings.require_sender()
    try:
        for done, recipient in enumerate(todo, 1):
            try:
                result = _deliver(store, event, recipient, holders[recipient.registration_id], settings,
                                  sender, transport)
            except StopSending as stopped:
                run.stopped = str(stopped)
                run.results += [_result(left, FAILED, "Not sent: " + (run.stopped if left is recipient
                                                                      else "the run stopped."))
                                for left in todo[done - 1:]]
                break
            run.results.append(result)
            if progress:
                progress(result, done, len(todo))
    finally:
        transport.close()
    return run


def _not_sent_because(recipient: Recipient, only_unsent: bool, event: Event) -> str | None:
    if recipient.status == "waitlisted":
        return "On the waiting list: a ticket is sent once they have a place."
    if recipient.status == "cancelled":
        return "Cancelled."
    if not recipient.email:
        return "No email address: print their ticket instead."
    if only_unsent and recipient.sent_at and recipient.code:
        return f"Already sent ({event.show(recipient.sent_at)})."
    return None


def _where(eml_dir: str | Path | None, recipient: Recipient) -> str:
    return "" if eml_dir is None else f"as {_stem(recipient)}.eml"


def _stem(recipient: Recipient) -> str:
    return ticket_files.file_stem(recipient.name, recipient.registration_id)


def _holders(store: Store, event: Event, todo: list[Recipient]) -> dict[int, ticket_files.TicketHolder]:
    """Each person's ticket, with a live code (issued now for anyone without one)."""
    ids = [r.registration_id for r in todo]
    agendas = ticket_content.agendas(store, event) if len(ids) > 1 else {
        ids[0]: ticket_content.agenda(store, event, ids[0])}
    sizes = ticket_content.print_sizes(store, event, ids[0] if len(ids) == 1 else None)
    codes = {r.registration_id: r.code or tickets.issue(store, r.registration_id).code for r in todo}
    return {r.registration_id: ticket_files.TicketHolder(
                r.registration_id, r.name, codes[r.registration_id],
                agendas.get(r.registration_id, ticket_content.NOTHING), sizes.get(r.registration_id))
            for r in todo}


def _deliver(store: Store, event: Event, recipient: Recipient, holder: ticket_files.TicketHolder,
             settings: MailSettings, sender: str | None, transport: Transport) -> Result:
    assert recipient.email is not None
    email = message.build(event, holder, recipient.email,
                          greeting=recipient.preferred_name or recipient.name, sender=sender,
                          contact=settings.contact, pdf=ticket_pdf.render(event, [holder]))
    try:
        where = transport.deliver(email, recipient.email, _stem(recipient))
    except NotAccepted as refused:
        return _result(recipient, FAILED, f"Not sent: {refused}")
    if not transport.marks_sent:
        return _result(recipient, WRITTEN, where)
    with store.write():  # at once: a run that stops later must not send this one again
        data.mark_sent(store, holder.code, dates.to_db(dates.utcnow()))
    return _result(recipient, SENT, where)


def _result(recipient: Recipient, outcome: str, detail: str) -> Result:
    return Result(recipient.registration_id, recipient.name, recipient.email, outcome, detail)


def describe(result: Result) -> str:
    """One line for a person: "sent  Ada Okafor <ada@example.org>: accepted by mail.example.org"."""
    who = f"{result.name} <{result.email}>" if result.email else result.name
    detail = f": {result.detail}" if result.detail else ""
    return f"{result.outcome:<10} {result.registration_id:>6}  {who}{detail}"
