"""Where messages go: a mail server over one connection a run, or a folder of .eml files.

A mail server's failures become errors in words: a refused login, a server that cannot be
reached, and a connection lost twice stop the run (`StopSending`); a refused address or message
is that person's alone (`NotAccepted`). A connection dropped mid-run is made again once.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol

from ..errors import CoprodError
from .settings import Server

TIMEOUT = 30.0  # seconds to wait on the server before calling the connection lost


class StopSending(CoprodError):
    """The run cannot go on: nobody after this is sent anything."""


class NotAccepted(CoprodError):
    """The server refused this one message (its address, usually); the run goes on."""


class Transport(Protocol):
    marks_sent: bool  # whether delivering counts as sending the ticket

    def deliver(self, message: EmailMessage, address: str, stem: str) -> str:
        """Deliver one message; a few words on where it went."""
        ...

    def close(self) -> None: ...


class SmtpTransport:
    """One connection for the whole run, opened at the first message."""

    marks_sent = True

    def __init__(self, server: Server, sender: str, password: str | Callable[[], str | None] | None, *,
                 timeout: float = TIMEOUT):
        """`password` may be a function, asked only when a login is needed (a prompt comes only
        when there is someone to send to)."""
        self.server = server
        self.envelope_from = parseaddr(sender)[1]
        self._password = password
        self._timeout = timeout
        self._smtp: smtplib.SMTP | None = None
        self._reconnected = False

    def deliver(self, message: EmailMessage, address: str, stem: str) -> str:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._send(message, address)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            if self._reconnected:
                raise StopSending(f"The connection to {self.server.host} was lost again ({_words(error)}); "
                                  "nobody after this was sent anything.") from error
            self._reconnected = True  # once a run: a server that keeps dropping us is not retried
            self._drop()
            self._smtp = self._connect()
            try:
                self._send(message, address)
            except (smtplib.SMTPServerDisconnected, OSError) as again:
                raise StopSending(f"The connection to {self.server.host} was lost twice "
                                  f"({_words(again)}); nobody after this was sent anything.") from again
        return f"accepted by {self.server.host}"

    def _send(self, message: EmailMessage, address: str) -> None:
        assert self._smtp is not None
        try:
            self._smtp.send_message(message, from_addr=self.envelope_from, to_addrs=[address])
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise NotAccepted(f"The server refused the address ({code} {_reply(reply)}).") from error
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
            raise NotAccepted(f"The server refused the message ({error.smtp_code} "
                              f"{_reply(error.smtp_error)}).") from error
        except smtplib.SMTPResponseException as error:
            if error.smtp_code == 421:  # closing the connection: as if it had dropped
                raise smtplib.SMTPServerDisconnected(_reply(error.smtp_error)) from error
            raise NotAccepted(f"The server refused the message ({error.smtp_code} "
                              f"{_reply(error.smtp_error)}).") from error

    def _connect(self) -> smtplib.SMTP:
        """Connect, secure the connection and log in; every failure stops the run, in words."""
        server = self.server
        try:
            if server.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=self._timeout,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(server.host, server.port, timeout=self._timeout)
        except (OSError, smtplib.SMTPException) as error:
            raise StopSending(f"Cannot reach the mail server {server.host}:{server.port} "
                              f"({_words(error)}). Nothing was sent.") from error
        try:
            self._secure_and_log_in(smtp)
        except smtplib.SMTPAuthenticationError as error:
            smtp.close()
            raise StopSending(f"The mail server refused the login for {server.user} "
                              f"({error.smtp_code} {_reply(error.smtp_error)}). Check the user and "
                              "password; nothing was sent.") from error
        except (OSError, smtplib.SMTPException) as error:
            smtp.close()
            raise StopSending(f"The mail server {server.host} could not be used ({_words(error)}). "
                              "Nothing was sent.") from error
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _secure_and_log_in(self, smtp: smtplib.SMTP) -> None:
        server = self.server
        smtp.ehlo()
        if server.security == "starttls" and smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        elif server.security == "starttls" and server.user and not server.is_local:
            raise StopSending(f"{server.host} does not offer STARTTLS, so the password would cross "
                              "the network unencrypted. Nothing was sent: use smtps://…:465, or a "
                              "server that offers STARTTLS.")
        if server.user:
            if callable(self._password):
                self._password = self._password()  # asked once a run
            if not self._password:
                raise StopSending(f"No password for {server.user}. Nothing was sent.")
            smtp.login(server.user, self._password)

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            except OSError:
                pass
            self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass  # the messages already accepted stay accepted
            self._drop()


class EmlFolder:
    """Each message as a .eml file in a folder, for any mail client to send. Writing a file is not
    sending it, so nothing is marked sent (as pretix and Indico only count what left their server)."""

    marks_sent = False

    def __init__(self, folder: Path):
        self.folder = folder

    def deliver(self, message: EmailMessage, address: str, stem: str) -> str:
        from ..ticket_files import output_path, write_file

        path = output_path(self.folder) / f"{stem}.eml"
        data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        write_file(path, lambda: data)  # readable by you alone: a ticket code lets a person in
        return str(path)

    def close(self) -> None:
        pass


def _reply(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())[:160]


def _words(error: BaseException) -> str:
    if isinstance(error, socket.timeout):
        return "no answer in time"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed: {error.reason or error}"
    return " ".join(str(error).split())[:160] or type(error).__name__
