"""A saved registration's status, the QR code of its live ticket, and the dates the ticket lists."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import VerticalGroup
from textual.widgets import Static

from ...core import events, registrations, ticket_content
from .form_parts import hidden
from .qr import QRCode


class TicketPanel(VerticalGroup):
    """When it was saved, its status (with waiting-list places and consent), the QR code, and
    what the ticket lists beneath it: their sessions, or a course's dates."""

    def compose(self) -> ComposeResult:
        yield hidden(Static(id="reg-saved", markup=False))
        yield Static(id="reg-status", markup=False)
        yield Static(id="reg-status-detail", classes="muted", markup=False)
        yield QRCode(id="reg-qr")
        yield Static(id="reg-agenda", markup=False)

    def show(self, registration: registrations.Registration, sessions: Mapping[int, events.Session],
             ticket_code: str | None, agenda: ticket_content.Agenda = ticket_content.NOTHING) -> None:
        """The registration as stored; `ticket_code` is its live ticket's (None: it has none)."""
        headline = {
            "confirmed": "Confirmed",
            "waitlisted": f"Waitlisted: number {registration.waitlist_position} on the waiting list",
            "cancelled": "Cancelled",
        }[registration.status]
        status = self.query_one("#reg-status", Static)
        status.update(headline)
        for name in registrations.STATUSES:
            status.set_class(registration.status == name, f"-{name}")
        lines = [f"Waiting list for {sessions[b.session_id].title}: place {b.waitlist_position}"
                 for b in registration.bookings
                 if b.status == "waitlisted" and b.session_id in sessions]
        lines.append("Consent recorded." if registration.consent_at else
                     "No consent recorded: access needs and notes are not kept.")
        if ticket_code is None:
            lines.append("No live ticket.")
        self.query_one("#reg-status-detail", Static).update("\n".join(lines))
        self.query_one(QRCode).code = ticket_code or ""
        agenda_lines = [agenda.heading, *(line.text() for line in agenda.lines)] if agenda.lines else []
        self.query_one("#reg-agenda", Static).update("\n".join(agenda_lines))

    def show_saved(self, text: str) -> None:
        saved = self.query_one("#reg-saved", Static)
        saved.update(text)
        saved.display = True

    def show_unavailable(self, reason: str) -> None:
        """The registration can no longer be read (erased at another desk): say so in its status."""
        self.query_one("#reg-status", Static).update(reason)
