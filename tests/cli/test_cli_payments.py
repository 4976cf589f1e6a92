"""`coprod-events payments`: the installed command, run as a person or a script would run it."""

from __future__ import annotations

import csv
import io

import pytest


@pytest.fixture
def event(cli):
    """A past workshop, 10:00 to 16:00, where Ada (payment eligible) came at 10:00 and stayed;
    Ben is not eligible."""
    slug = cli.json("event", "add", "Past Workshop", "--kind", "workshop",
                    "--starts", "3/12/2025 10:00", "--ends", "3/12/2025 16:00")["slug"]
    ada = cli.json("register", slug, "Ada Okafor", "--payment-eligible", "--access", "bsl")
    cli("register", slug, "Ben Jones")
    cli("checkin", slug, ada["code"], "--at", "3/12/2025 09:55")
    return slug, ada["registration_id"]


def test_record_and_list_as_a_script(cli, event):
    slug, ada = event
    rate = cli.json("payments", "rate", slug, "£150", "--per", "day")["rate"]
    assert rate == {"pence": 15000, "per": "day"}
    cli("payments", "choose", str(ada), "voucher")
    cli("payments", "expense", str(ada), "12.50", "--kind", "pa-travel", "--receipt")
    paid = cli.json("payments", "pay", str(ada), "100", "--how", "cash", "--by", "Nadia")
    assert (paid["amount_pence"], paid["how"], paid["paid_by"]) == (10000, "cash", "Nadia")
    listed = cli.json("payments", slug)
    (line,) = listed["people"]
    assert (line["name"], line["choice"], line["hours"]) == ("Ada Okafor", "voucher", 6.0)
    assert (line["fee_due"], line["expenses"], line["paid"], line["balance"]) == (15000, 1250, 10000, 6250)
    assert listed["totals"] == {"fee_due": 15000, "expenses": 1250, "paid": 10000, "balance": 6250}
    assert "up to 4 hours is half the day rate" in listed["rule"]


def test_list_as_a_person_sees_it(cli, event):
    slug, ada = event
    cli("payments", "rate", slug, "20", "--per", "hour")
    cli("payments", "choose", str(ada), "fee")
    out = cli("payments", slug).stdout
    assert "Ada Okafor: fee; 6 h; fee £120.00, expenses £0.00, paid £0.00; balance £120.00" in out
    assert "Ben Jones" not in out and "BSL" not in out
    assert "Totals: fees £120.00" in out
    cy = cli.json("register", slug, "Cy Twombly", "--payment-eligible")["registration_id"]
    cli("payments", "expense", str(cy), "8", "--kind", "travel")
    cli("cancel", str(cy))
    shown = cli("payments", "show", slug).stdout  # `show` is what `payments EVENT` runs
    assert "Cy Twombly (cancelled): not asked yet; 0 h; fee £0.00, expenses £8.00" in shown


@pytest.mark.parametrize("args, message", [
    (("pay", "{ada}", "12.505", "--how", "cash"), "Give the amount in pounds"),
    (("pay", "{ada}", "--how", "cash", "--", "-5"), "Give the amount in pounds"),
    (("pay", "{ada}", "0", "--how", "cash"), "more than £0"),
    (("pay", "{ada}", "5", "--how", "cash", "--by", "sort code 40-47-84"), "Bank details are never stored"),
    (("pay", "{ada}", "5", "--how", "cheque"), "cheque"),
    (("expense", "{ada}", "abc", "--kind", "travel"), "Give the amount in pounds"),
    (("expense", "999", "5", "--kind", "travel"), "No registration 999"),
    (("choose", "{ada}", "cash"), "cash"),
    (("rate", "{slug}", "1,000", "--per", "day"), "Give the rate in pounds"),
    (("rate", "no-such-event", "10", "--per", "day"), "No event"),
])
def test_bad_input_exits_2_with_a_clear_message(cli, event, args, message):
    slug, ada = event
    result = cli("payments", *[a.format(ada=ada, slug=slug) for a in args], expect=2)
    assert message in result.stderr
    assert cli.json("payments", slug)["totals"]["paid"] == 0


def test_export_payments_for_finance(cli, event, tmp_path):
    slug, ada = event
    cli("payments", "rate", slug, "20", "--per", "hour")
    cli("payments", "choose", str(ada), "fee")
    cli("payments", "pay", str(ada), "120", "--how", "bank")
    out = cli("export", slug, "--what", "payments", "--out", "pay.csv").stdout
    assert out == f"Wrote payments of {slug} to pay.csv (2 rows).\n"
    raw = (tmp_path / "pay.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw[3:].decode(), newline="")))
    assert rows[:3] == [["Payments"], ["Registration id", "Name", "Choice", "Hours", "Fee due (£)",
                                        "Expenses (£)", "Paid (£)", "Balance (£)", "How paid"],
                        [str(ada), "Ada Okafor", "fee", "6.0", "120.0", "0.0", "120.0", "0.0",
                         "bank transfer"]]
    assert "BSL" not in raw.decode() and "HEALTH" not in raw.decode()
    assert "payments" in cli("export", "--help").stdout
