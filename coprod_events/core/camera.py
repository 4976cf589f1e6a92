"""Scanning tickets with a camera: frames in, ticket codes out, in a thread of their own.

OpenCV reads the frames (a device index, or a video file for tests and demos) and zxing-cpp
decodes them; both are an optional extra (`pip install "coprod-events[camera]"`) and are
imported by the reader's thread, never at start-up. Each frame is also shrunk, here, to the
few pixels the on-screen preview shows, so the screen's thread only paints.

A code held up to the camera is seen in frame after frame: it is one scan until it has been out
of sight for FORGET seconds (OneScanPerHold); someone else's code right after is a new scan.
A code that cannot be a ticket (a URL, a Wi-Fi QR) is said once, as "not a ticket", never as
its text. Nothing of the image is kept: each frame is dropped once decoded and shrunk.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import badge_codes, tickets

FORGET = 3.0  # seconds out of sight before the same code counts as a new scan
PREVIEW_EVERY = 0.1  # seconds between previews sent to the screen (10 a second is enough to aim)
PACE_FILES = True  # a video file plays at its own speed (tests may read theirs flat out)
LOST_AFTER = 2.0  # seconds of failed reads from a device before it counts as unplugged
CARRY_ON = "Keyboard scanning carries on."
NO_EXTRA = ('Camera scanning needs the camera extra: pip install "coprod-events[camera]". '
            + CARRY_ON)


class CameraUnavailable(Exception):
    """Why there are no frames: said to staff as it is."""


def is_ticket_shaped(text: str) -> bool:
    """A code the desk could know: one of our tickets or badges, or another tool's ticket code
    (letters and digits). A URL or a Wi-Fi QR is not, and is never looked up or logged."""
    return (tickets.normalise(text) is not None or badge_codes.normalise(text) is not None
            or tickets.external_key(text) is not None)


class OneScanPerHold:
    """Codes seen in a frame -> the ones that are new scans."""

    def __init__(self, forget: float = FORGET):
        self.forget = forget
        self.seen: dict[str, float] = {}  # code: when it was last in sight

    def new(self, codes: Iterable[str], at: float) -> list[str]:
        fresh = []
        for code in codes:
            last = self.seen.get(code)
            if (last is None or at - last > self.forget) and code not in fresh:
                fresh.append(code)
            self.seen[code] = at
        self.seen = {code: last for code, last in self.seen.items() if at - last <= self.forget}
        return fresh


@dataclass(frozen=True)
class Found:
    text: str
    corners: tuple[tuple[int, int], ...]  # in the frame's pixels


@dataclass(frozen=True)
class Preview:
    """A frame shrunk to width x height grey pixels (bytes, row by row), and where in it a code
    was found (left, top, right, bottom), if one was."""
    width: int
    height: int
    pixels: bytes
    box: tuple[int, int, int, int] | None


def decode(frame: Any) -> list[Found]:
    """The QR codes in a frame (a numpy image, grey or BGR)."""
    import zxingcpp

    results = zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    return [Found(result.text, tuple((point.x, point.y) for point in (
                result.position.top_left, result.position.top_right,
                result.position.bottom_right, result.position.bottom_left)))
            for result in results]


def shrink(grey: Any, found: list[Found], size: tuple[int, int]) -> Preview:
    import cv2

    width, height = size
    frame_height, frame_width = grey.shape[:2]
    small = cv2.resize(grey, (width, height), interpolation=cv2.INTER_AREA)
    box = None
    if found:
        xs = [x for code in found for x, _ in code.corners]
        ys = [y for code in found for _, y in code.corners]
        box = (max(0, min(xs) * width // frame_width), max(0, min(ys) * height // frame_height),
               min(width - 1, max(xs) * width // frame_width),
               min(height - 1, max(ys) * height // frame_height))
    return Preview(width, height, small.tobytes(), box)


def source_of(text: str) -> int | Path:
    """`--camera 0` is the first camera; anything else is a video file."""
    return int(text) if text.isdigit() else Path(text)


def open_capture(source: int | Path) -> Any:
    # OpenCV's own warnings ("can't open camera by index") go straight to the terminal, across
    # the app's screen: it says what went wrong itself.
    os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
    try:
        import cv2
        import zxingcpp  # noqa: F401  (missing: said now, not at the first frame)
    except ImportError as error:
        raise CameraUnavailable(NO_EXTRA) from error
    if isinstance(source, Path) and not source.exists():  # (a device node, /dev/video0, works too)
        raise CameraUnavailable(f"No video file {source}. {CARRY_ON}")
    capture = cv2.VideoCapture(str(source) if isinstance(source, Path) else source)
    if not capture.isOpened():
        capture.release()
        raise CameraUnavailable(f"Camera {source} could not be opened: there is no such camera, "
                                f"or another program is using it. {CARRY_ON}")
    if isinstance(source, int):  # a 1080p webcam's frames take several times as long to decode
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, 640)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, 480)
    return capture


@dataclass
class Listener:
    """What the reader says, from its own thread: the callee passes it on thread-safely."""
    scanned: Callable[[str], object]  # a new ticket-shaped code
    not_a_ticket: Callable[[], object]
    preview: Callable[[Preview], object]
    stopped: Callable[[str | None], object]  # why (None: a video file ended, or asked to stop)


class CameraReader:
    """Reads, decodes and shrinks frames in a daemon thread until stopped or the source ends."""

    def __init__(self, source: str, listener: Listener, *, preview_size: tuple[int, int] = (24, 18)):
        self.source = source_of(source)
        self.listener = listener
        self.preview_size = preview_size  # the screen may change it as the widget is resized
        self.holds = OneScanPerHold()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="camera", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stop.is_set()

    def _run(self) -> None:
        try:
            capture = open_capture(self.source)
        except CameraUnavailable as error:
            self.listener.stopped(str(error))
            return
        try:
            self.listener.stopped(self._frames(capture))
        except Exception as error:  # a driver error mid-event: the desk carries on without it
            self.listener.stopped(f"The camera stopped: {type(error).__name__}. {CARRY_ON}")
        finally:
            capture.release()

    def _frames(self, capture: Any) -> str | None:
        import cv2

        is_file = isinstance(self.source, Path)
        fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
        started = time.monotonic()
        index, last_good, last_preview = 0, started, -PREVIEW_EVERY
        while not self._stop.is_set():
            ok, frame = capture.read()
            now = time.monotonic()
            if not ok:
                if is_file:
                    return None
                if now - last_good > LOST_AFTER:
                    return f"The camera stopped sending pictures (unplugged?). {CARRY_ON}"
                self._stop.wait(0.05)
                continue
            last_good = now
            # A file plays at its own speed, as a camera would, and is timed by its frames.
            at = index / fps if is_file else now
            index += 1
            grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            found = decode(grey)
            self._tell(found, at)
            if at - last_preview >= PREVIEW_EVERY:
                last_preview = at
                self.listener.preview(shrink(grey, found, self.preview_size))
            if is_file and PACE_FILES:
                self._stop.wait(max(0.0, started + index / fps - time.monotonic()))
        return None

    def _tell(self, found: list[Found], at: float) -> None:
        for text in self.holds.new((code.text for code in found), at):
            if is_ticket_shaped(text):
                self.listener.scanned(text)
            else:
                self.listener.not_a_ticket()
