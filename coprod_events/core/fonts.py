"""The one place that finds a Unicode font for printed tickets and badges.

PDF core fonts cover Latin-1 only, so names such as Łukasz Brzęczyszczykiewicz would not print.
DejaVu Sans covers them, and ships inside this package (coprod_events/fonts, with its licence):
no PyPI package ships it without a large dependency of its own (matplotlib brings numpy, which
sqlite-utils then imports at every start), and a system font is not there on every laptop.

For scripts DejaVu lacks (Chinese, Japanese...), `fallback_font_for` finds an installed font
that has every glyph, through fontconfig; `needs_shaping` tells which text (Arabic, Hebrew,
Indic scripts) prints right only with fpdf2's text shaping.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

from .errors import CoprodError

FONTS = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


def unicode_font() -> Path:
    """DejaVu Sans (regular): a TTF file with every letter a name is likely to need."""
    return _bundled(REGULAR)


def unicode_font_bold() -> Path:
    return _bundled(BOLD)


def _bundled(filename: str) -> Path:
    path = FONTS / filename
    if not path.is_file():
        raise CoprodError(f"The font {path} is missing, so tickets and badges cannot be printed. "
                          "Reinstall coprod-events (pip install --force-reinstall coprod-events).")
    return path


# --- other scripts: a system font that has the glyphs, and text shaping ----------------------

EMBEDDABLE = (".ttf", ".otf", ".ttc", ".otc")  # font files fpdf2 can embed
FONTCONFIG_REGULAR = 80  # fontconfig's weight of a regular face
# Scripts whose letters join, stack or reorder (Indic, Thai, Lao, Tibetan, Myanmar, Khmer,
# Mongolian...): printed letter by letter they come out wrong, so they need a shaping engine.
_COMPLEX_SCRIPTS = ((0x0900, 0x109F), (0x1780, 0x18AF), (0x1A00, 0x1CFF), (0xA800, 0xABFF),
                    (0x11000, 0x11FFF))


def covers(font: Path, text: str) -> bool:
    """Whether `font` has a glyph for every character of `text` (spaces aside)."""
    glyphs = _characters(str(font))
    return all(ord(char) in glyphs for char in set(text) - {" "})


def fallback_font_for(text: str) -> Path | None:
    """An installed font, found through fontconfig, with a glyph for every character of `text`:
    for scripts DejaVu Sans lacks (Chinese, Japanese, Korean...). None when there is none.
    A collection (.ttc) counts by its first face, which is the one a PDF embeds by default."""
    characters = "".join(sorted(set(text) - {" "}))
    fc_list = shutil.which("fc-list")
    return _fallback(fc_list, characters) if characters and fc_list else None


def needs_shaping(text: str) -> bool:
    """Whether `text` prints right only through a shaping engine: right-to-left scripts
    (Arabic, Hebrew), scripts whose letters join or reorder, and combining marks."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") or unicodedata.category(char) == "Mn"
               or any(low <= ord(char) <= high for low, high in _COMPLEX_SCRIPTS) for char in text)


def shaping_available() -> bool:
    """Whether fpdf2 can shape text (it needs the uharfbuzz package)."""
    return importlib.util.find_spec("uharfbuzz") is not None


@lru_cache(maxsize=64)
def _characters(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # fpdf2's own dependency; loaded only when asked

    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:  # an unreadable or odd font file covers nothing
        return frozenset()


@lru_cache(maxsize=256)
def _fallback(fc_list: str, characters: str) -> Path | None:
    """fc-list narrows the search to fonts whose charset has every character; each is then
    checked against its own character map, regular upright faces first."""
    charset = " ".join(f"{ord(char):x}" for char in characters)
    try:
        listing = subprocess.run(
            [fc_list, "-f", "%{index}\t%{weight}\t%{slant}\t%{file}\n", f":charset={charset}"],
            capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    faces = []
    for line in listing.splitlines():
        index, weight, slant, file = (line.split("\t", 3) + ["", "", "", ""])[:4]
        if index == "0" and Path(file).suffix.lower() in EMBEDDABLE:
            faces.append((slant != "0", abs(_number(weight, FONTCONFIG_REGULAR) - FONTCONFIG_REGULAR),
                          file))
    for *_, file in sorted(set(faces)):
        if covers(Path(file), characters):
            return Path(file)
    return None


def _number(text: str, default: float) -> float:
    try:
        return float(text)
    except ValueError:  # a variable font gives a range, e.g. "[40 210]"
        return default
