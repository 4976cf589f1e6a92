"""`coprod-events serve` driven by a real browser: headless Chromium (Debian's) through Playwright.

What the page shows is read the way the page itself gets it: the terminal bytes arriving on its
websocket, played into a terminal emulator (pyte) the size the page asked for. One hub serves
the whole module, started on every address, so that it asks for its token."""

from __future__ import annotations

import functools
import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import pyte
import pytest
from pty_app import OpenDay

from coprod_events.core import checkin
from coprod_events.core.store import Store

from conftest import COMMAND

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's `chromium` package")


def wait(condition, what: str, timeout: float = 30, pause=lambda: time.sleep(0.05)) -> None:
    """Until `condition()`; `pause` between looks (a page's: Playwright delivers its events then)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Never happened: {what}")
        pause()


@dataclass
class Hub:
    """The running `serve` and everything it printed."""

    process: subprocess.Popen
    day: OpenDay
    lines: list[str] = field(default_factory=list)
    port: int = 0
    token: str = ""

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def printed(self) -> str:
        return "".join(self.lines)

    def get(self, path: str, **headers: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[Hub]:
    day = OpenDay.make(tmp_path_factory.mktemp("serve"))
    process = subprocess.Popen(
        [COMMAND, "--db", day.db, "serve", "--desk", day.slug, "--host", "0.0.0.0",
         "--port", str(free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=day.env)
    running = Hub(process, day)
    threading.Thread(target=running.read, daemon=True).start()
    try:
        wait(lambda: re.search(r"http://\S+:(\d+)/([\w-]+)/\n", running.printed()), "the hub's address")
        found = re.search(r"http://\S+:(\d+)/([\w-]+)/\n", running.printed())
        assert found is not None
        running.port, running.token = int(found[1]), found[2]
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


WEBSOCKET_HANDSHAKE = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
                       "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


def test_without_the_token_nothing_of_the_app_is_served(hub):
    assert hub.get(f"/{hub.token}/?station=Probe")[0] == 200  # named: the browser below is "Browser 1"
    for path in ("/", "/ws/Browser", "/static/js/textual.js", f"/{hub.token[:-1]}/", f"/x{hub.token}/ws/A",
                 f"/{hub.token.swapcase()}/"):
        assert hub.get(path) == (403, b"403: Forbidden\n"), path
        assert hub.get(path, **WEBSOCKET_HANDSHAKE)[0] == 403, path
    assert hub.get(f"/{hub.token}/ws/Browser", **WEBSOCKET_HANDSHAKE)[0] == 101  # the token opens it


class PageScreen:
    """The terminal the page draws, from the bytes its websocket receives."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    def watch(self, websocket) -> None:
        query = parse_qs(urlparse(websocket.url).query)
        self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        websocket.on("framereceived", self.received)
        websocket.on("framesent", self.sent)

    def received(self, payload) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    def sent(self, payload) -> None:
        message = json.loads(payload)
        if message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    def text(self) -> str:
        return "\n".join(self.screen.display)


def test_a_scan_in_the_browser_is_checked_in_once_and_ctrl_c_closes_it_cleanly(hub):
    ada = hub.day.register("Ada Lovelace")
    shown = PageScreen()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.on("websocket", shown.watch)
            browsing = functools.partial(page.wait_for_timeout, 50)
            page.goto(f"http://127.0.0.1:{hub.port}/{hub.token}/")
            wait(lambda: "Scan a ticket" in shown.text(), "the desk in the page", pause=browsing)
            assert "Browser 1 (127.0.0.1) joined" in hub.printed()
            page.keyboard.type(ada["code"])  # a scanner, with no click first: the code's keys, then Enter
            page.keyboard.press("Enter")
            wait(lambda: "Checked in 1 / 1" in shown.text(), "the verdict in the page", pause=browsing)
            assert "Ada Lovelace" in shown.text()

            hub.process.send_signal(signal.SIGINT)  # Ctrl+C at the hub, the browser still open
            assert hub.process.wait(timeout=30) == 0
            wait(lambda: "Browser 1 (127.0.0.1) left" in hub.printed(), "the hub saying the browser left")
        finally:
            browser.close()
    with Store(hub.day.db) as store:
        log = checkin.recent(store, hub.day.slug)
    assert [(entry.name, entry.admitted, entry.station) for entry in log] == [
        ("Ada Lovelace", True, "Browser 1")]
    assert "Traceback" not in hub.printed()
