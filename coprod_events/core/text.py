"""Cleaning what people type: printable, trimmed, and of a sane length."""

from __future__ import annotations

from .errors import CoprodError

MAX_FIELD = 200


def clean(value: str | None, field: str = "value", *, limit: int = MAX_FIELD,
          key: str | None = None) -> str | None:
    """Trim, fold control characters and runs of spaces, refuse absurd lengths; None if empty.
    `field` is how the message names it; `key` is the input it came from."""
    if value is None:
        return None
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(value)).split())
    if len(text) > limit:
        raise CoprodError(f"The {field.replace('_', ' ')} is too long ({len(text)} characters; "
                          f"{limit} at most).", field=key)
    return text or None


def as_id(ref: str | int) -> int | None:
    """A numeric reference (an id typed as "12"), or None when it is not one."""
    text = str(ref).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None
