"""The fonts every printed document shares, set up once per PDF.

DejaVu Sans (regular and bold, bundled) prints nearly every name; a script it lacks (Chinese,
Japanese, Korean...) prints in an installed font that has it, added to the document the first
time it is needed; text shaping is switched on only for the text that needs it (Arabic, Hebrew,
Indic scripts). Badges and the paper lists both choose their fonts here.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from . import fonts

FAMILY = "dejavu"
NOT_COVERED = "script not covered by any installed font"
NOT_SHAPED = "needs text shaping (right-to-left or joined letters), which is not installed"


class Fonts:
    """The fonts of one document: DejaVu Sans added at once, fallbacks as text asks for them."""

    def __init__(self, pdf: FPDF):
        self.pdf = pdf
        self.regular, self.bold = fonts.unicode_font(), fonts.unicode_font_bold()
        pdf.add_font(FAMILY, "", str(self.regular))
        pdf.add_font(FAMILY, "B", str(self.bold))
        self._families: dict[Path, str] = {}
        self._chosen: dict[tuple[str, bool], tuple[Path, bool]] = {}

    def font_for(self, text: str, bold: bool = False) -> Path | None:
        """The font file that has every character of `text`: DejaVu if it does, else an
        installed fallback; None when no font has them all."""
        main = self.bold if bold else self.regular
        return main if text.isascii() or fonts.covers(main, text) else fonts.fallback_font_for(text)

    def problem(self, text: str, bold: bool = False) -> str | None:
        """Why `text` cannot be printed right, or None."""
        if self.font_for(text, bold) is None:
            return NOT_COVERED
        if fonts.needs_shaping(text) and not fonts.shaping_available():
            return NOT_SHAPED
        return None

    def use(self, text: str, bold: bool = False) -> Path:
        """Select the font for `text` (size unchanged), shaping it only where its script needs
        it. Text no font covers gets DejaVu, which prints what it can: callers that must not
        print a wrong line ask `problem` first."""
        if text.isascii():  # most text, on a list of thousands: DejaVu has it all, unshaped
            self.pdf.set_font(FAMILY, "B" if bold else "")
            self.pdf.set_text_shaping(False)
            return self.bold if bold else self.regular
        if (text, bold) not in self._chosen:  # a list repeats its lines (sessions, actions)
            self._chosen[text, bold] = (self.font_for(text, bold) or (self.bold if bold else self.regular),
                                        fonts.needs_shaping(text) and fonts.shaping_available())
        font, shaped = self._chosen[text, bold]
        if font in (self.regular, self.bold):
            self.pdf.set_font(FAMILY, "B" if bold else "")
        else:
            if font not in self._families:
                family = self._families[font] = f"fallback{len(self._families) + 1}"
                for style in ("", "B"):  # bold prints in the fallback's own weight
                    self.pdf.add_font(family, style, str(font))
            self.pdf.set_font(self._families[font], "B" if bold else "")
        self.pdf.set_text_shaping(shaped)
        return font
