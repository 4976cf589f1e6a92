"""`coprod-events serve`: desks and kiosks in web browsers, one app process per browser tab.

The hub holds the database; textual-serve runs `coprod-events desk` (or `kiosk`) for each
browser that connects, against the same file: the several-desks case the store already
handles. Off loopback every request must carry a random token as the first part of its path
(`/TOKEN/`, `/TOKEN/ws/...`, `/TOKEN/static/...`): textual-serve's page adds its own query
string to the websocket's URL, so a path is what survives. Anything else gets 403 and none of
the app. Ctrl+C asks every browser's app to quit, as its own Ctrl+Q would, before the hub stops.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hmac
import ipaddress
import itertools
import re
import secrets
import shlex
import signal
import socket
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from rich.text import Text
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from .core import tickets
from .core.qr import modules

STATION_COOKIE = "coprod_station"
STATION_LENGTH = 40
QUIT_GRACE_SECONDS = 10  # an app still running this long after "quit" is stopped
ANY_ADDRESS = {"0.0.0.0", "::", ""}
# A scanner types into whatever has the keyboard: the terminal takes it once the app is drawing
# (so that the app hears of it, over the websocket, and shows its keys), and again whenever the
# window comes back to the front.
TAKE_THE_KEYBOARD = """<script>
  const takeKeys = () => {
    const keys = document.querySelector(".xterm-helper-textarea");
    if (keys) { keys.blur(); keys.focus(); }
  };
  new MutationObserver((_, watcher) => {
    if (document.body.classList.contains("-first-byte")) { takeKeys(); watcher.disconnect(); }
  }).observe(document.body, {attributes: true, attributeFilter: ["class"]});
  window.addEventListener("focus", takeKeys);
</script>
"""
# textual-serve's page fetches its font from Google: a venue network may have no internet, and
# no one else need know a desk is open. The terminal's own font list falls back to a local one.
GOOGLE_FONTS = re.compile(r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/>\s*')
HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def is_loopback(host: str) -> bool:
    """Only this computer can reach the address: no token is needed."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str:
    """This computer's address on the network it would use to reach others (a UDP "connect"
    sends nothing); the host name when there is no network at all."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed like anywhere else, never answered
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostname()


def station_name(raw: str) -> str:
    """A browser's station as the check-in log will keep it: printable, short."""
    return " ".join(tickets.sanitise(raw).split())[:STATION_LENGTH]


def qr_lines(text: str) -> list[str]:
    """`text` as a QR code in half blocks (two module rows a line), for a terminal."""
    matrix = modules(text)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    return ["".join(HALF_BLOCKS[pair] for pair in zip(top, bottom, strict=True))
            for top, bottom in zip(matrix[::2], matrix[1::2], strict=True)]


class Session(AppService):
    """One browser's app. Started in a session of its own, so the Ctrl+C typed at the hub
    reaches the hub only: the hub then asks each app to quit, and each finishes what it was
    writing before it goes."""

    def __init__(self, command: str, station: str, peer: str, **options: Any) -> None:
        super().__init__(command, **options)
        self.station, self.peer = station, peer

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_shell(
            f"exec {self.command}",  # the app itself, not a shell, is the process stopped at the end
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._build_environment(width=width, height=height),
            start_new_session=True)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit, and wait for it to end (stopped if it has not in time): an
        app's process left behind would outlive the hub."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(super().stop(), QUIT_GRACE_SECONDS)
        if self._process is not None:
            try:
                await asyncio.wait_for(self._process.wait(), QUIT_GRACE_SECONDS)
            except TimeoutError:
                self._process.terminate()
                await self._process.wait()


class Hub(Server):
    """The web server: the page, its websocket (one app per connection) and the page's
    scripts, all behind the token when there is one."""

    def __init__(self, app_args: Sequence[str], *, host: str, port: int, token: str | None,
                 station: str = "Browser", title: str = "coprod-events") -> None:
        super().__init__("", host=host, port=port, title=title)
        self.app_args = list(app_args)  # the command after `--station NAME`
        self.token = token
        self.prefix = f"/{token}" if token else ""
        self.station_base = station
        self.numbers = itertools.count(1)
        self.sessions: set[Session] = set()
        shown_host = lan_address() if host in ANY_ADDRESS else host
        shown_host = f"[{shown_host}]" if ":" in shown_host else shown_host
        self.url = f"http://{shown_host}:{port}{self.prefix}/"

    def serve(self, debug: bool = False) -> None:
        """As textual-serve's, but closing the hub's terminal (SIGHUP) stops it as Ctrl+C does."""
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.add_signal_handler(signal.SIGHUP, self.request_exit)
        super().serve(debug)

    def initialize_logging(self) -> None:
        """textual-serve's log stays quiet; the hub says itself who comes and goes."""

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get(f"{self.prefix}/", self.handle_index, name="index"),
            web.get(f"{self.prefix}/ws/{{station}}", self.handle_websocket, name="websocket"),
            web.static(f"{self.prefix}/static", self.statics_path, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        """403, and nothing of the app, for a request whose path does not start with the token;
        on loopback, for one sent to another name (a web site's name pointed at 127.0.0.1);
        and for a websocket opened by another site's page (browsers let any page open one)."""
        forbidden = web.Response(status=403, text="403: Forbidden\n")
        if self.token:
            given = request.path.split("/", 2)[1]
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return forbidden
            if request.path == self.prefix:  # typed without its last slash
                raise web.HTTPFound(f"{self.prefix}/")
        elif not is_loopback(request.url.host or ""):
            return forbidden
        origin = request.headers.get("Origin")
        foreign = origin is not None and urlsplit(origin).netloc != request.host
        if foreign and request.path.startswith(f"{self.prefix}/ws/"):
            return forbidden
        return await handler(request)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page; its websocket's path names this browser's station: ?station=NAME, else
        the name this browser was given before (a cookie), else the next "Browser N"."""
        station = station_name(request.query.get("station", "") or request.cookies.get(STATION_COOKIE, ""))
        if not station:
            station = self._next_station()
        origin = f"{request.scheme}://{request.host}"
        context = {
            "font_size": 16,
            "app_websocket_url": f"ws://{request.host}{self.prefix}/ws/{quote(station, safe='')}",
            "config": {"static": {"url": f"{origin}{self.prefix}/static/"}},
            "application": {"name": f"{self.title}: {station}"},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        page = GOOGLE_FONTS.sub("", response.text or "")
        response.text = page.replace("</body>", f"{TAKE_THE_KEYBOARD}</body>")
        response.set_cookie(STATION_COOKIE, station, path=f"{self.prefix}/", httponly=True, samesite="Strict")
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        station = station_name(request.match_info["station"]) or self._next_station()
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        width = to_int(request.query.get("width", ""), 80)
        height = to_int(request.query.get("height", ""), 24)
        session = Session(shlex.join([*self.app_args, "--station", station]), station,
                          request.remote or "?", write_bytes=websocket.send_bytes,
                          write_str=websocket.send_str, close=websocket.close,
                          download_manager=self.download_manager)
        self.sessions.add(session)
        self._said("joined", session)
        try:
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            pass
        finally:
            await session.stop()
            await websocket.close()
            self.sessions.discard(session)
            self._said("left", session)
        return websocket

    def _next_station(self) -> str:
        return f"{self.station_base} {next(self.numbers)}".strip()

    async def on_startup(self, app: web.Application) -> None:
        """The code first, then the address under it: at 80 x 24 both stay on screen."""
        say = self.console.print
        if self.token:
            # Upper case (the token is already) fits the QR's alphanumeric mode: a smaller code.
            for line in qr_lines(self.url.upper()):
                say(Text(f"  {line}  ", style="#000000 on #ffffff"))
        say(Text(f"Serving {self.title} at", style="bold"))
        say(self.url, soft_wrap=True, highlight=False)  # whole on one line, however narrow the terminal
        if self.token:
            say("Scan the code, or type the address, on each tablet or laptop. It is shown once.")
        say("Ctrl+C stops the hub: every browser's app is closed first, nothing is lost.")

    async def on_shutdown(self, app: web.Application) -> None:
        """Every browser's app asked to quit at once, then waited for."""
        if self.sessions:
            self.console.print(f"Closing {len(self.sessions)} browser session(s)...")
        await asyncio.gather(*(session.stop() for session in list(self.sessions)))

    def _said(self, what: str, session: Session) -> None:
        others = sorted(other.station for other in self.sessions)
        self.console.print(f"{time.strftime('%H:%M:%S')}  {session.station} ({session.peer}) {what}. "
                           f"Connected: {', '.join(others) if others else 'none'}.", highlight=False)


def app_command(db: Path, mode: str, event: str, session_id: int | None) -> list[str]:
    """The command each browser's app runs, but for its station."""
    command = [sys.executable, "-m", "coprod_events", "--db", str(db), mode, event]
    return [*command, "--session", str(session_id)] if session_id is not None else command


def new_token() -> str:
    """80 random bits in 16 characters of base32: easy to type, and upper case, so the QR of
    the whole address is small enough for a tablet's camera off a laptop screen."""
    return base64.b32encode(secrets.token_bytes(10)).decode()
