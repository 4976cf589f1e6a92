"""Involvement payments and expenses: what the Centre owes the people who give their time.

Experts by experience are paid for their time at the event's rate, if they choose to be
(fee, voucher, expenses only, or declined: accepting payment is their choice), and their
expenses (travel, a PA's travel, subsistence, care cover) are covered whatever they choose, so
nobody is out of pocket. Hours come from attendance, session by session. Amounts are whole
pence. Bank details are never stored, nor asked for: text that looks like an account number or
a sort code is refused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from . import attendance as attendance_core
from . import dates
from .data import payments as data
from .errors import CoprodError, NotFound, quote
from .events import get_event
from .payment_terms import CHOICES, HOW, KINDS, PAID_FOR_TIME, PER
from .store import Store
from .text import clean

HALF_DAY_MINUTES = 4 * 60  # up to 4 hours on a day is a half day; more is a day
MAX_PENCE = 100_000_00
_POUNDS = re.compile(r"£?\s*(\d{1,6})(?:\.(\d{1,2}))?")
_LOOKS_LIKE_BANK = re.compile(r"\d(?:[\s-]?\d){5,}")  # a sort code (6 digits) or an account (8)


@dataclass(frozen=True)
class Line:
    """One person's due and paid, in pence."""
    registration_id: int
    name: str
    status: str  # of the registration: confirmed, waitlisted, cancelled
    payment_eligible: bool
    choice: str | None  # fee | voucher | expenses | declined; None: not asked yet
    minutes: int  # attended, over the sessions marked, overlaps counted once
    fee_due: int
    expenses: int
    paid: int
    how_paid: tuple[str, ...]  # bank | voucher | cash, each once, in the order first paid

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def balance(self) -> int:
        """Still to pay (negative: paid too much)."""
        return self.fee_due + self.expenses - self.paid


@dataclass(frozen=True)
class Due:
    event: str  # slug
    title: str
    rate: data.Rate | None
    rule: str  # how the fee was worked out, in words
    lines: tuple[Line, ...]

    @property
    def totals(self) -> dict[str, int]:
        return {"fee_due": sum(line.fee_due for line in self.lines),
                "expenses": sum(line.expenses for line in self.lines),
                "paid": sum(line.paid for line in self.lines),
                "balance": sum(line.balance for line in self.lines)}


def pounds(pence: int) -> str:
    """1250 -> "£12.50"."""
    sign = "-" if pence < 0 else ""
    return f"{sign}£{abs(pence) // 100:,}.{abs(pence) % 100:02d}"


def parse_pounds(text: str, field: str = "amount", *, zero: bool = False) -> int:
    """An amount typed as pounds ("12.50", "£12.50", "12") in pence; refused unless it is one,
    above nothing (or nothing, with `zero`) and at most £100,000."""
    found = _POUNDS.fullmatch(str(text).strip())
    if not found:
        raise CoprodError(f"Give the {field} in pounds, such as 12.50 or £12.50: {quote(text)} is not one.",
                          field=field)
    pence = int(found[1]) * 100 + int((found[2] or "0").ljust(2, "0"))
    if pence > MAX_PENCE or (pence == 0 and not zero):
        raise CoprodError(f"The {field} must be {'' if zero else 'more than £0 and '}at most "
                          f"{pounds(MAX_PENCE)}: {quote(text)} is not.", field=field)
    return pence


def set_rate(store: Store, event_ref: str | int, pence: int, per: str) -> data.Rate:
    """The event's rate for an involvement fee: `pence` per hour, half_day or day."""
    per = _one_of(per.replace("-", "_"), PER, "per")
    if not 0 <= pence <= MAX_PENCE:
        raise CoprodError(f"A rate is £0 to {pounds(MAX_PENCE)}.", field="amount")
    event = get_event(store, event_ref)
    with store.write():
        data.set_rate(store, event.id, pence, per)
    return data.Rate(pence, per)


def set_choice(store: Store, registration_id: int, choice: str) -> str:
    """What the person chose: fee, voucher, expenses (only) or declined."""
    choice = _one_of(choice, CHOICES, "choice")
    with store.write():
        _registration(store, registration_id)
        data.set_choice(store, registration_id, choice)
    return choice


def add_expense(store: Store, registration_id: int, pence: int, kind: str, *,
                receipt: bool = False, at: datetime | None = None) -> data.Expense:
    """An expense claimed: travel, pa_travel, subsistence, care_cover or other."""
    kind = _one_of(kind.replace("-", "_"), KINDS, "kind")
    _amount(pence)
    when = dates.to_db(at or dates.utcnow())
    with store.write():
        _registration(store, registration_id)
        data.add_expense(store, registration_id, pence, kind, receipt, when)
    return data.Expense(registration_id, pence, kind, receipt, when)


def record_payment(store: Store, registration_id: int, pence: int, how: str, *, by: str | None = None,
                   at: datetime | None = None) -> data.Payment:
    """A payment made: by bank transfer, voucher or cash on the day, and by whom (a name; never
    an account: text that looks like bank details is refused)."""
    how = _one_of(how, HOW, "how")
    _amount(pence)
    payer = clean(by, "paid by", limit=64)
    if payer and _LOOKS_LIKE_BANK.search(payer):
        raise CoprodError("Bank details are never stored: give who paid (a name), not an account "
                          "number or sort code.", field="by")
    when = dates.to_db(at or dates.utcnow())
    with store.write():
        _registration(store, registration_id)
        data.add_payment(store, registration_id, pence, how, payer, when)
    return data.Payment(registration_id, pence, when, how, payer)


def due(store: Store, event_ref: str | int, *, now: datetime | None = None) -> Due:
    """Per person who is payment eligible or made a choice: their choice, hours attended, the
    fee due by the event's rate, expenses claimed, paid so far and the balance."""
    event = get_event(store, event_ref)
    rate = data.rate(store, event.id)
    payees = data.payees(store, event.id)
    minutes_by_day = _minutes_by_day(store, event.id, {p.registration_id for p in payees}, now)
    claimed: defaultdict[int, int] = defaultdict(int)
    for expense in data.expenses(store, event.id):
        claimed[expense.registration_id] += expense.amount_pence
    paid: defaultdict[int, int] = defaultdict(int)
    how: defaultdict[int, dict[str, None]] = defaultdict(dict)
    for payment in data.payments(store, event.id):
        paid[payment.registration_id] += payment.amount_pence
        how[payment.registration_id][payment.how] = None
    lines = []
    for p in payees:
        days = minutes_by_day.get(p.registration_id, {})
        fee = _fee(rate, list(days.values())) if p.choice in PAID_FOR_TIME else 0
        lines.append(Line(p.registration_id, p.name, p.status, p.payment_eligible, p.choice,
                          sum(days.values()), fee, claimed[p.registration_id], paid[p.registration_id],
                          tuple(how[p.registration_id])))
    return Due(event.slug, event.title, rate, rule(rate), tuple(lines))


def rule(rate: data.Rate | None) -> str:
    """How the fee is worked out, in words."""
    if rate is None:
        return "No rate is set for this event, so no fee is due yet: set one with `payments rate`."
    base = (f"Fee or voucher at {pounds(rate.pence)} per {PER[rate.per]}, for the time attended "
            "(from arriving, or the start, to leaving, or the end of each session; overlapping "
            "sessions counted once)")
    if rate.per == "hour":
        return f"{base}, to the penny. Expenses claimed are paid whatever the choice."
    half = "half the day rate" if rate.per == "day" else "one half day"
    full = "the day rate" if rate.per == "day" else "two half days"
    return (f"{base}: each day, up to {HALF_DAY_MINUTES // 60} hours is {half}, more is {full}. "
            "Expenses claimed are paid whatever the choice.")


def _fee(rate: data.Rate | None, days: list[int]) -> int:
    """The fee for the minutes attended on each day, by the rate (see `rule`)."""
    if rate is None:
        return 0
    if rate.per == "hour":
        return (rate.pence * sum(days) + 30) // 60  # to the nearest penny, halves up
    half_days = sum(0 if minutes <= 0 else 1 if minutes <= HALF_DAY_MINUTES else 2 for minutes in days)
    if rate.per == "half_day":
        return rate.pence * half_days
    return (rate.pence * half_days + 1) // 2


def _minutes_by_day(store: Store, event_id: int, wanted: set[int],
                    now: datetime | None) -> dict[int, dict[date, int]]:
    """Registration -> event-local day -> minutes attended, each person's spans merged so two
    sessions at the same time count once."""
    if not wanted:
        return {}
    report = attendance_core.attendance(store, event_id, now=now)
    spans: defaultdict[int, defaultdict[date, list[tuple[datetime, datetime]]]] = \
        defaultdict(lambda: defaultdict(list))
    for item in report.sessions:
        day = report.event.local_day(item.session.starts_at)
        for mark in item.marks:
            span = attendance_core.attended_span(item.session, mark)
            if span and mark.registration_id in wanted:
                spans[mark.registration_id][day].append(span)
    return {reg_id: {day: _merged_minutes(found) for day, found in days.items()}
            for reg_id, days in spans.items()}


def _merged_minutes(spans: list[tuple[datetime, datetime]]) -> int:
    total, until = 0.0, None
    for start, end in sorted(spans):
        if until is not None and start < until:
            start = until
        if end > start:
            total += (end - start).total_seconds()
            until = end
    return round(total / 60)


def _one_of(value: str, allowed: dict[str, str], field: str) -> str:
    if value not in allowed:
        raise CoprodError(f"The {field} must be one of {', '.join(allowed)}: {quote(value)} is not.",
                          field=field)
    return value


def _amount(pence: int) -> None:
    if not 0 < pence <= MAX_PENCE:
        raise CoprodError(f"An amount is more than £0 and at most {pounds(MAX_PENCE)}.", field="amount")


def _registration(store: Store, registration_id: int) -> int:
    event_id = data.registration_event(store, registration_id)
    if event_id is None:
        raise NotFound(f"No registration {registration_id}.")
    return event_id
