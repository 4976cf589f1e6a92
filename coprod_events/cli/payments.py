"""`coprod-events payments`: involvement fees and expenses, what is due and what is paid
(core/payments.py). `payments EVENT` lists; `rate`, `choose`, `expense` and `pay` record."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import click

from ..core import payment_terms as terms
from ..core.text import plural
from . import Context, command, emit, main

if TYPE_CHECKING:
    from ..core import payments


class _ListByDefault(click.Group):
    """`payments EVENT` is `payments show EVENT`: anything that is not a subcommand is an event."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@main.group("payments", cls=_ListByDefault)
def payments_group() -> None:
    """Involvement payments and expenses: what is due and paid (`payments EVENT`).

    \b
    payments EVENT                             what each person is due and was paid, totals
    payments rate EVENT 150 --per day          the event's rate (per hour, half-day or day)
    payments choose REG_ID fee                 fee, voucher, expenses (only) or declined
    payments expense REG_ID 12.50 --kind travel [--receipt]
    payments pay REG_ID 75 --how cash [--by NAME]
    payments show EVENT                        the same as `payments EVENT`

    Amounts are in pounds ("12.50" or "£12.50"). Bank details are never stored: pay by bank
    transfer from your finance system, and record here only that it was paid.
    """


def _pence(text: str, field: str = "amount", *, zero: bool = False) -> int:
    # `payments` is imported in each command, not at the top: it loads attendance, which a
    # desk starting up through this command line never needs.
    from ..core import payments
    return payments.parse_pounds(text, field, zero=zero)


@command(payments_group, "show")
@click.argument("event")
def show_command(ctx: Context, as_json: bool, event: str) -> None:
    """What each person is due and has been paid at EVENT, with totals."""
    from ..core import payments
    due = payments.due(ctx.store, event)
    data = {"event": due.event, "rate": due.rate, "rule": due.rule, "totals": due.totals,
            "people": [{"registration_id": line.registration_id, "name": line.name,
                        "status": line.status, "payment_eligible": line.payment_eligible,
                        "choice": line.choice, "hours": line.hours, "fee_due": line.fee_due,
                        "expenses": line.expenses, "paid": line.paid, "balance": line.balance,
                        "how_paid": line.how_paid} for line in due.lines]}
    emit(as_json, data, _lines(due))


def _lines(due: payments.Due) -> list[str]:
    from ..core import payments
    lines = [f"{due.title} ({due.event}): involvement payments, {plural(len(due.lines), 'person', 'people')}",
             *textwrap.wrap(due.rule, 100, initial_indent="  ", subsequent_indent="  ")]
    if not due.lines:
        return [*lines, "  Nobody is payment eligible or has made a choice yet."]
    lines.append("")
    for line in due.lines:
        choice = terms.CHOICES[line.choice] if line.choice else "not asked yet"
        how = ", ".join(terms.HOW[h] for h in line.how_paid)
        lines.append(
            f"  {line.registration_id:>5}  {line.name}"
            f"{'' if line.status == 'confirmed' else f' ({line.status})'}: {choice}; {line.hours:g} h; "
            f"fee {payments.pounds(line.fee_due)}, expenses {payments.pounds(line.expenses)}, "
            f"paid {payments.pounds(line.paid)}{f' ({how})' if how else ''}; "
            f"balance {payments.pounds(line.balance)}")
    t = {key: payments.pounds(pence) for key, pence in due.totals.items()}
    lines += ["", f"  Totals: fees {t['fee_due']}, expenses {t['expenses']}, paid {t['paid']}, "
                  f"balance {t['balance']}."]
    return lines


@command(payments_group, "rate")
@click.argument("event")
@click.argument("amount")
@click.option("--per", required=True, type=click.Choice(["hour", "half-day", "day"]),
              help="What the amount pays for.")
def rate_command(ctx: Context, as_json: bool, event: str, amount: str, per: str) -> None:
    """Set EVENT's involvement rate: AMOUNT in pounds per hour, half-day or day."""
    from ..core import payments
    rate = payments.set_rate(ctx.store, event, _pence(amount, "rate", zero=True), per)
    emit(as_json, {"event": event, "rate": rate},
         f"Rate for {event}: {payments.pounds(rate.pence)} per {terms.PER[rate.per]}.")


@command(payments_group, "choose")
@click.argument("registration_id", type=int)
@click.argument("choice", type=click.Choice(list(terms.CHOICES)))
def choose_command(ctx: Context, as_json: bool, registration_id: int, choice: str) -> None:
    """Record what the person chose: fee, voucher, expenses (only) or declined."""
    from ..core import payments
    payments.set_choice(ctx.store, registration_id, choice)
    emit(as_json, {"registration_id": registration_id, "choice": choice},
         f"Registration {registration_id} chose: {terms.CHOICES[choice]}.")


@command(payments_group, "expense")
@click.argument("registration_id", type=int)
@click.argument("amount")
@click.option("--kind", required=True,
              type=click.Choice(["travel", "pa-travel", "subsistence", "care-cover", "other"]),
              help="What it was for (pa-travel: a PA's or supporter's travel).")
@click.option("--receipt", is_flag=True, help="A receipt was given.")
def expense_command(ctx: Context, as_json: bool, registration_id: int, amount: str, kind: str,
                    receipt: bool) -> None:
    """Record an expense claimed: AMOUNT in pounds."""
    from ..core import payments
    claimed = payments.add_expense(ctx.store, registration_id, _pence(amount), kind, receipt=receipt)
    emit(as_json, claimed, f"Expense for registration {registration_id}: "
         f"{payments.pounds(claimed.amount_pence)} {terms.KINDS[claimed.kind]}, "
         f"{'with' if receipt else 'no'} receipt.")


@command(payments_group, "pay")
@click.argument("registration_id", type=int)
@click.argument("amount")
@click.option("--how", required=True, type=click.Choice(list(terms.HOW)),
              help="bank (transfer), voucher, or cash (on the day).")
@click.option("--by", "by", metavar="NAME", help="Who paid it (a name, never bank details).")
def pay_command(ctx: Context, as_json: bool, registration_id: int, amount: str, how: str,
                by: str | None) -> None:
    """Record a payment made: AMOUNT in pounds."""
    from ..core import payments
    made = payments.record_payment(ctx.store, registration_id, _pence(amount), how, by=by)
    emit(as_json, made, f"Paid registration {registration_id} {payments.pounds(made.amount_pence)} "
         f"by {terms.HOW[how]}{f' ({made.paid_by})' if made.paid_by else ''}.")
