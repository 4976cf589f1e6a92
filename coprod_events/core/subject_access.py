"""Subject access (issue 12, UK GDPR article 15): everything held about one person, as JSON and
as a page to read (HTML, the same content), and nothing about anyone else.

What is held: the person, each registration (event, status, roles, access needs and notes,
dietary, consent given and to which notice, payment choice), its sessions, check-ins, tickets
(codes masked: a copy of the export must not let anyone in), expenses and payments, and the audit
entries about them. Staff names on check-ins are left out (the station says where); a PA link
says only that they support someone, not whom. The export itself is audited.
"""

from __future__ import annotations

import html
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from . import audit, dates
from .data import privacy as data
from .errors import CoprodError, NotFound
from .store import Store

VISIBLE = 4  # characters of a ticket code left showing


def mask(code: str) -> str:
    return "*" * max(len(code) - VISIBLE, 0) + code[-VISIBLE:]


def held(store: Store, person_id: int, *, station: str | None = None,
         now: datetime | None = None) -> dict[str, Any]:
    """Everything held about the person, read in the write that audits the export."""
    now = now or dates.utcnow()
    with store.write():
        person = data.person_row(store, person_id)
        if person is None:
            raise NotFound(f"No person {person_id}.")
        registrations = []
        for registration in data.registrations_held(store, person_id):
            parts = {what: data.rows_of(store, what, registration["id"]) for what in data.HELD}
            parts["roles"] = [row["role"] for row in parts["roles"]]
            parts["tickets"] = [{**row, "code": mask(row["code"])} for row in parts["tickets"]]
            for flag in ("supports_someone", "payment_eligible"):
                registration[flag] = bool(registration[flag])
            for checkin in parts["checkins"]:
                checkin["success"], checkin["forced"] = bool(checkin["success"]), bool(checkin["forced"])
            registrations.append({**registration, **parts})
        audit.record(store, "subject_access", person_id=person_id, station=station, now=now)
        entries = [{"at": entry.at, "what": audit.ACTIONS.get(entry.action, entry.action),
                    "operator": entry.operator, "station": entry.station, "detail": entry.detail}
                   for entry in audit.entries(store, person_id=person_id)]
    return {"generated_at": dates.to_db(now), "person": person,
            "consent": [{"event": r["event"], "given_at": r["consent_at"],
                         "notice_version": r["consent_version"]} for r in registrations if r["consent_at"]],
            "registrations": registrations, "audit": entries}


def export(store: Store, person_id: int, out: Path, *, station: str | None = None,
           now: datetime | None = None) -> tuple[Path, Path]:
    """The export as `out` (JSON) and the same name with .html; both new files, private (0600)."""
    out, page = files_for(out)
    try:  # before the audit entry: an export that cannot be written is not recorded as made
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise CoprodError(f"Cannot make the folder {out.parent}: {error.strerror or error}.") from error
    found = held(store, person_id, station=station, now=now)
    _write_private(out, json.dumps(found, indent=2, ensure_ascii=False) + "\n")
    _write_private(page, render(found))
    return out, page


def files_for(out: Path) -> tuple[Path, Path]:
    """The export's two files: the JSON as named, and the page beside it; refused if either is
    there already (an export never writes over anything)."""
    page = out.with_suffix(".html")
    for path in (out, page):
        if path.exists() or path.is_symlink():
            raise CoprodError(f"{path} already exists. Nothing was written; give a new file name.")
    return out, page


def _write_private(path: Path, text: str) -> None:
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        raise CoprodError(f"Cannot write {path}: {error.strerror or error}.") from error


# The readable page: the same content, every value escaped -------------------------------------

def render(found: dict[str, Any]) -> str:
    person = found["person"]
    title = f"Everything held about {person['name']} (person {person['id']})"
    body = "".join(f"<h2>{html.escape(_label(key))}</h2>{_html(value)}"
                   for key, value in found.items())
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:60em;"
            f"margin:auto}} table{{border-collapse:collapse}} td,th{{border:1px solid #999;"
            f"padding:.2em .5em;text-align:left;vertical-align:top}}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n")


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _html(value: Any) -> str:
    if isinstance(value, dict):
        rows = "".join(f"<tr><th>{html.escape(_label(k))}</th><td>{_html(v)}</td></tr>"
                       for k, v in value.items())
        return f"<table>{rows}</table>"
    if isinstance(value, list):
        items = "".join(f"<li>{_html(v)}</li>" for v in value)
        return f"<ol>{items}</ol>" if value else "<p>None.</p>"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return html.escape(str(value))
