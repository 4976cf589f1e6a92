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
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300, help="frames decoded (default 300)")
    parser.add_argument("--n", type=int, default=20_000, help="registrations (default 20000)")
    parser.add_argument("--scans", type=int, default=100, help="timed scans per desk (default 100)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(_common.environment())
    print(_common.load_average("before"))

    decode, whole = decode_times(args.frames)
    print(_common.summary("decode, 640x480 frame", decode))
    print(_common.summary("reader's work per frame (grey+decode+shrink)", whole))
    decode95 = _common.percentile(sorted(decode), .95) * 1000
    print(f"{'OK' if decode95 < 30 else 'PROBLEM'}: decode p95 {decode95:.1f} ms (budget 30 ms)\n")

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="coprod-bench-camera-") as tmp:
        path = os.path.join(tmp, "bench.db")
        _, slug, people = _tui.build_registrations(path, args.n, args.seed)
        per_desk = args.warmup + args.scans
        chosen = distinct_names(people, 2 * per_desk, rng)
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
    print(_common.load_average("after"))


if __name__ == "__main__":
    main()
