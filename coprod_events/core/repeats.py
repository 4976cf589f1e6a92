"""Repeating courses: a repeat chosen in words ("weekly, 6 sessions") written as an RFC 5545
rule and read back, and the plan of sessions a rule and its cancelled weeks make.

How sessions are counted: a rule's COUNT counts dates as RFC 5545 does, cancelled weeks
included (an EXDATE does not extend a COUNT), so a stored rule means here what it means in any
calendar, and `event add --repeat "FREQ=WEEKLY;COUNT=7" --except 10/2/2027` makes six sessions.
People choosing in the form give the sessions *held*: the rule is written with the cancelled
weeks added (weekly, 6 sessions, one cancelled week: FREQ=WEEKLY;COUNT=7), so the course runs a
week longer and still has six. Every summary names both numbers when they differ.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from . import dates
from .dates import day
from .errors import CoprodError
from .text import plural

# What a person can choose, and the RFC 5545 rule (less its end) each one is.
EVERY = {
    "weekly": "Weekly",
    "fortnightly": "Fortnightly",
    "monthly": "Monthly, same weekday",
    "daily": "Daily",
}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Choice:
    """A repeat in words: how often, and either how many sessions are held or the last day."""

    every: str  # a key of EVERY
    sessions: int | None = None
    last_day: date | None = None


@dataclass(frozen=True)
class Plan:
    """The sessions a rule makes, and the cancelled dates it skips (sorted)."""

    sessions: list[tuple[datetime, datetime]]
    cancelled: list[date]
    weekly: bool

    def summary(self) -> str:
        """E.g. "6 sessions: Wed 6 Jan – Wed 17 Feb 2027, 10:00–12:30; 7 weeks, 1 cancelled:
        Wed 10 Feb 2027." """
        (first, end), (last, _) = self.sessions[0], self.sessions[-1]
        span = day(first) if first.date() == last.date() else f"{day(first, year=False)} – {day(last)}"
        text = f"{plural(len(self.sessions), 'session')}: {span}, {first:%H:%M}–{end:%H:%M}"
        if not self.cancelled:
            return text + "."
        unit = "week" if self.weekly else "date"
        total = plural(len(self.sessions) + len(self.cancelled), unit)
        return (f"{text}; {total}, {len(self.cancelled)} cancelled: "
                + ", ".join(day(d) for d in self.cancelled) + ".")


def rule_for(choice: Choice, first: date, cancelled: int = 0) -> str:
    """The RFC 5545 rule for `choice` from `first`; `cancelled` weeks are added to its COUNT,
    so the sessions held stay as chosen."""
    if choice.every not in EVERY:
        raise CoprodError(f"Choose how often it repeats: {', '.join(EVERY.values())}.", field="every")
    rule = {
        "daily": "FREQ=DAILY",
        "weekly": "FREQ=WEEKLY",
        "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
        "monthly": f"FREQ=MONTHLY;BYDAY={_nth_weekday(first)}",
    }[choice.every]
    if choice.sessions is not None:
        return f"{rule};COUNT={choice.sessions + cancelled}"
    if choice.last_day is not None:
        return f"{rule};UNTIL={choice.last_day:%Y%m%d}"
    return rule


def _nth_weekday(first: date) -> str:
    """The monthly weekday `first` is: 1WE for the first Wednesday, -1WE for the last (a fifth
    Wednesday is not in every month, the last is)."""
    nth = (first.day - 1) // 7 + 1
    return f"{-1 if nth == 5 else nth}{_WEEKDAYS[first.weekday()]}"


def choice_of(rule: str, first: date, cancelled: int = 0) -> Choice | None:
    """The choice a rule is, read back (sessions held: its COUNT less the `cancelled`); None for
    a rule that is not one of the choices (the form then says "custom")."""
    text = rule.strip().upper()
    text = text.removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, sign, value = (piece.strip() for piece in part.partition("="))
        if not sign or name in parts:
            return None
        parts[name] = value
    count, until = parts.pop("COUNT", None), parts.pop("UNTIL", None)
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    every = next((name for name in EVERY
                  if parts == _parts(rule_for(Choice(name), first))), None)
    if every is None:
        return None
    if count is not None and until is None and count.isdigit() and int(count) > cancelled:
        return Choice(every, sessions=int(count) - cancelled)
    if until is not None and count is None and len(until) >= 8:
        try:
            return Choice(every, last_day=datetime.strptime(until[:8], "%Y%m%d").date())
        except ValueError:
            return None
    return Choice(every) if count is None and until is None else None


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";"))


def plan(rule: str, starts: datetime, ends: datetime, cancelled: Collection[date] = ()) -> Plan:
    """The sessions `rule` makes from the first one (`starts`–`ends`), without the cancelled
    dates; each cancelled date must be one of the rule's dates, and some session must be left."""
    every_date = dates.expand_repeat(rule, starts, ends)
    days = {start.date() for start, _ in every_date}
    strays = sorted(d for d in set(cancelled) if d not in days)
    if strays:
        first, last = every_date[0][0], every_date[-1][0]
        raise CoprodError(f"{strays[0]:%d/%m/%Y} is not one of the course's dates ("
                          f"{day(first, year=first.year != last.year)} – {day(last)}), so it cannot "
                          "be cancelled.", field="except_dates")
    held = [(s, e) for s, e in every_date if s.date() not in set(cancelled)]
    if not held:
        raise CoprodError("The repeat rule and cancelled weeks leave no sessions.", field="repeat")
    return Plan(held, sorted(set(cancelled)), "FREQ=WEEKLY" in rule.upper())


def check_choice(choice: Choice, first: date) -> None:
    """A choice that can make a course: sessions from 1 to the most a rule may make, or a last
    day on or after the first; not both."""
    if choice.sessions is not None and choice.last_day is not None:
        raise CoprodError("Give the number of sessions or the last day, not both.", field="sessions")
    if choice.sessions is None and choice.last_day is None:
        raise CoprodError("How many sessions? Or give the last day instead.", field="sessions")
    if choice.sessions is not None and not 1 <= choice.sessions <= dates.MAX_OCCURRENCES:
        raise CoprodError(f"A course has 1 to {dates.MAX_OCCURRENCES} sessions, not {choice.sessions}.",
                          field="sessions")
    if choice.last_day is not None and choice.last_day < first:
        raise CoprodError(f"The last day ({choice.last_day:%d/%m/%Y}) is before the first "
                          f"({first:%d/%m/%Y}).", field="last_day")
