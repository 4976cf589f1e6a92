"""Register someone for an event, or edit their registration.

Person, roles, access needs (kept only with consent), PA link and sessions; after saving, the
registration's status and the QR code of its live ticket.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path
from typing import Any

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...core import catalogue, events, people, registrations, roster, ticket_files, tickets
from ...core.errors import CoprodError, NotFound
from ...core.registrations import NOTE_LIMIT, Registration
from ..app import CoprodApp
from ..dialogs.confirm import ConfirmScreen
from ..dialogs.ticket_export import ExportTicketScreen
from ..messages import DatabaseChanged
from ..widgets.access_needs import AccessNeedsChecklist
from ..widgets.form_parts import hidden, labelled_input, tick_exactly
from ..widgets.pa_picker import PaPicker
from ..widgets.session_choice import SessionChoice
from ..widgets.ticket_panel import TicketPanel

CONSENT_EXPLANATION = (
    "We ask about access needs so we can make the day work for you. Only the event team sees "
    "them; they are never printed on badges or shown at the kiosk, and are deleted after the "
    "event. You can ask us to remove them at any time."
)
PERSON_LABELS = {  # email next to the name: both find a person already known
    "name": "Name (required)", "email": "Email", "preferred_name": "Preferred name",
    "pronouns": "Pronouns", "phone": "Phone", "organisation": "Organisation",
}
NOTE_LABELS = {"role_notes": "role notes", "access_notes": "access notes", "dietary": "dietary needs"}


def spoken_list(items: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


class RegistrationScreen(Screen[None]):
    """A new registration, or an existing one to edit. Ctrl+S saves; the screen then stays on
    the saved registration and shows its status and ticket."""

    app = getters.app(CoprodApp)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("f2", "use_known_person", "Use known person"),
        Binding("ctrl+t", "export_ticket", "Export ticket"),
        Binding("ctrl+r", "reissue_ticket", "Reissue ticket"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, event_id: int, registration_id: int | None = None) -> None:
        super().__init__()
        self.event_id = event_id
        self.registration_id = registration_id
        self.person_id: int | None = None  # whose details the person fields hold, once known
        self.known: people.Person | None = None  # offered on the "Already known" line
        self.had_consent = False  # as stored: unticking it now deletes what it covered
        self.has_ticket = False  # saved and not cancelled: its ticket can be exported or reissued
        self.event: events.Event  # read on mount
        self.sessions: dict[int, events.Session] = {}

    # Layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reg-form"):
            yield hidden(Static(id="reg-error", classes="field-error", markup=False))
            with VerticalGroup(id="reg-top"):  # person and ticket side by side when wide
                yield self._person_section()
                yield hidden(TicketPanel(id="reg-ticket"))
            yield self._roles_section()
            yield self._access_section()
            yield VerticalGroup(Label("PA or supporter", classes="reg-heading"), PaPicker(id="reg-pa"))
            yield SessionChoice()
            yield Button("Save (Ctrl+S)", id="reg-save", variant="primary")
        yield Footer()

    def _person_section(self) -> VerticalGroup:
        placeholders = {"preferred_name": "what they like to be called",
                        "pronouns": "e.g. she/her, they/them", "email": "name@example.org"}
        fields = [labelled_input(label, name, placeholder=placeholders.get(name, ""))
                  for name, label in PERSON_LABELS.items()]
        return VerticalGroup(
            Label("Person", classes="reg-heading"),
            *fields[:2],
            hidden(Static(id="reg-known", markup=False)),
            *fields[2:],
            id="reg-person",
        )

    def _roles_section(self) -> VerticalGroup:
        return VerticalGroup(
            Label("Roles", classes="reg-heading"),
            Static("Tick every role that applies: many people hold more than one.", classes="muted"),
            SelectionList[str](*(Selection(Content(role.label), role.code) for role in catalogue.ROLES),
                               id="roles"),
            labelled_input("Role notes", "role_notes", max_length=NOTE_LIMIT),
            Checkbox("Eligible for an involvement payment", id="payment_eligible"),
        )

    def _access_section(self) -> VerticalGroup:
        return VerticalGroup(
            Label("Access needs", classes="reg-heading"),
            Static("Ask what would help, never for a diagnosis. Every question is optional.",
                   classes="muted"),
            HorizontalGroup(Checkbox("Consent given", id="consent"),
                            Static(CONSENT_EXPLANATION, id="reg-consent-why"), id="reg-consent"),
            hidden(Static(id="reg-consent-warning", markup=False)),
            AccessNeedsChecklist(id="reg-needs"),
            labelled_input("Access notes", "access_notes", max_length=NOTE_LIMIT),
            labelled_input("Dietary needs", "dietary", placeholder="anything the caterers should know",
                           max_length=NOTE_LIMIT),
        )

    # Loading ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        store = self.app.store
        try:
            event = events.get_event(store, self.event_id)
            registration = (registrations.get_registration(store, self.registration_id)
                            if self.registration_id is not None else None)
        except CoprodError as error:
            self.app.notify(str(error), title="Cannot open the form", severity="error")
            self.app.pop_screen()
            return
        self.event = event
        self.title = "New registration"
        self.sub_title = event.title
        sessions = events.list_sessions(store, event.id)
        self.sessions = {session.id: session for session in sessions}
        self.query_one(SessionChoice).offer(event, sessions)
        if registration is not None:
            self._load(registration)
        self.query_one("#name", Input).focus()

    def _load(self, registration: Registration) -> None:
        """Fill the form with the registration as stored, and show its status and ticket."""
        person = registration.person
        self.person_id = person.id
        for name in people.PERSON_FIELDS:
            self.query_one(f"#{name}", Input).value = getattr(person, name) or ""
        tick_exactly(self.query_one("#roles", SelectionList), registration.roles)
        self.query_one(AccessNeedsChecklist).show_needs(registration.access)
        for name in NOTE_LABELS:
            self.query_one(f"#{name}", Input).value = getattr(registration, name) or ""
        self.had_consent = registration.consent_at is not None
        self.query_one("#consent", Checkbox).value = self.had_consent
        self.query_one("#payment_eligible", Checkbox).value = registration.payment_eligible
        self.query_one(SessionChoice).tick(
            b.session_id for b in registration.bookings if b.session_id in self.sessions)
        supported = registration.pa_for_registration_id
        self.query_one(PaPicker).choose(
            supported, registrations.get_registration(self.app.store, supported).name if supported else "")
        self._show_ticket(registration)

    def _show_ticket(self, registration: Registration) -> None:
        """Status (with waiting-list places), consent, and the live ticket's QR code."""
        self.title = f"Registration {registration.id}"
        ticket = tickets.live_ticket(self.app.store, registration.id)
        panel = self.query_one(TicketPanel)
        panel.show(registration, self.sessions, ticket.code if ticket else None)
        panel.display = True
        self.has_ticket = registration.status != "cancelled"
        self.refresh_bindings()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another desk wrote: the status may have moved (a promotion), the form stays as typed."""
        if self.registration_id is None:
            return
        try:
            self._show_ticket(registrations.get_registration(self.app.store, self.registration_id))
        except NotFound as error:  # erased at another desk
            self.query_one(TicketPanel).show_unavailable(str(error))

    # An existing person ----------------------------------------------------------------------

    @on(Input.Changed, "#name, #email")
    def _offer_known_person(self, event: Input.Changed) -> None:
        self.known = self._likely_match(event.value)
        line = self.query_one("#reg-known", Static)
        if self.known is not None:
            line.update(f"Already known: {self.known.name} ({self.known.email or 'no email'})"
                        " — press F2 to use their details")
        line.display = self.known is not None
        self.refresh_bindings()

    def _likely_match(self, text: str) -> people.Person | None:
        """The best match for a new registration's name or email, unless it is this person."""
        if self.registration_id is not None or len(text.strip()) < people.MIN_SEARCH:
            return None
        try:
            found = people.search_people(self.app.store, text, limit=1)
        except CoprodError:
            return None
        return found[0] if found and found[0].id != self.person_id else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_known_person":
            return self.known is not None
        if action in ("export_ticket", "reissue_ticket"):
            return self.has_ticket
        return True

    def action_use_known_person(self) -> None:
        """Fill the person fields from the known person (keeping what they lack)."""
        person, self.known = self.known, None
        if person is None:
            return
        self.person_id = person.id
        for name in people.PERSON_FIELDS:
            if getattr(person, name):
                self.query_one(f"#{name}", Input).value = getattr(person, name)
        self.query_one("#reg-known").display = False
        self.refresh_bindings()

    def on_pa_picker_search(self, message: PaPicker.Search) -> None:
        """Registrations of this event a PA could support: not this one, not cancelled."""
        try:
            rows = roster.roster(self.app.store, self.event_id, text=message.text, limit=8).rows
        except CoprodError:
            rows = ()
        self.query_one(PaPicker).matches = tuple(
            row for row in rows
            if row.registration_id != self.registration_id and row.status != "cancelled")

    # Consent ---------------------------------------------------------------------------------

    def _consent_warning(self) -> str:
        """What saving now would not keep, in words (health-related fields need consent)."""
        if self.query_one("#consent", Checkbox).value:
            return ""
        count = len(self.query_one(AccessNeedsChecklist).needs)
        dropped = ([f"the access needs ({count})"] if count else []) + [
            label for name, label in NOTE_LABELS.items() if self.query_one(f"#{name}", Input).value.strip()]
        if not dropped:
            return ""
        fate = "will be deleted" if self.had_consent else "will not be saved"
        return f"Without consent, {spoken_list(dropped)} {fate}."

    @on(Checkbox.Changed, "#consent")
    @on(AccessNeedsChecklist.Changed)
    @on(Input.Changed, "#role_notes, #access_notes, #dietary")
    def _warn_without_consent(self) -> None:
        text = self._consent_warning()
        warning = self.query_one("#reg-consent-warning", Static)
        warning.update(text)
        warning.display = bool(text)

    # Saving ----------------------------------------------------------------------------------

    @on(Button.Pressed, "#reg-save")
    def action_save(self) -> None:
        """Save; without consent, first say what will not be kept."""
        warning = self._consent_warning()
        if warning:
            message = (f"{warning} They are health-related, so we keep them only with the "
                       "person's consent.\n\nSave the rest?")
            self.app.push_screen(ConfirmScreen(message, yes="Save the rest", no="Go back"),
                                 self._save_if_confirmed)
        else:
            self._save()

    def _save_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self._save()

    def _form_values(self) -> dict[str, Any]:
        """The form as keyword arguments for registrations.register / update_registration."""
        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        return {
            **{name: text(name) for name in people.PERSON_FIELDS},
            "roles": self.query_one("#roles", SelectionList).selected,
            "access": self.query_one(AccessNeedsChecklist).needs,
            **{name: text(name) for name in NOTE_LABELS},
            "consent": self.query_one("#consent", Checkbox).value,
            "sessions": self.query_one(SessionChoice).chosen,
            "pa_for": self.query_one(PaPicker).pa_for,
            "payment_eligible": self.query_one("#payment_eligible", Checkbox).value,
        }

    def _save(self) -> None:
        self._clear_errors()
        store = self.app.store
        try:
            if self.registration_id is None:
                result = registrations.register(store, self.event_id, person_id=self.person_id,
                                                **self._form_values())
            else:
                result = registrations.update_registration(store, self.registration_id, **self._form_values())
        except CoprodError as error:
            self._show_error(error)
            return
        except sqlite3.Error as error:
            self.app.report(error)
            return
        self.registration_id = result.registration.id
        self._load(result.registration)
        self.query_one(TicketPanel).show_saved(
            f"Saved at {self.event.show(self.app.clock(), with_date=False)}.")
        for warning in result.warnings:
            self.app.notify(warning, title="Please note", severity="warning", timeout=12)
        self.query_one("#reg-ticket").scroll_visible()

    def _show_error(self, error: CoprodError) -> None:
        """Beneath the field the error is about (focusing it), else at the top of the form."""
        message = str(error)
        field_id = error.field if error.field in PERSON_LABELS or error.field in NOTE_LABELS else None
        line = self.query_one(f"#{field_id}-error" if field_id else "#reg-error", Static)
        line.update(message)
        line.display = True
        if field_id:
            self.query_one(f"#{field_id}", Input).focus()
        else:
            line.scroll_visible()
        self.app.report(error)

    def _clear_errors(self) -> None:
        for line in self.query(".field-error"):
            line.display = False

    # The ticket: a file to send or print, or a new code -----------------------------------------

    def action_export_ticket(self) -> None:
        """Ask where (a PDF in ~/coprod-tickets by default), then write it off the event loop."""
        if self.registration_id is None:  # not saved yet: no ticket (the key is hidden)
            return
        try:
            event, holder = ticket_files.for_registration(self.app.store, self.registration_id)
        except (CoprodError, sqlite3.Error) as error:
            self.app.report(error)
            return

        def write_if_chosen(path: Path | None) -> None:
            if path is not None:
                self._write_ticket(event, holder, path)

        default = Path("~", "coprod-tickets", f"{holder.file_stem}.pdf")
        self.app.push_screen(ExportTicketScreen(default), write_if_chosen)

    @work(thread=True, exclusive=True, group="ticket-file")
    def _write_ticket(self, event: events.Event, holder: ticket_files.TicketHolder, path: Path) -> None:
        """Off the event loop: a PDF takes a moment (fpdf2 alone takes a third of a second to load)."""
        try:
            written = ticket_files.write_ticket(event, holder, path)
        except Exception as error:  # said in words: a failed file must not end the app
            message = str(error) if isinstance(error, CoprodError) else f"{type(error).__name__}: {error}"
            self.app.call_from_thread(self.app.notify, message, title="Ticket not written",
                                      severity="error", timeout=10)
            return
        self.app.call_from_thread(self.app.notify, f"{holder.name}'s ticket: {written}",
                                  title="Ticket written")

    def action_reissue_ticket(self) -> None:
        """Ask first: the old code stops working, and the person may have only that one."""
        registration_id = self.registration_id
        if registration_id is None:  # not saved yet: no ticket (the key is hidden)
            return
        try:
            name = registrations.get_registration(self.app.store, registration_id).name
        except CoprodError as error:
            self.app.report(error)
            return
        self.app.push_screen(ConfirmScreen(
            f"Reissue {name}'s ticket?",
            "The old code stops working at once: a printed or emailed ticket with it will be "
            "refused at the desk. Send them the new one.", yes="Reissue"),
            partial(self._reissue_if_confirmed, registration_id))

    def _reissue_if_confirmed(self, registration_id: int, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            tickets.issue(self.app.store, registration_id, reissue=True)
            registration = registrations.get_registration(self.app.store, registration_id)
        except (CoprodError, sqlite3.Error) as error:
            self.app.report(error)
            return
        self._show_ticket(registration)
        self.app.notify("The old code no longer works. Ctrl+T exports the new ticket to send.",
                        title="Ticket reissued")

    def action_back(self) -> None:
        self.app.pop_screen()
