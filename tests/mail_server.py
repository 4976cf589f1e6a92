"""A real SMTP server on 127.0.0.1 (aiosmtpd) for a test: what it accepted, and the ways a
server lets a run down (a refused login, a refused address, a connection dropped mid-run)."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

USER, PASSWORD = "desk@example.org", "correct horse battery staple"


@dataclass
class Received:
    to: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]


@dataclass
class MailServer:
    """`login`: ask for USER/PASSWORD; `refuse`: addresses refused at RCPT; `drop_after`: once
    this many messages were accepted, drop the connection on every later one (`drop_times` of
    them, then accept again)."""
    login: bool = False
    refuse: frozenset[str] = frozenset()
    drop_after: int | None = None
    drop_times: int = 1_000_000
    received: list[Received] = field(default_factory=list)
    dropped: int = 0

    def __enter__(self) -> MailServer:
        self.port = _free_port()
        options = dict(authenticator=self._authenticate, auth_require_tls=False) if self.login else {}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://{USER}@127.0.0.1:{self.port}" if self.login else f"smtp://127.0.0.1:{self.port}"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.to]

    # aiosmtpd's handler hooks

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if (self.drop_after is not None and len(self.received) >= self.drop_after
                and self.dropped < self.drop_times):
            self.dropped += 1
            server.transport.close()  # gone before the reply: the message was not accepted
            return "421 closing"
        self.received.append(Received(list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
