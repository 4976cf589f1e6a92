"""A keyed list of one-line rows under a heading, with a row cursor, drawn line by line.

The roster refills its rows at every keystroke of the search box. A DataTable renders every
visible cell afresh after a refill (padding, styles and caches per cell): about 12 ms a frame
for a screenful, most of a keystroke's budget. Here a row is one Text, made into a strip once
and reused until the rows change; it looks and is driven as the DataTable was (same colours,
Enter or a click on the highlighted row selects, a click elsewhere highlights).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

PADDING = 1  # a space each side of a row, as a DataTable pads its cells


class RowList(ScrollView, can_focus=True):
    """Rows of Text keyed by id, a heading kept in view above them, and a cursor."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open"),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]
    COMPONENT_CLASSES = {"row-list--header", "row-list--cursor", "row-list--hover"}
    # A DataTable's look, from its own styles.
    DEFAULT_CSS = """
    RowList {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-list--header {
                background-tint: $foreground 5%;
            }
        }
        & > .row-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .row-list--hover {
            background: $block-hover-background;
        }
    }
    """

    class _RowMessage(Message):
        def __init__(self, row_list: RowList, cursor_row: int, key: str) -> None:
            super().__init__()
            self.row_list = row_list
            self.cursor_row = cursor_row
            self.key = key

        @property
        def control(self) -> RowList:
            return self.row_list

    class Highlighted(_RowMessage):
        """The cursor moved to another row."""

    class Selected(_RowMessage):
        """Enter on the highlighted row, or a click on it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._heading = Text()
        self._keys: list[str] = []
        self._rows: dict[str, Text] = {}  # in order
        self._index: dict[str, int] = {}
        self.cursor_row = 0
        self._hover: int | None = None  # the row under the mouse
        self._strips: dict[tuple[str | None, str], Strip] = {}  # (key, look); None: the heading
        self._base = Style()  # the widget's own style, as the strips were made with
        self._width = 0  # and their width: the rows', or the widget's if it is wider

    # Rows -----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def rows(self) -> Mapping[str, Text]:
        """The rows by key, in order."""
        return self._rows

    def get_row(self, key: str) -> Text:
        return self._rows[key]

    def get_row_index(self, key: str) -> int:
        return self._index[key]

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row (None when there are no rows)."""
        return self._keys[self.cursor_row] if self._keys else None

    def set_rows(self, heading: Text, rows: Iterable[tuple[str, Text]]) -> None:
        """Show these rows instead, the cursor on the first and the list scrolled to the top.
        Rows that are as they were keep their strips; if none changed, nothing is redrawn."""
        rows = list(rows)
        unchanged = _same(heading, self._heading) and len(rows) == len(self._keys) and all(
            key == shown and _same(text, self._rows[shown])
            for (key, text), shown in zip(rows, self._keys, strict=True))
        self._set_hover(None)
        if self.cursor_row:
            self._refresh_row(self.cursor_row)
            self._refresh_row(0)
            self.cursor_row = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        if unchanged:
            return
        if not _same(heading, self._heading):
            self._strips.clear()
        self._heading = heading
        before = self._rows
        self._keys, self._rows, self._index = [], {}, {}
        self.add_rows(rows, before)

    def add_rows(self, rows: Iterable[tuple[str, Text]], before: Mapping[str, Text] | None = None) -> None:
        """Add rows after the last (a key already shown is not added again). `before`: the rows
        shown until now, whose strips serve again where a row is unchanged."""
        before = self._rows if before is None else before
        for key, text in rows:
            if key not in self._rows:
                self._index[key] = len(self._keys)
                self._keys.append(key)
                self._rows[key] = text
        self._strips = {(key, look): strip for (key, look), strip in self._strips.items()
                        if key is None or (key in self._rows and key in before
                                           and _same(self._rows[key], before[key]))}
        width = max((cell_len(self._heading.plain), *(t.cell_len for t in self._rows.values())))
        # Only a change of size lays the screen out again; the same size only repaints.
        self.virtual_size = Size(width + 2 * PADDING, len(self._keys) + 1)
        self.refresh()
        self._make_shown_strips()

    # The cursor -----------------------------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        """Highlight this row (kept within the rows) and scroll it into view."""
        row = max(0, min(row, self.row_count - 1))
        if not self._keys or row == self.cursor_row:
            self._scroll_to_cursor(animate)
            return
        self._refresh_row(self.cursor_row)
        self.cursor_row = row
        self._refresh_row(row)
        self._scroll_to_cursor(animate)
        self.post_message(self.Highlighted(self, row, self._keys[row]))

    def _scroll_to_cursor(self, animate: bool) -> None:
        shown = max(self.scrollable_content_region.height - 1, 1)  # below the heading
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=animate, immediate=True)
        elif self.cursor_row >= top + shown:
            self.scroll_to(y=self.cursor_row - shown + 1, animate=animate, immediate=True)

    def _refresh_row(self, row: int) -> None:
        self.refresh_line(row + 1)  # a line of the list: the heading is line 0

    def action_cursor_up(self) -> None:
        self._keyboard()
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._keyboard()
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self._keyboard()
        self.move_cursor(row=self.cursor_row - self._page())

    def action_page_down(self) -> None:
        self._keyboard()
        self.move_cursor(row=self.cursor_row + self._page())

    def action_first(self) -> None:
        self._keyboard()
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self._keyboard()
        self.move_cursor(row=self.row_count - 1)

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 2, 1)

    def action_select_cursor(self) -> None:
        if self._keys:
            self.post_message(self.Selected(self, self.cursor_row, self._keys[self.cursor_row]))

    # The mouse ------------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:  # outside, or on the heading
            return None
        row = offset.y - 1 + round(self.scroll_y)
        return row if row < self.row_count else None

    def on_click(self, event: events.Click) -> None:
        if (row := self._row_at(event)) is None:
            return
        event.stop()
        if row == self.cursor_row:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_at(event))

    def on_leave(self, _: events.Leave) -> None:
        self._set_hover(None)

    def _keyboard(self) -> None:
        self._set_hover(None)  # the keys move the cursor: the mouse's row is no longer marked

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover:
            for old_or_new in (self._hover, row):
                if old_or_new is not None:
                    self._refresh_row(old_or_new)
            self._hover = row

    # Drawing --------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._check_look()
        return super().render_lines(crop)

    def _check_look(self) -> None:
        """The strips are made for a style (it changes with focus and theme) and a width."""
        base, width = self.rich_style, max(self.virtual_size.width, self.size.width)
        if (base, width) != (self._base, self._width):
            self._base, self._width = base, width
            self._strips.clear()

    def _make_shown_strips(self) -> None:
        """Make the strips of the rows in view now, not in the next frame: rows are set while
        that frame waits for its turn (at most 60 a second), so it only has to draw them."""
        self._check_look()
        top = round(self.scroll_y)
        for row in range(top, min(top + self.size.height - 1, self.row_count)):  # under the heading
            self.render_line(row - top + 1)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        row = -1 if y == 0 else y - 1 + scroll_y
        if row >= self.row_count:
            return Strip.blank(width, self._base)
        key = None if row < 0 else self._keys[row]
        look = ("header" if key is None else "cursor" if row == self.cursor_row
                else "hover" if row == self._hover else "")
        strip = self._strips.get((key, look))
        if strip is None:
            strip = self._strips[key, look] = self._make_strip(
                self._heading if key is None else self._rows[key], look)
        return strip.crop_extend(scroll_x, scroll_x + width, self._base)

    def _make_strip(self, text: Text, look: str) -> Strip:
        """One line: the text padded as a DataTable cell, on the look's colours to the right
        edge; a cursor's colour is over the text's own (as a DataTable's row cursor is)."""
        console = self.app.console
        style = self._base
        over = Style()
        if look:
            component = self.get_component_rich_style(f"row-list--{look}")
            style += component
            if look != "header":
                over = Style.from_color(color=component.color)
        pad = Segment(" " * PADDING, style)
        # A Text without spans renders without its own style: it is added here ("dim").
        under = style + console.get_style(text.style, default=Style.null())
        segments = [pad, *Segment.apply_style(text.render(console), under, over), pad]
        return Strip(segments).adjust_cell_length(self._width, style)


def _same(one: Text, other: Text) -> bool:
    """Whether two rows look the same (Text's == leaves out the style of the whole)."""
    return one.plain == other.plain and one.style == other.style and one.spans == other.spans
