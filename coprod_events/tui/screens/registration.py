"""Register someone for an event, or edit their registration.

Person, roles, access needs (kept only with consent), PA link and sessions; after saving, the
registration's status and the QR code of its live ticket.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (Button, Checkbox, Footer, Header, Input, Label, OptionList,
                             SelectionList, Static)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from ...core import catalogue, events, people, registrations, roster, ticket_files, tickets
from ...core.errors import CoprodError, NotFound
from ...core.registrations import NOTE_LIMIT, Registration
from ...core.text import MAX_FIELD
from ..messages import DatabaseChanged
from ..widgets.qr import QRCode
from .confirm import ConfirmScreen
from .ticket_export import ExportTicketScreen

W = TypeVar("W", bound=Widget)

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

def hidden(widget: W) -> W:
    """The widget, not displayed until the screen has something to show in it."""
    widget.display = False
    return widget


def field(label: str, field_id: str, *, placeholder: str = "", max_length: int = MAX_FIELD) -> VerticalGroup:
    """A labelled Input with an error line beneath it (hidden while there is no error)."""
    return VerticalGroup(
        HorizontalGroup(Label(label, classes="reg-label"),
                        Input(id=field_id, placeholder=placeholder, max_length=max_length),
                        classes="reg-row"),
        hidden(Static(id=f"{field_id}-error", classes="field-error", markup=False)),
        id=f"{field_id}-field", classes="reg-field",
    )


def spoken_list(items: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def needs_by_group() -> dict[str, list[catalogue.AccessNeed]]:
    """The access needs catalogue under its group headings, in catalogue order."""
    groups: dict[str, list[catalogue.AccessNeed]] = {}
    for need in catalogue.ACCESS_NEEDS:
        groups.setdefault(need.group, []).append(need)
    return groups


class AccessNeedsChecklist(VerticalGroup):
    """Access needs ticked under their group headings. A need with a detail (print size,
    language, allergen) shows an input for it once ticked."""

    def compose(self) -> ComposeResult:
        for index, (group, needs) in enumerate(needs_by_group().items()):
            with VerticalGroup(classes="reg-need-group"):
                yield Label(group, classes="reg-group")
                yield SelectionList[str](*(Selection(Content(need.label), need.code) for need in needs),
                                         id=f"needs-{index}", classes="reg-needs")
                for need in needs:
                    if need.detail_prompt:
                        yield hidden(field(need.detail_prompt, f"detail-{need.code}",
                                           placeholder=f"for {need.label.lower()}"))

    @property
    def needs(self) -> list[tuple[str, str | None]]:
        """The ticked needs in catalogue order, each with its detail (None when blank)."""
        ticked = {code for selection_list in self.query(SelectionList) for code in selection_list.selected}
        return [(need.code, (self._detail(need.code).value.strip() or None) if need.detail_prompt else None)
                for need in catalogue.ACCESS_NEEDS if need.code in ticked]

    def show_needs(self, access: Iterable[tuple[str, str | None]]) -> None:
        """Tick exactly these needs and fill in their details."""
        details = dict(access)
        groups = list(needs_by_group())
        for selection_list in self.query(SelectionList):
            selection_list.deselect_all()
        for code in details:
            group = groups.index(catalogue.NEEDS_BY_CODE[code].group)
            self.query_one(f"#needs-{group}", SelectionList).select(code)
        for need in catalogue.ACCESS_NEEDS:
            if need.detail_prompt:
                self._detail(need.code).value = details.get(need.code) or ""

    def _detail(self, code: str) -> Input:
        return self.query_one(f"#detail-{code}", Input)

    @on(SelectionList.SelectedChanged, ".reg-needs")
    def _show_detail_inputs(self) -> None:
        ticked = {code for code, _ in self.needs}
        for need in catalogue.ACCESS_NEEDS:
            if need.detail_prompt:
                self.query_one(f"#detail-{need.code}-field").display = need.code in ticked


class PaPicker(VerticalGroup):
    """"Is the PA or supporter of": type 3+ characters of a name or email, then pick one of
    this event's registrations. The screen answers each Search by setting `matches`."""

    class Search(Message):
        """Find this event's registrations matching `text`."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    matches: reactive[tuple[roster.RosterRow, ...]] = reactive((), always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pa_for: int | None = None
        self._chosen_name = ""

    def compose(self) -> ComposeResult:
        yield Static("Is this person the PA or supporter of someone registered for this event?",
                     classes="muted")
        yield HorizontalGroup(
            Label("Supporting", classes="reg-label"),
            Input(id="pa-search", placeholder="3+ letters of their name or email", max_length=MAX_FIELD),
            classes="reg-row",
        )
        yield OptionList(id="pa-matches")
        yield Static(id="pa-hint", classes="muted", markup=False)

    def choose(self, registration_id: int | None, name: str = "") -> None:
        """Link to this registration (None unlinks); the box shows their name."""
        self.pa_for, self._chosen_name = registration_id, name
        self.query_one("#pa-search", Input).value = name
        self.matches = ()

    @on(Input.Changed, "#pa-search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        if self.pa_for is not None and event.value == self._chosen_name:
            return
        self.pa_for, self._chosen_name = None, ""
        text = event.value.strip()
        if len(text) >= people.MIN_SEARCH:
            self.post_message(self.Search(text))
        else:
            self.matches = ()

    @on(OptionList.OptionSelected, "#pa-matches")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.matches[event.option_index]
        self.choose(row.registration_id, row.name)

    def watch_matches(self, matches: tuple[roster.RosterRow, ...]) -> None:
        option_list = self.query_one("#pa-matches", OptionList)
        option_list.clear_options()
        option_list.add_options(
            Option(Content(f"{row.name} ({row.email or 'no email'}) · {row.status}"))
            for row in matches)
        option_list.highlighted = 0 if matches else None
        option_list.display = bool(matches)
        hint, text = self.query_one("#pa-hint", Static), self._hint()
        hint.update(text)
        hint.display = bool(text)

    def _hint(self) -> str:
        if self.pa_for is not None:
            return f"Supporting {self._chosen_name} (registration {self.pa_for}). Empty the box to unlink."
        if self.matches:
            return "Choose one: Tab to the list, then Enter."
        if len(self.query_one("#pa-search", Input).value.strip()) >= people.MIN_SEARCH:
            return "No one registered for this event matches that."
        return ""


class RegistrationScreen(Screen[None]):
    """A new registration, or an existing one to edit. Ctrl+S saves; the screen then stays on
    the saved registration and shows its status and ticket."""

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
                yield hidden(self._ticket_panel())
            yield self._roles_section()
            yield self._access_section()
            yield VerticalGroup(Label("PA or supporter", classes="reg-heading"), PaPicker(id="reg-pa"))
            yield VerticalGroup(Label("Sessions", classes="reg-heading"),
                                SelectionList[int](id="sessions"),
                                hidden(Static("This event has no sessions to choose.",
                                              id="reg-no-sessions", classes="muted")))
            yield Button("Save (Ctrl+S)", id="reg-save", variant="primary")
        yield Footer()

    def _person_section(self) -> VerticalGroup:
        placeholders = {"preferred_name": "what they like to be called",
                        "pronouns": "e.g. she/her, they/them", "email": "name@example.org"}
        fields = [field(label, name, placeholder=placeholders.get(name, ""))
                  for name, label in PERSON_LABELS.items()]
        return VerticalGroup(
            Label("Person", classes="reg-heading"),
            *fields[:2],
            hidden(Static(id="reg-known", markup=False)),
            *fields[2:],
            id="reg-person",
        )

    def _ticket_panel(self) -> VerticalGroup:
        return VerticalGroup(
            hidden(Static(id="reg-saved", markup=False)),
            Static(id="reg-status", markup=False),
            Static(id="reg-status-detail", classes="muted", markup=False),
            QRCode(id="reg-qr"),
            id="reg-ticket",
        )

    def _roles_section(self) -> VerticalGroup:
        return VerticalGroup(
            Label("Roles", classes="reg-heading"),
            Static("Tick every role that applies: many people hold more than one.", classes="muted"),
            SelectionList[str](*(Selection(Content(role.label), role.code) for role in catalogue.ROLES),
                               id="roles"),
            field("Role notes", "role_notes", max_length=NOTE_LIMIT),
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
            field("Access notes", "access_notes", max_length=NOTE_LIMIT),
            field("Dietary needs", "dietary", placeholder="anything the caterers should know",
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
        self._show_sessions(events.list_sessions(store, event.id))
        if registration is not None:
            self._load(registration)
        self.query_one("#name", Input).focus()

    def _show_sessions(self, sessions: list[events.Session]) -> None:
        """Time, title and room of each session (the date too when they span several days):
        the time first, so a narrow terminal cuts the room rather than the time."""
        self.sessions = {session.id: session for session in sessions}
        event = self.event
        multi_day = events.several_days(event, sessions)
        options = []
        for session in sessions:
            when = (f"{event.show(session.starts_at, with_date=multi_day)}"
                    f"–{event.show(session.ends_at, with_date=False)}")
            label = " · ".join(part for part in (when, session.title, session.room) if part)
            options.append(Selection(Content(label), session.id))
        self.query_one("#sessions", SelectionList).add_options(options)
        self.query_one("#sessions").display = bool(sessions)
        self.query_one("#reg-no-sessions").display = not sessions

    def _load(self, registration: Registration) -> None:
        """Fill the form with the registration as stored, and show its status and ticket."""
        person = registration.person
        self.person_id = person.id
        for name in people.PERSON_FIELDS:
            self.query_one(f"#{name}", Input).value = getattr(person, name) or ""
        self._tick(self.query_one("#roles", SelectionList), registration.roles)
        self.query_one(AccessNeedsChecklist).show_needs(registration.access)
        for name in NOTE_LABELS:
            self.query_one(f"#{name}", Input).value = getattr(registration, name) or ""
        self.had_consent = registration.consent_at is not None
        self.query_one("#consent", Checkbox).value = self.had_consent
        self.query_one("#payment_eligible", Checkbox).value = registration.payment_eligible
        self._tick(self.query_one("#sessions", SelectionList),
                   [b.session_id for b in registration.bookings if b.session_id in self.sessions])
        supported = registration.pa_for_registration_id
        self.query_one(PaPicker).choose(
            supported, registrations.get_registration(self.app.store, supported).name if supported else "")
        self._show_ticket(registration)

    @staticmethod
    def _tick(selection_list: SelectionList, values: Iterable) -> None:
        selection_list.deselect_all()
        for value in values:
            selection_list.select(value)

    def _show_ticket(self, registration: Registration) -> None:
        """Status (with waiting-list places), consent, and the live ticket's QR code."""
        self.title = f"Registration {registration.id}"
        headline = {
            "confirmed": "Confirmed",
            "waitlisted": f"Waitlisted: number {registration.waitlist_position} on the waiting list",
            "cancelled": "Cancelled",
        }[registration.status]
        status = self.query_one("#reg-status", Static)
        status.update(headline)
        for name in registrations.STATUSES:
            status.set_class(registration.status == name, f"-{name}")
        lines = [f"Waiting list for {self.sessions[b.session_id].title}: place {b.waitlist_position}"
                 for b in registration.bookings
                 if b.status == "waitlisted" and b.session_id in self.sessions]
        lines.append("Consent recorded." if registration.consent_at else
                     "No consent recorded: access needs and notes are not kept.")
        ticket = tickets.live_ticket(self.app.store, registration.id)
        if ticket is None:
            lines.append("No live ticket.")
        self.query_one("#reg-status-detail", Static).update("\n".join(lines))
        self.query_one(QRCode).code = ticket.code if ticket else ""
        self.query_one("#reg-ticket").display = True
        self.has_ticket = registration.status != "cancelled"
        self.refresh_bindings()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another desk wrote: the status may have moved (a promotion), the form stays as typed."""
        if self.registration_id is None:
            return
        try:
            self._show_ticket(registrations.get_registration(self.app.store, self.registration_id))
        except NotFound as error:  # erased at another desk
            self.query_one("#reg-status", Static).update(str(error))

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
    @on(SelectionList.SelectedChanged, ".reg-needs")
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

    def _form_values(self) -> dict:
        """The form as keyword arguments for registrations.register / update_registration."""
        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        return {
            **{name: text(name) for name in people.PERSON_FIELDS},
            "roles": self.query_one("#roles", SelectionList).selected,
            "access": self.query_one(AccessNeedsChecklist).needs,
            **{name: text(name) for name in NOTE_LABELS},
            "consent": self.query_one("#consent", Checkbox).value,
            "sessions": self.query_one("#sessions", SelectionList).selected,
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
        saved = self.query_one("#reg-saved", Static)
        saved.update(f"Saved at {self.event.show(self.app.clock(), with_date=False)}.")
        saved.display = True
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
        try:
            name = registrations.get_registration(self.app.store, self.registration_id).name
        except CoprodError as error:
            self.app.report(error)
            return
        self.app.push_screen(ConfirmScreen(
            f"Reissue {name}'s ticket?",
            "The old code stops working at once: a printed or emailed ticket with it will be "
            "refused at the desk. Send them the new one.", yes="Reissue"), self._reissue_if_confirmed)

    def _reissue_if_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            tickets.issue(self.app.store, self.registration_id, reissue=True)
            registration = registrations.get_registration(self.app.store, self.registration_id)
        except (CoprodError, sqlite3.Error) as error:
            self.app.report(error)
            return
        self._show_ticket(registration)
        self.app.notify("The old code no longer works. Ctrl+T exports the new ticket to send.",
                        title="Ticket reissued")

    def action_back(self) -> None:
        self.app.pop_screen()
