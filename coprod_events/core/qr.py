"""How a ticket code becomes a QR code: the one place that decides, for screen, image and paper.

Error correction M survives a crease or a smudge; a quiet zone of 4 modules is what the QR
standard asks for; ticket codes are upper-case Crockford base32, so they fit alphanumeric mode,
which keeps the symbol small (25 x 25 modules). The QR holds the code and nothing else.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import lru_cache

import qrcode
from PIL import Image
from qrcode import util

QUIET_ZONE = 4  # modules of white around the code
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
PIXELS_PER_MODULE = 10  # a 330-pixel PNG: sharp on paper and on a phone screen


def symbol(code: str) -> qrcode.QRCode:
    """The encoded symbol. Anything that is not a ticket code falls back to byte mode rather
    than failing."""
    data = code.encode()
    mode = util.MODE_ALPHA_NUM if util.optimal_mode(data) <= util.MODE_ALPHA_NUM else util.MODE_8BIT_BYTE
    qr = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE)
    qr.add_data(util.QRData(data, mode=mode))
    qr.make(fit=True)
    return qr


@lru_cache(maxsize=64)
def _matrix(code: str) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(row) for row in symbol(code).get_matrix())


def modules(code: str) -> list[list[bool]]:
    """The QR matrix (True is dark), quiet zone included."""
    return [list(row) for row in _matrix(code)]


def dark_runs(code: str) -> Iterator[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules: a handful of
    rectangles per row draws the symbol faster and smaller than one per module."""
    for y, row in enumerate(_matrix(code)):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                yield y, start, x - start
            else:
                x += 1


def image(code: str, *, scale: int = PIXELS_PER_MODULE) -> Image.Image:
    """Black on white, 1 bit per pixel, `scale` pixels per module."""
    matrix = _matrix(code)
    size = len(matrix)
    small = Image.frombytes("L", (size, size),
                            bytes(0 if dark else 255 for row in matrix for dark in row))
    return small.resize((size * scale, size * scale), Image.Resampling.NEAREST).convert("1")


def png_bytes(code: str, *, scale: int = PIXELS_PER_MODULE) -> bytes:
    buffer = io.BytesIO()
    image(code, scale=scale).save(buffer, format="PNG")
    return buffer.getvalue()


def svg_text(code: str, *, scale: int = PIXELS_PER_MODULE) -> str:
    """An SVG in module units (it scales without blurring), sized `scale` pixels per module."""
    size = len(_matrix(code))
    path = "".join(f"M{x} {y}h{n}v1h-{n}z" for y, x, n in dark_runs(code))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size * scale}" height="{size * scale}" '
        f'viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#ffffff"/>'
        f'<path d="{path}" fill="#000000"/></svg>\n'
    )
