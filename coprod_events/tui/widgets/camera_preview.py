"""The camera's live picture, small, in half-block pixels, so that an attendee can aim their ticket;
a frame is drawn around a code the camera has found.

It runs the camera reader (core/camera.py: its own thread reads, decodes and shrinks the frames)
and posts what it sees as messages to its screen: a ticket-shaped code (Scanned), the camera gone
(Stopped). A code that is not a ticket is said under the picture, briefly, and goes nowhere else.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ...core.camera import CameraReader, Listener, Preview

UPPER_HALF = "▀"
FOUND = "#00d75f"  # the frame around a found code: green on any grey
CAPTION = "Camera: hold the code up"
NOT_A_TICKET = "Not a ticket"
NOTE_SECONDS = 2.0


@lru_cache(maxsize=1024)
def _style(top: str, bottom: str) -> Style:
    return Style(color=top, bgcolor=bottom)


def _grey(level: int) -> str:
    level &= 0xF8  # fewer distinct styles to make and cache; invisible at this size
    return f"#{level:02x}{level:02x}{level:02x}"


class CameraPreview(Widget):
    """Hidden until started; hides itself again when the camera stops."""

    DEFAULT_CSS = """
    CameraPreview { width: 24; height: 10; display: none; }
    CameraPreview.-on { display: block; }
    """

    class Scanned(Message):
        """A code the camera read: checked as if typed in the scan field."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    class Stopped(Message):
        """The camera stopped by itself: why, for staff (None: a video file ended)."""

        def __init__(self, why: str | None) -> None:
            super().__init__()
            self.why = why

    class Frame(Message):
        """(Within the widget: a new picture to paint.)"""

    class NotATicket(Message):
        """(Within the widget: said under the picture, and nowhere else.)"""

    class Ended(Message):
        """(Within the widget: its reader stopped.)"""

        def __init__(self, reader: CameraReader, why: str | None) -> None:
            super().__init__()
            self.reader, self.why = reader, why

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reader: CameraReader | None = None
        self.picture: Preview | None = None
        self._latest: Preview | None = None  # from the reader's thread: the newest only is painted
        self.caption = CAPTION

    @property
    def running(self) -> bool:
        return self.reader is not None

    def start(self, source: str) -> None:
        self.stop()
        listener = Listener(
            scanned=lambda code: self.post_message(self.Scanned(code)),
            not_a_ticket=lambda: self.post_message(self.NotATicket()),
            preview=self._from_reader,
            stopped=lambda why: self.post_message(self.Ended(reader, why)))
        reader = CameraReader(source, listener, preview_size=self._pixels())
        self.reader, self.picture, self._latest = reader, None, None
        self.caption = CAPTION
        self.add_class("-on")
        reader.start()

    def stop(self) -> None:
        """Asked to stop (a key, or the screen going): nothing to tell."""
        if self.reader is not None:
            self.reader.stop()
            self.reader = None
        self.remove_class("-on")

    def on_unmount(self) -> None:
        self.stop()

    def _from_reader(self, preview: Preview) -> None:
        """In the reader's thread. A frame not painted yet is replaced, never queued behind."""
        waiting, self._latest = self._latest, preview
        if waiting is None:
            self.post_message(self.Frame())

    def on_camera_preview_frame(self, message: Frame) -> None:
        message.stop()
        self.picture, self._latest = self._latest, None
        self.refresh()

    def on_camera_preview_not_a_ticket(self, message: NotATicket) -> None:
        message.stop()
        self.caption = NOT_A_TICKET
        self.refresh()
        self.set_timer(NOTE_SECONDS, self._caption_back)

    def _caption_back(self) -> None:
        self.caption = CAPTION
        self.refresh()

    def on_camera_preview_ended(self, message: Ended) -> None:
        message.stop()
        if message.reader is self.reader:  # not one stopped on purpose, then started again
            self.stop()
            self.post_message(self.Stopped(message.why))

    # Painting -----------------------------------------------------------------------------

    def _pixels(self) -> tuple[int, int]:
        """The picture's size in pixels: 4:3, as big as the widget allows (two pixels a row,
        one row kept for the caption)."""
        width, rows = max(self.size.width, 4), max(self.size.height, 2)  # (0 x 0 until laid out)
        height = min((rows - 1) * 2, width * 3 // 4) // 2 * 2
        return max(height * 4 // 3, 4), max(height, 2)

    def on_resize(self, _: events.Resize) -> None:
        if self.reader is not None:
            self.reader.preview_size = self._pixels()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        picture = self.picture
        rows = (picture.height // 2) if picture else 0
        if y == self.size.height - 1 or y >= rows or picture is None:
            text = self.caption if y == self.size.height - 1 else ""
            return Strip([Segment(text[:width].center(width), Style(dim=text == CAPTION))])
        left = max(0, (width - picture.width) // 2)
        segments = [Segment(" " * left)] if left else []
        for x in range(min(picture.width, width)):
            segments.append(Segment(UPPER_HALF, _style(self._colour(picture, x, 2 * y),
                                                       self._colour(picture, x, 2 * y + 1))))
        return Strip(segments)

    @staticmethod
    def _colour(picture: Preview, x: int, y: int) -> str:
        box = picture.box
        if box is not None:
            left, top, right, bottom = box
            on_edge = ((x in (left, right) and top <= y <= bottom)
                       or (y in (top, bottom) and left <= x <= right))
            if on_edge:
                return FOUND
        return _grey(picture.pixels[y * picture.width + x])
