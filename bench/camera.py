"""Camera scanning: decode time per frame, and the desk's keyboard scans while the camera runs.

    python bench/camera.py [--frames 300] [--n 20000] [--scans 100] [--warmup 10]

1. Per 640x480 frame, in this process: zxing-cpp's decode (core/camera.decode) alone, and the
   reader's whole work for a frame (grey conversion, decode, the preview shrunk to 32x22),
   over frames like a desk camera's: half with a ticket's QR (turned a little, some blurred),
   half without. Budget (issue 14): decode p95 under 30 ms a frame.
2. Keyboard scan to verdict painted, in real pseudo-terminals, as bench_desk_scan.py times it
   (its `scan`, each code + Enter in one write), for two desks side by side over one database:
   `desk EVENT` and `desk EVENT --camera VIDEO`, where VIDEO is 640x480 at 30 frames a second
   of a URL's QR held up the whole time (the worst case: a code in every frame, decoded and
   framed in the preview). Scans alternate between the two. Budget: the camera desk's p95
   within the keyboard budget unchanged (the same as the plain desk's, within noise).
3. Frame to verdict painted (issue 14's "p95 at 640x480"): the desk in this process, headless at
   100x30 (as the tests run it), its camera a stand-in that gives the reader 640x480 frames 30
   times a second, blank until a ticket is held up (turned, some blurred, as in 1). Timed from the
   moment the reader is handed the first frame that shows the ticket to the end of the screen
   refresh that draws that person's verdict (the desk's `show`, then `call_after_refresh`):
   decode, the hold rule, the message to the screen, the check-in in a worker at 20,000
   registrations, and the paint. A pty is not used here: only this process knows when a frame
   entered the reader (the terminal's own write is what part 2 times).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import queue
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_desk_scan import distinct_names, scan

import _common
import _tui

sys.path.insert(0, str(_common.ROOT / "tests"))
from coprod_events.core import camera, tickets  # noqa: E402

import camera_video  # noqa: E402  (the tests' video maker: the app's own QR encoder)


def decode_times(count: int) -> tuple[list[float], list[float]]:
    import cv2

    pictures = [camera_video.held(tickets.new_code(), 10) + camera_video.blank(10)
                for _ in range(max(1, count // 20))]
    frames = [picture for group in pictures for picture in group][:count]
    decode, whole = [], []
    for frame in frames:
        t0 = time.perf_counter()
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        t1 = time.perf_counter()
        found = camera.decode(grey)
        t2 = time.perf_counter()
        camera.shrink(grey, found, (32, 22))
        t3 = time.perf_counter()
        decode.append(t2 - t1)
        whole.append(t3 - t0)
    return decode, whole


class HeldUp:
    """A camera as the reader sees it (`camera.open_capture`'s stand-in): a frame every 1/30 s,
    blank until the bench holds a ticket up; notes when the first frame of each hold is read."""

    FPS = 30.0

    def __init__(self) -> None:
        self.blank = camera_video.frame(None)
        self.frames: queue.SimpleQueue = queue.SimpleQueue()
        self.entered: float | None = None  # when the reader got the first frame of the hold
        self.reads = 0

    def hold(self, code: str, frames: int = 30) -> None:
        """About a second of `code` held up, the frames made now (not timed)."""
        self.entered = None
        pictures = camera_video.held(code, frames)
        for n, picture in enumerate(pictures):
            self.frames.put((picture, n == 0))

    def get(self, _prop: int) -> float:
        return self.FPS

    def read(self) -> tuple[bool, Any]:
        time.sleep(1 / self.FPS)  # the camera's pace: the reader waits for its next frame
        self.reads += 1
        try:
            picture, first = self.frames.get_nowait()
        except queue.Empty:
            return True, self.blank
        if first:
            self.entered = time.perf_counter()
        return True, picture

    def release(self) -> None:
        pass


async def verdict_times(path: str, event_id: int, people: list[tuple[str, int, str]],
                        warmup: int) -> list[float]:
    """Frame to verdict painted, for each of `people` holding their ticket up in turn."""
    from coprod_events.core.store import Store
    from coprod_events.tui.app import CoprodApp

    feed = HeldUp()
    camera.open_capture = lambda source: feed  # type: ignore[assignment]  # (the reader's camera)
    store = Store(path)
    app = CoprodApp(store, event=event_id, desk=True, station="Camera bench", camera="0")
    painted: dict[int, float] = {}
    times: list[float] = []
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            while feed.reads < 5:  # the desk is up and its camera reading
                await pilot.pause(0.05)
            desk = app.screen
            show = desk.show

            def timed_show(verdict, earlier=()) -> None:  # the desk's own, then noted once drawn
                show(verdict, earlier)
                desk.call_after_refresh(lambda: painted.setdefault(verdict.registration_id,
                                                                   time.perf_counter()))

            desk.show = timed_show  # type: ignore[method-assign]
            for i, (code, reg_id, _) in enumerate(people):
                feed.hold(code)
                deadline = time.perf_counter() + 15
                while reg_id not in painted or feed.entered is None:
                    if time.perf_counter() > deadline:
                        raise TimeoutError(f"no verdict painted for scan {i} ({desk.query_one('#verdict')})")
                    await asyncio.sleep(0.005)
                if i >= warmup:
                    times.append(painted[reg_id] - feed.entered)
                while not feed.frames.empty():  # the hold ends before the next person's
                    await asyncio.sleep(0.02)
    finally:
        store.close()
    return times


def keyboard_times(tmp: str, path: str, slug: str, chosen: list[tuple[str, int, str]], args) -> None:
    """Part 2: keyboard scans at two desks in ptys, one with the camera running; printed."""
    per_desk = args.warmup + args.scans
    seconds = int(per_desk * 2 * 0.25) + 30  # outlasts the run: the camera runs throughout
    t0 = time.perf_counter()
    frames = camera_video.held(camera_video.URL, 30)
    video = camera_video.write(Path(tmp) / "held.avi", frames * seconds, fps=30)
    print(f"video: {seconds} s at 30 fps, 640x480, written in {time.perf_counter() - t0:.1f} s")
    env = _tui.environment(tmp)
    desks = {
        "keyboard only": _tui.Terminal([_tui.COMMAND, "--db", path, "desk", slug, "--station", "A"], env),
        "camera running": _tui.Terminal([_tui.COMMAND, "--db", path, "desk", slug, "--station", "B",
                                         "--camera", str(video)], env),
    }
    times: dict[str, list[float]] = {name: [] for name in desks}
    try:
        for term in desks.values():
            term.wait_for("Scan a ticket")
        desks["camera running"].wait_for("Camera: hold")
        for term in desks.values():
            term.settle(quiet=0.5)
        for i in range(per_desk):
            order = list(desks.items())
            if i % 2:
                order.reverse()
            for k, (name, term) in enumerate(order):
                code, _, person = chosen[2 * i + k]
                took = scan(term, [code], lambda t, person=person: "ADMITTED" in (s := t.text())
                            and person in s)
                if i >= args.warmup:
                    times[name].append(took)
        still = "Camera: hold" in desks["camera running"].text()
    finally:
        for term in desks.values():
            term.quit()
    print(f"\n{args.scans} timed keyboard scans per desk ({args.warmup} warm-up), alternating; "
          f"the camera {'ran throughout' if still else 'HAD STOPPED by the end'}")
    for name, values in times.items():
        print(_common.summary(f"desk, {name}: scan to ADMITTED painted", values, width=50))
    plain = _common.percentile(sorted(times["keyboard only"]), .95)
    with_camera = _common.percentile(sorted(times["camera running"]), .95)
    print(f"ratio of p95s camera/keyboard only: {with_camera / plain:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300, help="frames decoded (default 300)")
    parser.add_argument("--n", type=int, default=20_000, help="registrations (default 20000)")
    parser.add_argument("--scans", type=int, default=100, help="timed scans per desk (default 100)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--held", type=int, default=60, help="tickets held up, timed (default 60)")
    parser.add_argument("--held-only", action="store_true", help="part 3 only (frame to verdict)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(_common.environment())
    print(_common.load_average("before"))

    if not args.held_only:
        decode, whole = decode_times(args.frames)
        print(_common.summary("decode, 640x480 frame", decode))
        print(_common.summary("reader's work per frame (grey+decode+shrink)", whole))
        decode95 = _common.percentile(sorted(decode), .95) * 1000
        print(f"{'OK' if decode95 < 30 else 'PROBLEM'}: decode p95 {decode95:.1f} ms (budget 30 ms)\n")

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="coprod-bench-camera-") as tmp:
        path = os.path.join(tmp, "bench.db")
        event_id, slug, people = _tui.build_registrations(path, args.n, args.seed)
        chosen = distinct_names(people, 2 * (args.warmup + args.scans), rng)
        if not args.held_only:
            keyboard_times(tmp, path, slug, chosen, args)
        scanned = {reg_id for _, reg_id, _ in chosen}
        holders = [p for p in people if p[1] not in scanned][:args.warmup + args.held]
        held = asyncio.run(verdict_times(path, event_id, holders, args.warmup))
    print(f"\n{args.held} tickets held up to the camera ({args.warmup} warm-up), 640x480 at 30 fps, "
          "headless desk at 100x30")
    print(_common.summary("frame entering the reader to verdict painted", held, width=50))
    print(_common.load_average("after"))


if __name__ == "__main__":
    main()
