"""`coprod-events person ...`: one person's record. `person show` lists their registrations and
their consent history (never their health data).

Loaded when one of its commands runs, or for --help (`_COMMAND_MODULES` in cli/__init__.py).
"""

from __future__ import annotations

from dataclasses import asdict

import click

from ..core import consent, dates
from . import Context, command, emit, main


@main.group("person")
def person_group() -> None:
    """One person's record: PERSON is their id or email."""


@command(person_group, "show")
@click.argument("person")
def person_show(ctx: Context, as_json: bool, person: str) -> None:
    """PERSON's details, registrations and consent history (given and withdrawn, to which
    privacy notice, when and by whom)."""
    found = consent.of_person(ctx.store, person)
    who = found.person
    lines = [f"Person {who.id}: {who.name}" + (f" ({who.pronouns})" if who.pronouns else "")]
    lines += [f"  {label}: {value}" for label, value in (
        ("Preferred name", who.preferred_name), ("Email", who.email), ("Phone", who.phone),
        ("Organisation", who.organisation)) if value]
    lines.append("Registrations:" if found.registrations else "Registrations: none")
    for r in found.registrations:
        now = (f"consent given {dates.show(r.consent_at, None)} (notice {r.consent_version})"
               if r.consent_at else "no consent")
        lines.append(f"  {r.registration_id}  {r.event_title}: {r.status}, {now}")
    lines.append("Consent history:" if found.history else "Consent history: none recorded")
    for change in found.history:
        by = ", ".join(filter(None, (change.operator, change.station and f"desk {change.station}")))
        lines.append(f"  {dates.show(change.at, None)}  {'given' if change.given else 'withdrawn'}"
                     f"  notice {change.notice_version or '(none)'}  {change.event_title}"
                     f" (registration {change.registration_id})" + (f"  by {by}" if by else ""))
    emit(as_json, {"person": asdict(who), "registrations": found.registrations,
                   "consent_history": found.history}, lines)
