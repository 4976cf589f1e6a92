"""Large block letters for the kiosk: a terminal has one font size, so draw the letters.

Five rows tall, A-Z and a little punctuation. A word the font cannot draw (an accented name,
say) is shown as it is, on its own line: a name is never altered to fit the font. Text wider
than the screen is shown plainly.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widgets import Static

ROWS = 5
_GLYPHS = """
A .###. #...# ##### #...# #...#
B ####. #...# ####. #...# ####.
C .#### #.... #.... #.... .####
D ####. #...# #...# #...# ####.
E ##### #.... ####. #.... #####
F ##### #.... ####. #.... #....
G .#### #.... #..## #...# .####
H #...# #...# ##### #...# #...#
I ### .#. .#. .#. ###
J ..### ...#. ...#. #..#. .##..
K #...# #..#. ###.. #..#. #...#
L #.... #.... #.... #.... #####
M #...# ##.## #.#.# #...# #...#
N #...# ##..# #.#.# #..## #...#
O .###. #...# #...# #...# .###.
P ####. #...# ####. #.... #....
Q .###. #...# #.#.# #..#. .##.#
R ####. #...# ####. #..#. #...#
S .#### #.... .###. ....# ####.
T ##### ..#.. ..#.. ..#.. ..#..
U #...# #...# #...# #...# .###.
V #...# #...# #...# .#.#. ..#..
W #...# #...# #.#.# ##.## #...#
X #...# .#.#. ..#.. .#.#. #...#
Y #...# .#.#. ..#.. ..#.. ..#..
Z ##### ...#. ..#.. .#... #####
, .. .. .. .# #.
. . . . . #
! # # # . #
' # # . . .
- ... ... ### ... ...
"""
FONT: dict[str, tuple[str, ...]] = {
    line[0]: tuple(row.replace("#", "█").replace(".", " ") for row in line[2:].split())
    for line in _GLYPHS.strip().splitlines()
}
GAP = " "  # between letters
SPACE = "   "  # between words


def drawable(text: str) -> bool:
    return all(char in FONT for char in text.upper())


def draw_word(word: str) -> list[str]:
    """One word in block letters: ROWS strings of equal width."""
    glyphs = [FONT[char] for char in word.upper()]
    return [GAP.join(glyph[row] for glyph in glyphs) for row in range(ROWS)]


def draw(text: str, width: int) -> list[str] | None:
    """Rows of block letters wrapped at spaces into even lines that fit width, a blank row
    between lines. A word the font cannot draw ("Zoë") or fit gets a line of its own, as it
    is. None when even that is wider than width."""
    lines: list[list[str]] = []
    run: list[str] = []  # block-drawable words waiting to be wrapped

    def flush() -> None:
        if run:
            lines.extend(_balanced([draw_word(word) for word in run], width))
            run.clear()

    for word in text.split():
        if drawable(word) and len(draw_word(word)[0]) <= width:
            run.append(word)
        else:
            flush()
            lines.append([word])
    flush()
    if not lines or any(cell_len(row) > width for line in lines for row in line):
        return None
    rows: list[str] = []
    for index, line in enumerate(lines):
        rows += ([""] if index else []) + line
    return rows


def _balanced(words: list[list[str]], width: int) -> list[list[str]]:
    """Greedy wrapping, then the narrowest width that needs no more lines: "SCAN YOUR / QR CODE"."""
    lines = _wrap(words, width)
    for narrower in range(max(len(word[0]) for word in words), width):
        if len(even := _wrap(words, narrower)) == len(lines):
            return even
    return lines


def _wrap(words: list[list[str]], width: int) -> list[list[str]]:
    lines: list[list[str]] = []
    for word in words:
        if lines and len(lines[-1][0]) + len(SPACE) + len(word[0]) <= width:
            lines[-1] = [left + SPACE + right for left, right in zip(lines[-1], word, strict=True)]
        else:
            lines.append(word)
    return lines


class BigText(Static):
    """Text in large block letters, centred; plain bold text when it cannot be drawn."""

    MAX_LINE = 72  # a longer headline wraps into calmer, even lines

    text: reactive[str] = reactive("")

    def __init__(self, *, max_line: int = MAX_LINE, **kwargs) -> None:
        """max_line: the widest line of letters before the text wraps (rows are scarce on the
        desk, so it draws a name on one line wherever that fits)."""
        super().__init__(**kwargs)
        self.max_line = max_line

    def watch_text(self) -> None:
        """Laid out again only if the height changes: the next name or message often takes
        the same rows, and is then only repainted."""
        width = self.size.width
        if self.display and (not width or self.get_content_height(self.size, self.size, width)
                             != self.size.height):
            self.refresh(layout=True)

    def rows(self, width: int) -> list[str] | None:
        """The block-letter rows at `width` columns; None where the text shows plainly."""
        return draw(self.text, min(width, self.max_line)) if width else None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Measured at the width the layout offers, not the width last drawn at: a new text
        or a resized screen gets its height in the same layout pass."""
        if not width:
            return 0
        rows = self.rows(width)
        return len(rows) if rows is not None else len(self._plain().wrap(self.app.console, width))

    def _plain(self) -> Text:
        return Text(self.text, style="bold", justify="center")

    def render(self) -> Text:
        width = self.size.width
        rows = self.rows(width)
        if rows is None:
            return self._plain()
        # Centred by hand: Rich's centring strips trailing spaces, which would shear the letters.
        return Text("\n".join(" " * ((width - cell_len(row)) // 2) + row for row in rows),
                    justify="left", no_wrap=True, overflow="crop")
