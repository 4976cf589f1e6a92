"""core/payments.py: involvement fees from the hours attended, expenses and payments, the
balance; people's choices respected; bank details never stored."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pytest

from coprod_events.core import events, exports, payments
from coprod_events.core.errors import CoprodError, NotFound

from conftest import conference, register, scan


@pytest.fixture
def event(store):
    """A past two-day conference: morning and afternoon sessions on day one (2 h and 3 h, with
    a 2 h parallel workshop), a morning on day two."""
    found = conference(store, "Past Conference", starts="3/12/2025 09:00", ends="4/12/2025 17:00")
    events.add_session(store, found.id, "Morning", starts="3/12/2025 10:00", ends="3/12/2025 12:00")
    events.add_session(store, found.id, "Afternoon", starts="3/12/2025 13:00", ends="3/12/2025 16:00")
    events.add_session(store, found.id, "Parallel", starts="3/12/2025 13:00", ends="3/12/2025 15:00",
                       booking_required=True)
    events.add_session(store, found.id, "Day two", starts="4/12/2025 10:00", ends="4/12/2025 12:00")
    return found


def people(store, event):
    """Ada: all day one (5 h, the parallel workshop too) and day two from 11:00 (1 h); Ben: day one
    morning only (2 h); Cy: eligible, never asked; Dee: not eligible, never in a payment list."""
    parallel = next(s for s in events.list_sessions(store, event.id) if s.title == "Parallel")
    ada = register(store, event, "Ada Okafor", payment_eligible=True, access=["bsl"],
                   access_notes="Interpreter on the left", sessions=[parallel.id])
    ben = register(store, event, "Ben Jones", payment_eligible=True)
    cy = register(store, event, "Cy Twombly", payment_eligible=True)
    register(store, event, "Dee Smith")
    scan(store, event, ada.code, "2025-12-03 09:50")
    assert scan(store, event, ada.code, "2025-12-03 12:55", session_id=parallel.id).admitted
    scan(store, event, ada.code, "2025-12-04 11:00")
    scan(store, event, ben.code, "2025-12-03 09:55")
    scan(store, event, ben.code, "2025-12-03 12:00", direction="exit")
    return ada.registration.id, ben.registration.id, cy.registration.id


def test_hourly_fee_from_hours_attended_with_expenses_and_payments(store, event):
    ada, ben, cy = people(store, event)
    payments.set_rate(store, event.slug, 2000, "hour")
    payments.set_choice(store, ada, "fee")
    payments.set_choice(store, ben, "expenses")
    payments.add_expense(store, ada, 1250, "travel", receipt=True)
    payments.add_expense(store, ada, 800, "pa-travel")
    payments.add_expense(store, ben, 450, "subsistence")
    payments.record_payment(store, ada, 5000, "cash", by="Nadia")
    payments.record_payment(store, ada, 2000, "bank")

    due = payments.due(store, event.slug)
    lines = {line.name: line for line in due.lines}
    assert list(lines) == ["Ada Okafor", "Ben Jones", "Cy Twombly"]  # Dee is not eligible
    a, b, c = lines.values()
    assert (a.choice, a.minutes, a.hours) == ("fee", 360, 6.0)  # 2 h + 3 h (workshop inside it) + 1 h
    assert (a.fee_due, a.expenses, a.paid, a.balance) == (12000, 2050, 7000, 7050)
    assert a.how_paid == ("cash", "bank")
    assert (b.choice, b.hours, b.fee_due, b.expenses, b.balance) == ("expenses", 2.0, 0, 450, 450)
    assert (c.choice, c.hours, c.fee_due, c.balance) == (None, 0, 0, 0)
    assert due.totals == {"fee_due": 12000, "expenses": 2500, "paid": 7000, "balance": 7500}
    assert "£20.00 per hour" in due.rule


def test_day_rate_half_day_up_to_four_hours(store, event):
    ada, ben, _ = people(store, event)
    payments.set_rate(store, event.id, 15000, "day")
    payments.set_choice(store, ada, "voucher")
    payments.set_choice(store, ben, "fee")
    lines = {line.name: line for line in payments.due(store, event.slug).lines}
    # Ada: 5 h on day one (a day) and 1 h on day two (half a day); Ben: 2 h (half a day)
    assert lines["Ada Okafor"].fee_due == 15000 + 7500
    assert lines["Ben Jones"].fee_due == 7500
    payments.set_rate(store, event.id, 7000, "half-day")
    lines = {line.name: line for line in payments.due(store, event.slug).lines}
    assert (lines["Ada Okafor"].fee_due, lines["Ben Jones"].fee_due) == (7000 * 3, 7000)
    assert "up to 4 hours is one half day" in payments.due(store, event.slug).rule


def test_declined_is_owed_no_fee_but_expenses_still_covered(store, event):
    ada, _, _ = people(store, event)
    payments.set_rate(store, event.id, 2000, "hour")
    payments.set_choice(store, ada, "declined")
    payments.add_expense(store, ada, 1000, "care_cover")
    line = payments.due(store, event.id).lines[0]
    assert (line.fee_due, line.expenses, line.balance) == (0, 1000, 1000)


def test_no_rate_no_fee_and_the_rule_says_so(store, event):
    ada, _, _ = people(store, event)
    payments.set_choice(store, ada, "fee")
    due = payments.due(store, event.id)
    assert due.rate is None and due.lines[0].fee_due == 0 and "No rate is set" in due.rule


def test_a_chosen_choice_gives_a_line_without_eligibility(store, event):
    dee = register(store, event, "Dee Smith")
    payments.set_choice(store, dee.registration.id, "declined")
    assert [line.name for line in payments.due(store, event.id).lines] == ["Dee Smith"]


@pytest.mark.parametrize("typed, pence", [("12.50", 1250), ("£12.50", 1250), ("12", 1200), ("0.5", 50),
                                          (" £3.05 ", 305)])
def test_amounts_typed_as_pounds(typed, pence):
    assert payments.parse_pounds(typed) == pence


@pytest.mark.parametrize("typed", ["", "abc", "-5", "12.505", "£", "0", "1e3", "100000.01", "12,50"])
def test_bad_amounts_refused(typed):
    with pytest.raises(CoprodError, match="pounds|at most"):
        payments.parse_pounds(typed)


def test_bad_input_refused_and_nothing_written(store, event):
    ada, _, _ = people(store, event)
    with pytest.raises(CoprodError, match="choice must be one of"):
        payments.set_choice(store, ada, "cheque")
    with pytest.raises(CoprodError, match="kind must be one of"):
        payments.add_expense(store, ada, 100, "hotel spa")
    with pytest.raises(CoprodError, match="how must be one of"):
        payments.record_payment(store, ada, 100, "paypal")
    with pytest.raises(CoprodError, match="per must be one of"):
        payments.set_rate(store, event.id, 100, "week")
    with pytest.raises(NotFound):
        payments.add_expense(store, 999, 100, "travel")
    with pytest.raises(CoprodError, match="more than £0"):
        payments.record_payment(store, ada, 0, "cash")
    assert payments.due(store, event.id).totals == {"fee_due": 0, "expenses": 0, "paid": 0, "balance": 0}


@pytest.mark.parametrize("by", ["12-34-56", "Nadia 12345678", "40 47 84 12345678"])
def test_bank_details_are_never_stored(store, event, by):
    ada, _, _ = people(store, event)
    with pytest.raises(CoprodError, match="Bank details are never stored"):
        payments.record_payment(store, ada, 100, "bank", by=by)
    assert payments.due(store, event.id).totals["paid"] == 0
    columns = {row[1] for table in ("payments", "expenses", "registrations", "events")
               for row in store.query(f"PRAGMA table_info({table})")}
    assert not [c for c in columns if "bank" in c or "account" in c or "sort" in c]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_payments_export_for_finance_has_no_health_data(store, event, tmp_path, suffix):
    ada, ben, _ = people(store, event)
    payments.set_rate(store, event.id, 2000, "hour")
    payments.set_choice(store, ada, "fee")
    payments.add_expense(store, ben, 450, "travel", receipt=True)
    payments.record_payment(store, ada, 5000, "cash", by="=cmd|' /C calc'!A0")
    done = exports.export(store, event.id, "payments", tmp_path / f"pay{suffix}")
    assert (done.rows, done.health_data) == (3 + 1 + 1, False)
    tables = read_back(tmp_path / f"pay{suffix}")
    people_rows, claims, made = tables
    assert people_rows[0] == ["Registration id", "Name", "Choice", "Hours", "Fee due (£)", "Expenses (£)",
                              "Paid (£)", "Balance (£)", "How paid"]
    rows = {row[1]: row for row in people_rows[1:]}
    assert list(rows) == ["Ada Okafor", "Ben Jones", "Cy Twombly"]
    assert rows["Ada Okafor"][2] == "fee" and rows["Ada Okafor"][8] == "cash on the day"
    assert [float(v) for v in rows["Ada Okafor"][3:8]] == [6, 120, 0, 50, 70]
    assert rows["Ben Jones"][2] == "not asked yet" and float(rows["Ben Jones"][5]) == 4.5
    assert claims[1][1:2] + claims[1][3:] == ["Ben Jones", "travel", "4.5", "yes"]
    assert made[1][5] == "'=cmd|' /C calc'!A0"  # the payer's name shown, never run
    text = repr(tables)
    assert "BSL" not in text and "Interpreter" not in text


def read_back(path):
    """Each table of an export as rows of text: CSV sections split at blank lines, XLSX sheets."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw[3:].decode(), newline="")))
        tables, current = [], []
        for row in rows:
            if not any(row):
                tables.append(current)
                current = []
            else:
                current.append(row)
        return [t[1:] for t in [*tables, current] if t]  # each under its title
    book = openpyxl.load_workbook(path)
    found = [[["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
             for sheet in book]
    assert isinstance(book["Paid"]["C2"].value, datetime)
    return found
