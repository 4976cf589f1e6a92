"""One person's ticket as an email: plain text and HTML, the QR inline, the ticket PDF attached.

It says what the ticket says (the event, when and where, their sessions, the code) and how to
ask for adjustments; never roles, access needs or notes. A large-print request makes the HTML
as large as the PDF, without saying why.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from html import escape

from .. import dates, qr, ticket_pdf, tickets
from ..events import Event
from ..ticket_files import TicketHolder

SHOW_AT_DESK = ("At the desk, show the QR code in this email or on the attached ticket (on paper or "
                "on your phone). We scan the square, or type the letters and numbers beneath it.")
ADJUSTMENTS = ("If anything would help you take part (access, a different format, food), or you "
               "can no longer come, reply to this email")


def subject(event: Event) -> str:
    return f"Your ticket: {event.title}"


def build(event: Event, holder: TicketHolder, address: str, *, greeting: str, sender: str | None,
          contact: str | None, pdf: bytes) -> EmailMessage:
    """The whole message to `address`; `greeting` is the name to open with, `pdf` the ticket."""
    domain = parseaddr(sender or "")[1].rpartition("@")[2] or "coprod-events.invalid"
    message = EmailMessage()
    message["Subject"] = subject(event)
    if sender:
        message["From"] = sender
    username, _, host = address.partition("@")
    message["To"] = Address(display_name=holder.name, username=username, domain=host)
    message["Date"] = format_datetime(dates.utcnow())
    message["Message-ID"] = make_msgid("ticket", domain=domain)
    details = _details(event)
    adjustments = ADJUSTMENTS + (f", or contact {contact}." if contact else ".")
    message.set_content(_text(event, holder, greeting, details, adjustments))
    qr_id = make_msgid("qr", domain=domain)
    message.add_alternative(_html(event, holder, greeting, details, adjustments, qr_id[1:-1]), subtype="html")
    html = message.get_body(preferencelist=("html",))
    assert html is not None  # just added
    html.add_related(qr.png_bytes(holder.code), maintype="image", subtype="png", cid=qr_id,
                     filename="ticket-qr.png")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"ticket-{event.slug}.pdf")
    return message


def _details(event: Event) -> list[tuple[str, str]]:
    day, time = ticket_pdf.when(event)
    return [("Date", day), ("Time", time), ("Venue", event.venue or "to be confirmed")]


def _text(event: Event, holder: TicketHolder, greeting: str, details: list[tuple[str, str]],
          adjustments: str) -> str:
    lines = [f"Dear {greeting},", "", f"Here is your ticket for {event.title}.", ""]
    lines += [f"{label}: {value}" for label, value in details]
    if holder.agenda.lines:
        lines += ["", f"{holder.agenda.heading}:", *(f"  {line.text()}" for line in holder.agenda.lines)]
    lines += ["", f"Your ticket code: {tickets.grouped(holder.code)}", "",
              SHOW_AT_DESK,
              ticket_pdf.KEEP_IT, "", adjustments, ""]
    return "\n".join(lines)


def _html(event: Event, holder: TicketHolder, greeting: str, details: list[tuple[str, str]],
          adjustments: str, qr_cid: str) -> str:
    size = f"{holder.print_size:g}pt" if holder.print_size else "16px"
    rows = "".join(f"<tr><th align='left' style='padding-right:1em'>{escape(label)}</th>"
                   f"<td>{escape(value)}</td></tr>" for label, value in details)
    agenda = ""
    if holder.agenda.lines:
        items = "".join(f"<li>{escape(line.text())}</li>" for line in holder.agenda.lines)
        agenda = f"<h2 style='font-size:1.1em'>{escape(holder.agenda.heading)}</h2><ul>{items}</ul>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(subject(event))}</title></head>
<body style="font-family:Verdana,Arial,sans-serif;font-size:{size};line-height:1.5;color:#000">
<p>Dear {escape(greeting)},</p>
<p>Here is your ticket for <strong>{escape(event.title)}</strong>.</p>
<table role="presentation">{rows}</table>
{agenda}
<p><img src="cid:{escape(qr_cid)}" width="264" height="264" alt="QR code of your ticket"></p>
<p style="font-size:1.25em"><strong>{escape(tickets.grouped(holder.code))}</strong></p>
<p>{escape(SHOW_AT_DESK)}</p>
<p>{escape(ticket_pdf.KEEP_IT)}</p>
<p>{escape(adjustments)}</p>
</body></html>
"""
