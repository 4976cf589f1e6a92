"""Send an event's tickets by email: the mail settings, a password kept in memory only, then a
progress bar and a line a person as the server accepts (or refuses) each message.

Every read, save and send runs in a worker (`run_core`); the send reports each person back as
a `Progress` message while it runs.
"""

from __future__ import annotations

from typing import NamedTuple

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Header, Input, Label, ProgressBar, Static

from ...core import events
from ...core.errors import CoprodError
from ...core.mailing import send
from ...core.mailing import settings as mail_settings
from ...core.mailing.transport import SmtpTransport
from ...core.store import Store
from ..app import CoprodApp
from ..background import UsesCore
from ..dialogs.confirm import ConfirmScreen
from ..widgets.field_row import field_row


class Form(NamedTuple):
    """The screen's fields as typed."""
    url: str
    sender: str
    contact: str
    password: str
    only_unsent: bool
    on_promotion: bool

    def settings(self) -> mail_settings.MailSettings:
        return mail_settings.MailSettings(
            mail_settings.parse_server(self.url) if self.url.strip() else None,
            mail_settings.parse_sender(self.sender), self.contact.strip() or None, self.on_promotion)


class Opened(NamedTuple):
    event: events.Event
    settings: mail_settings.MailSettings  # in force: the environment's, else those saved
    has_password: bool  # one is already known (the environment, or typed earlier in this app)


def read_screen(store: Store, event_id: int) -> Opened:
    return Opened(events.get_event(store, event_id), mail_settings.load(store),
                  mail_settings.password() is not None)


def save_settings(store: Store, form: Form) -> mail_settings.MailSettings:
    return mail_settings.save(store, url=form.url, sender=form.sender, contact=form.contact,
                              on_promotion=form.on_promotion)


def who_would_get_one(store: Store, event_id: int, form: Form) -> send.Run:
    """A dry run: who a send would reach (and the settings checked first)."""
    form.settings().require_server()
    form.settings().require_sender()
    return send.send_tickets(store, event_id, settings=form.settings(), only_unsent=form.only_unsent,
                             dry_run=True)


def send_now(store: Store, event_id: int, form: Form, progress: send.Progress) -> send.Run:
    settings = form.settings()
    mail_settings.remember_password(form.password or None)  # memory only: for promotions too
    transport = SmtpTransport(settings.require_server(), settings.require_sender(),
                              form.password or mail_settings.password())
    return send.send_tickets(store, event_id, settings=settings, transport=transport,
                             only_unsent=form.only_unsent, progress=progress)


class SendTicketsScreen(UsesCore, Screen[None]):
    """The mail settings, Send, and each person's result as it happens."""

    CSS_PATH = ["send_tickets.tcss", "../dialogs/form.tcss"]  # its settings are a form

    app = getters.app(CoprodApp)
    BINDINGS = [Binding("escape", "back", "Back"), Binding("ctrl+s", "save", "Save settings")]

    class Progress(Message):
        """One person's result, from the worker that is sending."""

        def __init__(self, result: send.Result, done: int, of: int) -> None:
            super().__init__()
            self.result, self.done, self.of = result, done, of

    def __init__(self, event_id: int) -> None:
        super().__init__()
        self.event_id = event_id
        self.sending = False
        self._shown: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="send-form", classes="form-box", can_focus=False):
            yield Static("Each confirmed person is emailed their ticket (QR code, PDF, sessions).",
                         classes="form-note")
            yield field_row("mail-server", "Mail server", Input(
                placeholder="smtps://user@host:465 or smtp://user@host:587"))
            yield field_row("mail-password", "Password", Input(
                password=True, placeholder="kept in memory only: never saved or shown"))
            yield field_row("mail-from", "From", Input(placeholder="Events <events@example.org>"))
            yield field_row("mail-contact", "Adjustments", Input(
                placeholder="who to ask, e.g. call 020 7946 0000 (or they reply)"))
            yield field_row("only-unsent", "Only unsent", Checkbox("Skip those already sent one", value=True))
            yield field_row("on-promotion", "Promotions", Checkbox(
                "Email the ticket when someone is given a place"))
            yield Label("", id="form-error", classes="field-error", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button("Save settings (ctrl+s)", id="save")
                yield Button("Send tickets", variant="primary", id="send")
        with Vertical(id="send-run"):
            yield ProgressBar(id="send-progress", show_eta=False)
            yield DataTable(id="send-results", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Result", "Name", "Detail")
        self.run_core(read_screen, self.event_id, then=self._fill, failed=self._cannot_open)

    def _cannot_open(self, error: Exception) -> None:
        self.app.report(error)
        self.app.pop_screen()

    def _fill(self, opened: Opened) -> None:
        self.sub_title = f"Send tickets: {opened.event.title}"
        settings = opened.settings
        self.query_one("#mail-server", Input).value = settings.server.url if settings.server else ""
        self.query_one("#mail-from", Input).value = settings.sender or ""
        self.query_one("#mail-contact", Input).value = settings.contact or ""
        self.query_one("#on-promotion", Checkbox).value = settings.on_promotion
        if opened.has_password:
            self.query_one("#mail-password", Input).placeholder = "already known: leave blank"
        self.query_one("#mail-server", Input).focus()

    def _form(self) -> Form:
        def typed(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        def ticked(name: str) -> bool:
            return self.query_one(f"#{name}", Checkbox).value

        return Form(typed("mail-server"), typed("mail-from"), typed("mail-contact"), typed("mail-password"),
                    ticked("only-unsent"), ticked("on-promotion"))

    def _say(self, error: Exception | str) -> None:
        self.query_one("#form-error", Label).update(str(error))

    # Saving ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self._say("")
        self.run_core(save_settings, self._form(), then=lambda _: self.app.notify(
            "Mail settings saved (the password is not).", title="Saved"), failed=self._refused, group="write")

    def _refused(self, error: Exception) -> None:
        if isinstance(error, CoprodError):
            self._say(error)
        else:
            self.app.report(error)

    # Sending --------------------------------------------------------------------------------

    @on(Button.Pressed, "#send")
    def ask_then_send(self) -> None:
        if self.sending:
            return
        self._say("")
        form = self._form()
        self.run_core(who_would_get_one, self.event_id, form, then=lambda run: self._confirm(form, run),
                      failed=self._refused)

    def _confirm(self, form: Form, run: send.Run) -> None:
        count = run.count(send.WOULD_SEND)
        if not count:
            self._say(f"Nobody to send to: {run.summary()}")
            return
        question = f"Send {count} ticket{'s' if count != 1 else ''} now?"
        detail = f"From {form.settings().sender} through {form.settings().require_server().url}."
        self.app.push_screen(ConfirmScreen(question, detail, yes="Send"),
                             lambda yes: self._send(form, count) if yes else None)

    def _send(self, form: Form, count: int) -> None:
        self.sending = True
        self._shown.clear()
        self.query_one(DataTable).clear()
        self.query_one(ProgressBar).update(total=count, progress=0)

        def progress(result: send.Result, done: int, of: int) -> None:  # in the worker's thread
            self.post_message(self.Progress(result, done, of))

        self.run_core(send_now, self.event_id, form, progress, then=self._sent, failed=self._not_sent,
                      group="send")

    def on_send_tickets_screen_progress(self, message: Progress) -> None:
        self._shown.add(message.result.registration_id)
        self._add_row(message.result)
        self.query_one(ProgressBar).update(progress=message.done)

    def _add_row(self, result: send.Result) -> None:
        table = self.query_one(DataTable)
        table.add_row(result.outcome, result.name, result.detail)
        table.move_cursor(row=table.row_count - 1)

    def _sent(self, run: send.Run) -> None:
        self.sending = False
        for result in run.results:
            if result.registration_id not in self._shown:
                self._add_row(result)
        if run.stopped:
            self._say(f"Stopped: {run.stopped}")
        self.app.notify(run.summary(), title="Tickets", severity="error" if run.stopped or run.failed
                        else "information", timeout=10)

    def _not_sent(self, error: Exception) -> None:
        self.sending = False
        self._refused(error)

    def action_back(self) -> None:
        if not self.sending:  # a send in progress finishes first: nobody is left half-told
            self.app.pop_screen()
        else:
            self.app.notify("Still sending: wait for it to finish.", severity="warning")
