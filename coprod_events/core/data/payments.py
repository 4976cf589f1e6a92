"""What involvement payments read and write: the event's rate, each person's choice, expenses
claimed and payments made. No bank details: there is nowhere to put them."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from . import insert, update


@dataclass(frozen=True)
class Rate:
    pence: int
    per: str  # hour | half_day | day


@dataclass(frozen=True)
class Payee:
    """A registration that gets a line: payment eligible, or has made a choice."""
    registration_id: int
    name: str
    status: str
    payment_eligible: bool
    choice: str | None  # fee | voucher | expenses | declined; None: not asked yet


@dataclass(frozen=True)
class Expense:
    registration_id: int
    amount_pence: int
    kind: str
    receipt: bool
    claimed_at: str


@dataclass(frozen=True)
class Payment:
    registration_id: int
    amount_pence: int
    paid_at: str
    how: str
    paid_by: str | None


def rate(store: Store, event_id: int) -> Rate | None:
    row = store.one("SELECT rate_pence, rate_per FROM events WHERE id = ?", [event_id])
    return Rate(row[0], row[1]) if row and row[0] is not None and row[1] else None


def set_rate(store: Store, event_id: int, pence: int, per: str) -> None:
    update(store, "events", event_id, {"rate_pence": pence, "rate_per": per})


def registration_event(store: Store, registration_id: int) -> int | None:
    """The event a registration belongs to (None: no such registration)."""
    return store.value("SELECT event_id FROM registrations WHERE id = ?", [registration_id])


def set_choice(store: Store, registration_id: int, choice: str | None) -> None:
    update(store, "registrations", registration_id, {"payment_choice": choice})


def payees(store: Store, event_id: int) -> list[Payee]:
    """The event's registrations that are payment eligible or chose something, by name."""
    return [Payee(reg_id, name, status, bool(eligible), choice) for reg_id, name, status, eligible, choice
            in store.query("""
        SELECT r.id, p.name, r.status, r.payment_eligible, r.payment_choice
        FROM registrations r JOIN people p ON p.id = r.person_id
        WHERE r.event_id = ? AND (r.payment_eligible OR r.payment_choice IS NOT NULL)
        ORDER BY p.name COLLATE NOCASE, r.id""", [event_id])]


def add_expense(store: Store, registration_id: int, amount_pence: int, kind: str, receipt: bool,
                at: str) -> int:
    return insert(store, "expenses", {"registration_id": registration_id, "amount_pence": amount_pence,
                                      "kind": kind, "receipt": int(receipt), "claimed_at": at})


def add_payment(store: Store, registration_id: int, amount_pence: int, how: str, paid_by: str | None,
                at: str) -> int:
    return insert(store, "payments", {"registration_id": registration_id, "amount_pence": amount_pence,
                                      "paid_at": at, "how": how, "paid_by": paid_by})


def expenses(store: Store, event_id: int) -> list[Expense]:
    return [Expense(r, amount, kind, bool(receipt), at) for r, amount, kind, receipt, at in store.query(
        "SELECT x.registration_id, x.amount_pence, x.kind, x.receipt, x.claimed_at FROM expenses x "
        "JOIN registrations r ON r.id = x.registration_id WHERE r.event_id = ? ORDER BY x.id", [event_id])]


def payments(store: Store, event_id: int) -> list[Payment]:
    return [Payment(*row) for row in store.query(
        "SELECT y.registration_id, y.amount_pence, y.paid_at, y.how, y.paid_by FROM payments y "
        "JOIN registrations r ON r.id = y.registration_id WHERE r.event_id = ? ORDER BY y.paid_at, y.id",
        [event_id])]
