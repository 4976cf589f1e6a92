"""Where tickets are sent from: the mail server, the sender, and who to ask for adjustments.

The environment wins over what the settings screen saved (per item), so a script can point one
run elsewhere. The server is a URL:

  smtps://user@host[:465]   TLS from the start.
  smtp://user@host[:587]    STARTTLS, required before the password is sent.
  smtp://host[:25]          a relay without a login: STARTTLS when it offers it, else plain.

A password is sent in the clear only to a server on this machine (localhost: a local relay or a
test server). A password written into the URL is refused (and never echoed): give it in
COPROD_EVENTS_SMTP_PASSWORD or when asked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from ..data import settings as data
from ..errors import CoprodError, quote
from ..store import Store
from ..text import clean, clean_email
from . import KEY_CONTACT, KEY_FROM, KEY_ON_PROMOTION, KEY_URL

ENV_URL = "COPROD_EVENTS_SMTP"
ENV_FROM = "COPROD_EVENTS_SMTP_FROM"
ENV_PASSWORD = "COPROD_EVENTS_SMTP_PASSWORD"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_SCHEMES = {"smtps": ("tls", 465), "smtp": ("starttls", 587)}
_remembered: list[str] = []  # the password typed into the app, for as long as it runs


def remember_password(password: str | None) -> None:
    """Keep the password typed on the Send tickets screen in this process's memory only, so a
    promotion from the waiting list can send a ticket too. Never written anywhere."""
    _remembered[:] = [password] if password else []


def password(env: Mapping[str, str] | None = None) -> str | None:
    """The password from the environment, else the one typed into the app (if any)."""
    env = os.environ if env is None else env
    return env.get(ENV_PASSWORD) or (_remembered[0] if _remembered else None)


@dataclass(frozen=True)
class Server:
    """A mail server: `security` is "tls" (smtps) or "starttls" (smtp)."""
    security: str
    host: str
    port: int
    user: str | None

    @property
    def url(self) -> str:
        """The server as a URL, without any password (safe to show and to save)."""
        scheme = "smtps" if self.security == "tls" else "smtp"
        user = f"{self.user}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{user}{host}:{self.port}"

    @property
    def is_local(self) -> bool:
        return self.host.lower() in LOCAL_HOSTS


@dataclass(frozen=True)
class MailSettings:
    server: Server | None
    sender: str | None  # the From: line, "Centre Events <events@example.org>" or an address
    contact: str | None  # who to ask for adjustments, beside replying (a phone, an address)
    on_promotion: bool = False  # email someone their ticket when the waiting list moves them up

    def require_server(self) -> Server:
        if self.server is None:
            raise CoprodError(f"No mail server is set. Set {ENV_URL}, e.g. "
                              "smtps://user@mail.example.org:465, or save one on the Send tickets screen.")
        return self.server

    def require_sender(self) -> str:
        if self.sender is None:
            raise CoprodError(f"Say who the tickets come from: set {ENV_FROM}, e.g. "
                              "'Events <events@example.org>', or save it on the Send tickets screen.")
        return self.sender


def parse_server(url: str) -> Server:
    """A server URL read and checked; the message never quotes a password."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise CoprodError(f"Cannot read the mail server {_safe(text)}: give it as "
                          "smtps://user@host:465 or smtp://user@host:587.") from error
    if parts.password is not None:
        raise CoprodError(f"The mail server address has a password in it. Give the password in "
                          f"{ENV_PASSWORD} or when asked, never in the address.")
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        raise CoprodError(f"Cannot read the mail server {_safe(text)}: give it as "
                          "smtps://user@host:465 or smtp://user@host:587.")
    security, default_port = _SCHEMES[parts.scheme.lower()]
    user = unquote(parts.username) if parts.username else None
    if security == "starttls" and user is None and port is None:
        default_port = 25  # a relay without a login listens on the SMTP port
    return Server(security, parts.hostname, port or default_port, user)


def _safe(url: str) -> str:
    """The URL quoted for a message with anything between :// and @ left out (it may hold a
    password that parsing could not find)."""
    scheme, sep, rest = url.partition("://")
    return quote(f"{scheme}{sep}…@{rest.rpartition('@')[2]}" if "@" in rest else url)


def parse_sender(text: str | None) -> str | None:
    """"Events <events@example.org>" or an address, checked; None when not given."""
    cleaned = clean(text, "sender", key="sender")
    if not cleaned:
        return None
    name, address = parseaddr(cleaned)
    checked = clean_email(address) if address and "@" in address else None
    if checked is None:
        raise CoprodError(f"{quote(cleaned)} is not an email address to send from, e.g. "
                          "'Events <events@example.org>'.", field="sender")
    username, _, domain = checked.partition("@")
    return str(Address(display_name=name, username=username, domain=domain))


def load(store: Store, env: Mapping[str, str] | None = None) -> MailSettings:
    """The settings in force: the environment's, else those saved on the settings screen."""
    env = os.environ if env is None else env
    url = env.get(ENV_URL) or data.get(store, KEY_URL)
    server = parse_server(url) if url else None
    sender = parse_sender(env.get(ENV_FROM) or data.get(store, KEY_FROM))
    if sender is None and server is not None and server.user and "@" in server.user:
        sender = parse_sender(server.user)  # the account's own address
    return MailSettings(server, sender, data.get(store, KEY_CONTACT),
                        data.get(store, KEY_ON_PROMOTION) == "1")


def saved(store: Store) -> MailSettings:
    """What the settings screen saved (the environment aside), for the screen to show."""
    return load(store, env={})


def save(store: Store, *, url: str | None, sender: str | None, contact: str | None,
         on_promotion: bool) -> MailSettings:
    """Save the server (never a password), the sender, the contact line, and whether a promotion
    from the waiting list sends the ticket. Blank items are cleared."""
    server = parse_server(url) if url and url.strip() else None
    checked = MailSettings(server, parse_sender(sender), clean(contact, "contact", key="contact") or None,
                           on_promotion)
    with store.write():
        data.delete(store, KEY_URL, KEY_FROM, KEY_CONTACT, KEY_ON_PROMOTION)
        for key, value in ((KEY_URL, server.url if server else None), (KEY_FROM, checked.sender),
                           (KEY_CONTACT, checked.contact), (KEY_ON_PROMOTION, "1" if on_promotion else None)):
            if value:
                data.put(store, key, value)
    return checked
