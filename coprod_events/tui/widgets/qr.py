"""A QR code drawn in half blocks, always black on white so a phone camera can read it.

core.qr decides how a code is encoded (the same symbol as on printed tickets); this draws it.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ...core import tickets
from ...core.qr import modules

INK = Style(color="#000000", bgcolor="#ffffff")  # explicit colours: themes must not touch them
CAPTION = INK + Style(bold=True)
# Two modules per terminal line: (top dark, bottom dark) -> the character that draws them.
HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


@lru_cache(maxsize=32)
def half_block_lines(code: str) -> tuple[str, ...]:
    """The QR as text, two module rows per line, then the grouped code centred beneath.
    Nothing at all for an empty code."""
    if not code:
        return ()
    matrix = modules(code)
    width = len(matrix[0])
    if len(matrix) % 2:
        matrix = [*matrix, [False] * width]
    lines = tuple(
        "".join(HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(matrix[::2], matrix[1::2], strict=True)
    )
    caption = tickets.grouped(code) if len(code) == tickets.CODE_LENGTH else code
    return (*lines, caption.center(width))


class QRCode(Widget):
    """A scannable QR code for `code`, with the code in text beneath it."""

    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
    }
    """

    code: reactive[str] = reactive("", layout=True)

    def __init__(self, code: str = "", *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(QRCode.code, code)

    @property
    def lines(self) -> tuple[str, ...]:
        """What is drawn: the half-block rows, then the caption."""
        return half_block_lines(self.code)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self.lines[0]) if self.lines else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def render_line(self, y: int) -> Strip:
        lines = self.lines
        if y >= len(lines):
            return Strip.blank(self.size.width)
        style = CAPTION if y == len(lines) - 1 else INK
        return Strip([Segment(lines[y], style)], len(lines[y])).crop(0, self.size.width)
