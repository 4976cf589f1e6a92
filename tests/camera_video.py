"""A short video, as a camera at the desk would see it: codes held up one after another, drawn
by the app's own QR encoder, some frames slightly turned and blurred (a hand is not a tripod)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from coprod_events.core import qr

WIDTH, HEIGHT, FPS = 640, 480, 10
URL = "https://example.org/tickets?event=open-day"


def frame(text: str | None, turn: float = 0.0, blur: bool = False) -> np.ndarray:
    """A grey 640x480 picture; with a QR code of `text` in the middle, if given."""
    picture = np.full((HEIGHT, WIDTH), 170, np.uint8)
    if text is None:
        return cv2.cvtColor(picture, cv2.COLOR_GRAY2BGR)
    code = np.array(qr.image(text, scale=8).convert("L"))
    size = code.shape[0]
    top, left = (HEIGHT - size) // 2, (WIDTH - size) // 2
    picture[top:top + size, left:left + size] = code
    if turn:
        rotation = cv2.getRotationMatrix2D((WIDTH / 2, HEIGHT / 2), turn, 1.0)
        picture = cv2.warpAffine(picture, rotation, (WIDTH, HEIGHT), borderValue=170)
    if blur:
        picture = cv2.GaussianBlur(picture, (5, 5), 1.2)
    return cv2.cvtColor(picture, cv2.COLOR_GRAY2BGR)


def held(text: str, frames: int = FPS) -> list[np.ndarray]:
    """About a second of a code held up: turned a little this way and that, a few frames blurred."""
    return [frame(text, turn=(-6, 0, 4, 8, -3)[n % 5], blur=n % 3 == 1) for n in range(frames)]


def blank(frames: int) -> list[np.ndarray]:
    return [frame(None)] * frames


def write(path: Path, frames: list[np.ndarray], fps: int = FPS) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (WIDTH, HEIGHT))
    assert writer.isOpened()
    for picture in frames:
        writer.write(picture)
    writer.release()
    return path


def desk_video(path: Path, first: str, second: str) -> Path:
    """Blank, the first ticket for a second, blank, the second ticket, then a URL's QR."""
    return write(path, [*blank(3), *held(first), *blank(4), *held(second), *blank(2), *held(URL, 6),
                        *blank(2)])
