"""Register someone for an event, or edit their registration.

Person, roles, access needs (kept only with consent), PA link and sessions; after saving, the
registration's status and the QR code of its live ticket. Every read and write runs in a worker
(`run_core`): the form paints at once and fills in when its data arrives.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...core import catalogue, events, people, registrations, roster, ticket_content, ticket_files, tickets
from ...core.consent import Notice, notice
from ...core.errors import CoprodError, NotFound, explain
from ...core.registrations import NOTE_LIMIT, Registration
from ...core.store import Store
from ...core.text import and_list
from ..app import HELP, CoprodApp
from ..background import UsesCore
from ..dialogs.confirm import ConfirmScreen, leave_unsaved
from ..dialogs.ticket_export import ExportCertificateScreen, ExportTicketScreen
from ..messages import DatabaseChanged
from ..privacy_commands import PersonPrivacyCommands
from ..widgets.access_needs import AccessNeedsChecklist
from ..widgets.form_parts import Checklist, heading, hidden, labelled_input, tick_exactly
from ..widgets.pa_picker import PaPicker
from ..widgets.session_choice import SessionChoice
from ..widgets.ticket_panel import TicketPanel

if TYPE_CHECKING:
    from ...core.certificates import CertificateRun, Standing

PERSON_LABELS = {  # email next to the name: both find a person already known
    "name": "Name (required)", "email": "Email", "preferred_name": "Preferred name",
    "pronouns": "Pronouns", "phone": "Phone", "organisation": "Organisation",
}
NOTE_LABELS = {"role_notes": "role notes", "access_notes": "access notes", "dietary": "dietary needs"}


class Stored(NamedTuple):
    """A saved registration as the form shows it."""

    registration: Registration
    supports: str  # the name of the person they are the PA of ("" if none)
    ticket_code: str | None  # of its live ticket
    agenda: ticket_content.Agenda  # the sessions or course dates its ticket lists


def read_stored(store: Store, registration_id: int) -> Stored:
    registration = registrations.get_registration(store, registration_id)
    supported = registration.pa_for_registration_id
    ticket = tickets.live_ticket(store, registration.id)
    event = events.get_event(store, registration.event_id)
    return Stored(registration, registrations.get_registration(store, supported).name if supported else "",
                  ticket.code if ticket else None, ticket_content.agenda(store, event, registration.id))


class Opened(NamedTuple):
    """What the form needs before it can be used."""

    event: events.Event
    sessions: list[events.Session]
    stored: Stored | None  # None for a new registration
    notice: Notice  # the privacy notice consent is asked under: its words are the form's


def read_form(store: Store, event_id: int, registration_id: int | None) -> Opened:
    return Opened(events.get_event(store, event_id), events.list_sessions(store, event_id),
                  read_stored(store, registration_id) if registration_id is not None else None,
                  notice(store))


def likely_person(store: Store, text: str) -> people.Person | None:
    """The best match for what was typed into the name or email, if any."""
    try:
        found = people.search_people(store, text, limit=1)
    except CoprodError:  # nothing searchable typed (or the database busy): no suggestion
        return None
    return found[0] if found else None


def pa_candidates(store: Store, event_id: int, text: str) -> tuple[roster.RosterRow, ...]:
    """This event's registrations matching `text` (none if the search is refused)."""
    try:
        return roster.roster(store, event_id, text=text, limit=8).rows
    except CoprodError:
        return ()


def certificate_standing(store: Store, registration_id: int, now: datetime) -> Standing:
    from ...core import certificates  # fpdf2 takes a third of a second to load: only when asked

    return certificates.standing(store, registration_id, now=now)


def write_certificate(store: Store, registration_id: int, path: Path, anyway: bool,
                      now: datetime) -> CertificateRun:
    from ...core import certificates

    return certificates.write_one(store, registration_id, path, anyway=anyway, now=now)


class RegistrationScreen(UsesCore, Screen[int | None]):
    """A new registration, or an existing one to edit. Ctrl+S saves; the screen then stays on
    the saved registration and shows its status and ticket. It is dismissed with the id of the
    registration it shows (None if nothing was saved)."""

    CSS_PATH = "registration.tcss"

    app = getters.app(CoprodApp)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        HELP,
        Binding("f2", "use_known_person", "Use known person"),
        Binding("ctrl+t", "export_ticket", "Export ticket"),
        Binding("ctrl+r", "reissue_ticket", "Reissue ticket"),
        Binding("escape", "back", "Back"),
        Binding("f3", "certificate", "Certificate"),  # after Back: a narrow Footer keeps Back
    ]
    COMMANDS = {PersonPrivacyCommands}  # with the app's: subject access, erasure

    def __init__(self, event_id: int, registration_id: int | None = None) -> None:
        super().__init__()
        self.event_id = event_id
        self.registration_id = registration_id
        self.person_id: int | None = None  # whose details the person fields hold, once known
        self.known: people.Person | None = None  # offered on the "Already known" line
        self.had_consent = False  # as stored: unticking it now deletes what it covered
        self.saved: Registration | None = None  # as last read or saved
        self.event: events.Event | None = None  # None until read: nothing can be saved before
        self.sessions: dict[int, events.Session] = {}
        self._saving = False  # a save is on its way: a second ctrl+s must not register twice
        self._as_loaded: dict[str, Any] = {}  # the form as last filled from the database (or blank)

    # Layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reg-form", can_focus=False):
            yield hidden(Static(id="reg-error", classes="field-error", markup=False))
            with VerticalGroup(id="reg-top"):  # the ticket beside person and roles when wide
                yield VerticalGroup(self._person_section(), self._roles_section(), id="reg-main")
                yield hidden(TicketPanel(id="reg-ticket"))
            yield self._access_section()
            yield VerticalGroup(heading("PA or supporter", "is this person the PA or supporter of someone "
                                        "registered for this event?"), PaPicker(id="reg-pa"))
            yield SessionChoice()
            yield Button("Save (Ctrl+S)", id="reg-save", variant="primary", compact=True)
        yield Footer()

    def _person_section(self) -> VerticalGroup:
        placeholders = {"preferred_name": "what they like to be called",
                        "pronouns": "e.g. she/her, they/them", "email": "name@example.org"}
        fields = [labelled_input(label, name, placeholder=placeholders.get(name, ""))
                  for name, label in PERSON_LABELS.items()]
        return VerticalGroup(
            heading("Person"),
            *fields[:2],
            hidden(Static(id="reg-known", markup=False)),
            *fields[2:],
            id="reg-person",
        )

    def _roles_section(self) -> VerticalGroup:
        return VerticalGroup(
            heading("Roles", "tick every role that applies: many people hold more than one"),
            Checklist[str](*(Selection(Content(role.label), role.code) for role in catalogue.ROLES),
                           id="roles"),
            labelled_input("Role notes", "role_notes", max_length=NOTE_LIMIT),
            HorizontalGroup(Label("Payment", classes="reg-label"),
                            Checkbox("Eligible for an involvement payment", id="payment_eligible",
                                     compact=True), classes="reg-row"),
        )

    def _access_section(self) -> VerticalGroup:
        return VerticalGroup(
            heading("Access needs", "ask what would help, never for a diagnosis; every question is optional"),
            HorizontalGroup(Label("Consent", classes="reg-label"),
                            Checkbox("Consent given", id="consent", compact=True),
                            Static(id="reg-consent-why", classes="muted", markup=False),
                            id="reg-consent", classes="reg-row"),
            hidden(Static(id="reg-consent-warning", markup=False)),
            AccessNeedsChecklist(id="reg-needs"),
            labelled_input("Access notes", "access_notes", max_length=NOTE_LIMIT),
            labelled_input("Dietary needs", "dietary", placeholder="anything the caterers should know",
                           max_length=NOTE_LIMIT),
        )

    # Loading ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.title = f"Registration {self.registration_id}" if self.registration_id else "New registration"
        self._as_loaded = self._comparable()  # blank: what a new registration starts from
        self.run_core(read_form, self.event_id, self.registration_id, then=self._open,
                      failed=self._cannot_open)

    def _open(self, opened: Opened) -> None:
        self.event = opened.event
        self.sub_title = opened.event.title
        self.sessions = {session.id: session for session in opened.sessions}
        self.query_one(SessionChoice).offer(opened.event, opened.sessions)
        self.query_one("#reg-consent-why", Static).update(
            f"{opened.notice.text} (Privacy notice {opened.notice.version}.)")
        if opened.stored is not None:
            self._load(opened.stored)
        self.query_one("#name", Input).focus()  # now that the form can be saved

    def _cannot_open(self, error: Exception) -> None:
        self.app.report(error)
        if self.is_current:
            self.app.pop_screen()

    def _load(self, stored: Stored) -> None:
        """Fill the form with the registration as stored, and show its status and ticket."""
        registration = stored.registration
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
        self.query_one(PaPicker).choose(registration.pa_for_registration_id, stored.supports)
        self._as_loaded = self._comparable()
        self._show_ticket(stored)

    def _show_ticket(self, stored: Stored) -> None:
        """Status (with waiting-list places), consent, and the live ticket's QR code."""
        self.saved = registration = stored.registration
        self.title = f"Registration {registration.id}"
        panel = self.query_one(TicketPanel)
        panel.show(registration, self.sessions, stored.ticket_code, stored.agenda)
        panel.display = True
        self.refresh_bindings()

    @property
    def has_ticket(self) -> bool:
        """Saved and not cancelled: its ticket can be exported or reissued."""
        return self.saved is not None and self.saved.status != "cancelled"

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another desk wrote: the status may have moved (a promotion), the form stays as typed."""
        if self.registration_id is not None:
            self.run_core(read_stored, self.registration_id, then=self._show_ticket,
                          failed=self._status_unavailable, group="status", exclusive=True)

    def _status_unavailable(self, error: Exception) -> None:
        if isinstance(error, NotFound):  # erased at another desk
            self.query_one(TicketPanel).show_unavailable(str(error))
        else:
            self.app.report(error)

    # An existing person ----------------------------------------------------------------------

    @on(Input.Changed, "#name, #email")
    def _search_known_person(self, event: Input.Changed) -> None:
        """A new registration's name or email may be someone already known: look them up."""
        text = event.value.strip()
        if self.registration_id is None and len(text) >= people.MIN_SEARCH:
            self.run_core(likely_person, text, then=partial(self._found_known_person, text),
                          group="known-person", exclusive=True)
        else:
            self._offer(None)

    def _found_known_person(self, text: str, person: people.Person | None) -> None:
        if any(self.query_one(f"#{name}", Input).value.strip() == text for name in ("name", "email")):
            self._offer(person)  # else typed on since: that answer is stale

    def _offer(self, person: people.Person | None) -> None:
        """Offer this person on the "Already known" line (F2), unless they are this form's."""
        self.known = person if person is not None and person.id != self.person_id else None
        line = self.query_one("#reg-known", Static)
        if self.known is not None:
            line.update(f"Already known: {self.known.name} ({self.known.email or 'no email'})"
                        " — press F2 to use their details")
        line.display = self.known is not None
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_known_person":
            return self.known is not None
        if action in ("export_ticket", "reissue_ticket"):
            return self.has_ticket
        if action == "certificate":
            return self.saved is not None
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
        self.run_core(pa_candidates, self.event_id, message.text,
                      then=partial(self._offer_pas, message.text), group="pa-search", exclusive=True)

    def _offer_pas(self, text: str, rows: tuple[roster.RosterRow, ...]) -> None:
        self.query_one(PaPicker).offer(text, tuple(
            row for row in rows if row.registration_id != self.registration_id and row.status != "cancelled"))

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
        return f"Without consent, {and_list(dropped)} {fate}."

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
        """Save; first ask about what would not be kept without consent, then about booking no
        sessions when some need booking."""
        if self.event is None or self._saving:  # not read yet, or a save on its way
            return
        warning = self._consent_warning()
        if warning:
            message = (f"{warning} They are health-related, so we keep them only with the "
                       "person's consent.\n\nSave the rest?")
            self.app.push_screen(ConfirmScreen(message, yes="Save the rest", no="Go back"),
                                 lambda confirmed: self._check_sessions() if confirmed else None)
        else:
            self._check_sessions()

    def _sessions_to_book(self) -> list[events.Session]:
        """A conference's sessions that need booking, when none is ticked (a PA's places follow
        the person they support, so theirs are not asked about)."""
        if (self.event is None or self.event.kind != "conference" or self.query_one(SessionChoice).chosen
                or self.query_one(PaPicker).pa_for is not None):
            return []
        return [session for session in self.sessions.values() if session.booking_required]

    def _check_sessions(self) -> None:
        unbooked = self._sessions_to_book()
        if not unbooked:
            self._save()
            return
        name = self.query_one("#name", Input).value.strip() or "this person"
        what = (and_list([session.title for session in unbooked]) if len(unbooked) <= 2
                else f"{len(unbooked)} sessions of this conference")  # long titles: a count
        self.app.push_screen(ConfirmScreen(
            "Save without any sessions?",
            f"{what} {'needs' if len(unbooked) == 1 else 'need'} booking: without a session "
            f"ticked, {name} has a place at none of them.",
            yes="Save without sessions", no="Choose sessions"), self._save_or_choose_sessions)

    def _save_or_choose_sessions(self, confirmed: bool | None) -> None:
        if confirmed:
            self._save()
        else:
            sessions = self.query_one("#sessions")
            sessions.focus()
            sessions.scroll_visible()

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

    def _comparable(self) -> dict[str, Any]:
        """The form's values, lists as sets: ticking in another order is no change."""
        return {name: frozenset(value) if isinstance(value, list) else value
                for name, value in self._form_values().items()}

    def _save(self) -> None:
        self._clear_errors()
        values = self._form_values()
        event_id, registration_id, person_id = self.event_id, self.registration_id, self.person_id

        def save(store: Store) -> tuple[tuple[str, ...], Stored]:
            result = (registrations.register(store, event_id, person_id=person_id, **values)
                      if registration_id is None
                      else registrations.update_registration(store, registration_id, **values))
            return result.warnings, read_stored(store, result.registration.id)

        self._saving = True
        self.run_core(save, then=self._saved, failed=self._refused, group="save")

    def _saved(self, outcome: tuple[tuple[str, ...], Stored]) -> None:
        warnings, stored = outcome
        self._saving = False
        self.registration_id = stored.registration.id
        self._load(stored)
        if self.event is not None:
            self.query_one(TicketPanel).show_saved(
                f"Saved at {self.event.show(self.app.clock(), with_date=False)}.")
        for warning in warnings:
            self.app.notify(warning, title="Please note", severity="warning", timeout=12)
        # Once laid out: the panel was hidden until now, so where it is is not known yet.
        self.call_after_refresh(self.query_one("#reg-ticket").scroll_visible)

    def _refused(self, error: Exception) -> None:
        """Nothing was saved: say why at the field it is about; the form keeps what was typed."""
        self._saving = False
        if isinstance(error, people.DifferentPerson):
            # The core's words are for the command line (--same-person); here F2 says "it is them".
            self._offer(error.person)
            error = CoprodError(f"{error.person.email} is already the email of {error.person.name}. "
                                "If this is them, press F2 to use their details; otherwise check "
                                "the email.", field="email")
        if isinstance(error, CoprodError):
            self._show_error(error)
        self.app.report(error)

    def _show_error(self, error: CoprodError) -> None:
        """Beneath the field the error is about (focusing it), else at the top of the form."""
        field_id = error.field if error.field in PERSON_LABELS or error.field in NOTE_LABELS else None
        line = self.query_one(f"#{field_id}-error" if field_id else "#reg-error", Static)
        line.update(str(error))
        line.display = True
        if field_id:
            self.query_one(f"#{field_id}", Input).focus()
        else:
            line.scroll_visible()

    def _clear_errors(self) -> None:
        for line in self.query(".field-error"):
            line.display = False

    # The ticket: a file to send or print, or a new code -----------------------------------------

    def action_export_ticket(self) -> None:
        """Read the ticket (issuing one if need be), ask where (a PDF in ~/coprod-tickets by
        default), then write it in a worker (fpdf2 alone takes a third of a second to load)."""
        if self.registration_id is not None:  # else not saved yet: no ticket (the key is hidden)
            self.run_core(ticket_files.for_registration, self.registration_id, then=self._ask_where)

    def _ask_where(self, found: tuple[events.Event, ticket_files.TicketHolder]) -> None:
        event, holder = found

        def write_if_chosen(path: Path | None) -> None:
            if path is not None:  # a file, not the database: the store is not needed
                self.run_core(lambda _store: ticket_files.write_ticket(event, holder, path),
                              then=partial(self._ticket_written, holder.name),
                              failed=self._ticket_not_written, group="ticket-file")

        default = Path("~", "coprod-tickets", f"{holder.file_stem}.pdf")
        self.app.push_screen(ExportTicketScreen(default), write_if_chosen)

    def _ticket_written(self, name: str, path: Path) -> None:
        self.app.notify(f"{name}'s ticket: {path}", title="Ticket written")

    def _ticket_not_written(self, error: Exception) -> None:
        self.app.notify(explain(error), title="Ticket not written", severity="error", timeout=10)

    def action_reissue_ticket(self) -> None:
        """Ask first: the old code stops working, and the person may have only that one."""
        if self.saved is None:  # not saved yet: no ticket (the key is hidden)
            return
        self.app.push_screen(ConfirmScreen(
            f"Reissue {self.saved.name}'s ticket?",
            "The old code stops working at once: a printed or emailed ticket with it will be "
            "refused at the desk. Send them the new one.", yes="Reissue"),
            partial(self._reissue_if_confirmed, self.saved.id))

    def _reissue_if_confirmed(self, registration_id: int, confirmed: bool | None) -> None:
        def reissue(store: Store) -> Stored:
            tickets.issue(store, registration_id, reissue=True)
            return read_stored(store, registration_id)

        if confirmed:
            self.run_core(reissue, then=self._reissued)

    def _reissued(self, stored: Stored) -> None:
        self._show_ticket(stored)
        self.app.notify("The old code no longer works. Ctrl+T exports the new ticket to send.",
                        title="Ticket reissued")

    # A certificate of attendance ---------------------------------------------------------------

    def action_certificate(self) -> None:
        """Is this person eligible (by the event's rule, as `attendance` counts it)? If so, ask
        where to write theirs; if not, say why, and offer it anyway if they came at all."""
        if self.saved is not None:  # else not saved yet (the key is hidden)
            self.run_core(certificate_standing, self.saved.id, self.app.clock(), then=self._offer_certificate)

    def _offer_certificate(self, standing: Standing) -> None:
        name = standing.name
        if standing.cannot_write:
            self.app.notify(standing.cannot_write, title="No certificate", severity="warning", timeout=12)
        elif standing.eligible:
            self._ask_where_certificate(standing, anyway=False)
        elif standing.attended:
            self.app.push_screen(ConfirmScreen(
                f"{name} is not eligible for a certificate",
                f"{name} {standing.why_not} (the event's rule: {standing.event.certificate_ratio:.0%} "
                "of the sessions). A certificate given anyway says the sessions and hours they attended.",
                yes="Give one anyway", no="Don't"),
                lambda anyway: self._ask_where_certificate(standing, anyway=True) if anyway else None)
        else:
            self.app.notify(f"{name} {standing.why_not}.",
                            title="No certificate", severity="warning", timeout=10)

    def _ask_where_certificate(self, standing: Standing, *, anyway: bool) -> None:
        assert standing.certificate is not None  # they attended: they have a tally
        registration_id = standing.certificate.registration_id

        def write_if_chosen(path: Path | None) -> None:
            if path is not None:
                self.run_core(write_certificate, registration_id, path, anyway, self.app.clock(),
                              then=partial(self._certificate_written, standing.name),
                              failed=self._certificate_not_written, group="certificate-file")

        stem = ticket_files.file_stem(standing.name, registration_id)
        self.app.push_screen(ExportCertificateScreen(Path("~", "coprod-certificates", f"{stem}.pdf")),
                             write_if_chosen)

    def _certificate_written(self, name: str, run: CertificateRun) -> None:
        self.app.notify(f"{name}'s certificate: saved to {run.paths[0]}", title="Certificate written")

    def _certificate_not_written(self, error: Exception) -> None:
        self.app.notify(explain(error), title="Certificate not written", severity="error", timeout=10)

    def action_back(self) -> None:
        """Back to where the form was opened, which is told the registration it shows (if saved);
        asking first when something typed or ticked here is not saved."""
        if self._comparable() == self._as_loaded:
            self.dismiss(self.registration_id)
        else:
            self.app.push_screen(leave_unsaved(),
                                 lambda leave: self.dismiss(self.registration_id) if leave else None)
