"""`coprod-events serve` driven by a real browser: headless Chromium (Debian's) through Playwright.

What the page shows is read the way the page itself gets it: the terminal bytes arriving on its
websocket, played into a terminal emulator (pyte) the size the page asked for. One hub serves
the whole module, started on every address, so that it asks for its token."""

from __future__ import annotations

import functools
import http.client
import json
import os
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

import pexpect
import pyte
import pytest
from pty_app import OpenDay

from coprod_events.core import checkin
from coprod_events.core.store import Store

from conftest import COMMAND

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium: install Debian's `chromium` package (.ci/run does)")


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


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


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
        wait(lambda: listening(running.port), "the hub listening")  # it prints first, then listens
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
    opened_by = {"Origin": "https://example.org"}  # another site's page, in a browser that has the address
    assert hub.get(f"/{hub.token}/ws/Browser", **WEBSOCKET_HANDSHAKE, **opened_by)[0] == 403
    assert hub.get(f"/{hub.token}/ws/Browser", **WEBSOCKET_HANDSHAKE)[0] == 101  # the token opens it


class Desk:
    """The served desk in a browser of its own (a context: its own cookies, so its own station),
    and the terminal its page draws, from the bytes its websocket receives."""

    def __init__(self, browser, url: str) -> None:
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.page = browser.new_context(viewport={"width": 1100, "height": 700}).new_page()
        self.page.on("websocket", self.watch)
        self.page.goto(url)

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

    def scan(self, code: str) -> None:
        """As a scanner types: the code's keys, then Enter (no click first: the page has the keys)."""
        self.page.keyboard.type(code)
        self.page.keyboard.press("Enter")


@NEEDS_CHROMIUM
def test_scans_in_two_browsers_and_a_terminal_count_once_and_ctrl_c_closes_every_browser(hub):
    sync_api = pytest.importorskip("playwright.sync_api", reason="no playwright: install the test extra")
    ada, bo = hub.day.register("Ada Lovelace"), hub.day.register("Bo Ng", "--access", "bsl", "--consent")
    terminal = hub.day.terminal("desk", hub.day.slug, "--station", "Terminal")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            first, second = (Desk(browser, f"http://127.0.0.1:{hub.port}/{hub.token}/") for _ in range(2))
            browsing = functools.partial(first.page.wait_for_timeout, 50)  # every page's events arrive
            wait(lambda: all("Scan a ticket" in desk.text() and "f3 Walk-in" in desk.text()  # its keys:
                             for desk in (first, second)), "both desks", pause=browsing)  # it has focus
            terminal.wait_for("Scan a ticket")
            first.scan(ada["code"])
            wait(lambda: "Checked in 1 / 2" in first.text(), "the verdict in the page", pause=browsing)
            assert "ADMITTED" in first.text() and "Ada Lovelace" in first.text()

            first.scan(bo["code"])  # Bo at three desks at once
            second.scan(bo["code"])
            os.write(terminal.child.child_fd, (bo["code"] + "\r").encode())
            wait(lambda: all("Bo Ng" in desk.text() for desk in (first, second)), "Bo's verdicts",
                 pause=browsing)
            terminal.wait_for("Bo Ng")
            terminal.child.sendcontrol("q")
            terminal.child.expect(pexpect.EOF, timeout=10)
            for station in ("Browser 1", "Browser 2"):
                assert f"{station} (127.0.0.1) joined" in hub.printed()

            hub.process.send_signal(signal.SIGINT)  # Ctrl+C at the hub, both browsers still open
            assert hub.process.wait(timeout=30) == 0
            assert "Closing 2 browser session(s)" in hub.printed()
            wait(lambda: all(f"{station} (127.0.0.1) left" in hub.printed()
                             for station in ("Browser 1", "Browser 2")), "both browsers leaving")
        finally:
            terminal.close()
            browser.close()
    with Store(hub.day.db) as store:
        log = checkin.recent(store, hub.day.slug)
    assert [(entry.station, entry.admitted) for entry in log if entry.name == "Ada Lovelace"] == [
        ("Browser 1", True)]
    bo_scans = [(entry.station, entry.admitted) for entry in log if entry.name == "Bo Ng"]
    assert sorted(station for station, _ in bo_scans) == ["Browser 1", "Browser 2", "Terminal"]
    assert [admitted for _, admitted in bo_scans].count(True) == 1  # admitted once, wherever first
    assert "Traceback" not in hub.printed()
    printed = hub.printed().replace(hub.token, "")  # a random token could hold "bsl"
    for private in ("Ada", "Bo Ng", "BSL", "bsl"):  # the hub says who is connected, never who was scanned
        assert private not in printed
