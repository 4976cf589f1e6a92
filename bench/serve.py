"""Scan to verdict over `serve` on loopback, in headless Chromium, side by side with the desk in a terminal.

    python bench/serve.py [--n 20000] [--scans 100] [--warmup 10]

Both run at once over the same database file of --n registrations:

  terminal  `coprod-events --db DB desk EVENT --station BENCH` in a pty (30 x 100), timed as
            bench_desk_scan.py times it: the code and Enter in one write, until pyte shows
            "ADMITTED" and the person's name
  browser   `coprod-events --db DB serve --desk EVENT` on 127.0.0.1, its page in Debian's
            Chromium (Playwright, never `playwright install`); the code goes in as one input
            (as a fast scanner's keys arrive) and then Enter

The browser's times are taken by the page's own clock (performance.now()): from the first
keys it sends on its websocket to the arrival of the message after which the terminal it draws
shows "ADMITTED" and the name (the page's messages are played into pyte, in order, to find
it). So they count the browser's websocket, the hub, the hub's pipe to the app, the app and the
way back; not xterm.js drawing the frame. Scans alternate; every code is scanned once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pyte
from bench_desk_scan import distinct_names, scan

import _common
import _tui

# Times each message the page's websockets receive, and each keystroke message they send.
CLOCK = """
window.__received = []; window.__sent = [];
const Original = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new Original(...args);
  socket.addEventListener("message", () => window.__received.push(performance.now()));
  const send = socket.send.bind(socket);
  socket.send = (data) => {
    if (typeof data === "string" && data.startsWith('["stdin"')) window.__sent.push(performance.now());
    return send(data);
  };
  return socket;
};
window.WebSocket.prototype = Original.prototype;
"""


class Page:
    """The served desk in a browser tab, and the screen it draws, message by message."""

    def __init__(self, page) -> None:
        self.page = page
        self.screen = pyte.Screen(_tui.COLUMNS, _tui.LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.count = 0  # messages received so far
        self.done = None  # what the scan being timed waits for
        self.done_at: int | None = None  # the message after which it showed
        page.on("websocket", self.watch)

    def watch(self, websocket) -> None:
        width, height = (int(value) for value in re.findall(r"(?:width|height)=(\d+)", websocket.url))
        self.screen.resize(height, width)
        websocket.on("framereceived", self.received)
        websocket.on("framesent", self.sent)

    def received(self, payload) -> None:
        self.count += 1
        if isinstance(payload, bytes):
            self.stream.feed(payload)
        if self.done is not None and self.done_at is None and self.done(self.text()):
            self.done_at = self.count - 1

    def sent(self, payload) -> None:
        message = json.loads(payload)
        if message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, until, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not until():
            if time.monotonic() > deadline:
                raise TimeoutError(self.text())
            self.page.wait_for_timeout(5)

    def scan(self, code: str, done) -> float:
        self.pump(lambda: True)
        quiet = self.count
        self.page.wait_for_timeout(30)
        while self.count != quiet:  # settled: nothing arrived for 30 ms
            quiet = self.count
            self.page.wait_for_timeout(30)
        sent_before = self.page.evaluate("window.__sent.length")
        self.done, self.done_at = done, None
        self.page.keyboard.insert_text(code)
        self.page.keyboard.press("Enter")
        self.pump(lambda: self.done_at is not None)
        first_key, arrived = self.page.evaluate(
            "([sent, index]) => [window.__sent[sent], window.__received[index]]", [sent_before, self.done_at])
        self.done = None
        return (arrived - first_key) / 1000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="registrations (default 20000)")
    parser.add_argument("--scans", type=int, default=100, help="timed scans each (default 100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed scans each first")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("No Chromium: install Debian's `chromium` package.")
    from playwright.sync_api import sync_playwright

    rng = random.Random(args.seed)
    print(_common.environment())
    print(_common.load_average("before"))
    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        path = os.path.join(tmp, "bench.db")
        _, slug, people = _tui.build_registrations(path, args.n, args.seed)
        per_app = args.warmup + args.scans
        chosen = distinct_names(people, 2 * per_app, rng)
        codes = {"terminal": chosen[:per_app], "browser": chosen[per_app:]}
        env = _tui.environment(tmp)
        port = free_port()
        terminal = _tui.Terminal([_tui.COMMAND, "--db", path, "desk", slug, "--station", "BENCH"], env)
        hub = subprocess.Popen([_tui.COMMAND, "--db", path, "serve", "--desk", slug, "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        times: dict[str, list[float]] = {"terminal": [], "browser": []}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True)
                tab = browser.new_page(viewport={"width": 903, "height": 542})
                tab.add_init_script(CLOCK)
                page = Page(tab)
                for _ in range(100):  # the hub is listening
                    try:
                        tab.goto(f"http://127.0.0.1:{port}/")
                        break
                    except Exception:
                        time.sleep(0.1)
                page.pump(lambda: "Scan a ticket" in page.text(), timeout=30)
                terminal.wait_for("Scan a ticket")
                print(f"browser terminal: {page.screen.columns} x {page.screen.lines}; "
                      f"pty: {_tui.COLUMNS} x {_tui.LINES}")
                for i in range(per_app):
                    order = ["terminal", "browser"] if i % 2 == 0 else ["browser", "terminal"]
                    for name in order:
                        code, _, person = codes[name][i]

                        def done(text: str, person=person) -> bool:
                            return "ADMITTED" in text and person in text

                        if name == "terminal":
                            took = scan(terminal, [code], lambda term, done=done: done(term.text()))
                        else:
                            took = page.scan(code, done)
                        if i >= args.warmup:
                            times[name].append(took)
                browser.close()
        finally:
            terminal.quit()
            hub.send_signal(2)  # Ctrl+C
            hub.wait(timeout=30)
    print(f"\n{args.scans} timed scans each ({args.warmup} warm-up), alternating, each a distinct code")
    print(_common.summary("terminal: scan to ADMITTED (pty)", times["terminal"]))
    print(_common.summary("browser: scan to ADMITTED (serve, loopback)", times["browser"]))
    p95 = {name: _common.percentile(sorted(values), .95) for name, values in times.items()}
    print(f"ratio of p95s browser/terminal: {p95['browser'] / p95['terminal']:.2f}x")
    print(_common.load_average("after"))


if __name__ == "__main__":
    main()
