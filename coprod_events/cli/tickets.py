"""`coprod-events ticket`, `tickets`, `badges` and `send-tickets`: what people carry and are sent."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ..core import tickets
from ..core.errors import CoprodError
from ..core.text import plural
from . import EXIT_FAILED, EXIT_REFUSED, Context, command, emit, main, warn

# --- printing: ticket files and badges ------------------------------------------------------

@command(main, "badges")
@click.argument("event")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The PDF to write, e.g. badges.pdf.")
@click.option("--layout", type=click.Choice(("a6", "avery-l7418")), default="a6", show_default=True,
              help="a6: a badge per A6 card (landscape); avery-l7418: 8 labels of 86 x 55 mm per A4.")
@click.option("--session", "session_id", type=int,
              help="Only people who may attend this session (booked, if it needs booking).")
def badges_command(ctx: Context, as_json: bool, event: str, out: Path, layout: str,
                   session_id: int | None) -> None:
    """Name badges for EVENT's confirmed registrations, by surname: name, pronouns, organisation
    and a QR code for the desk. Never roles, access needs or notes."""
    from ..core import badges  # imported late: PDF code costs the other commands nothing
    from .progress import progress_bar

    with progress_bar(as_json, "Badges") as progress:
        run = badges.write_badges(ctx.store, event, out, layout=layout, session_id=session_id,
                                  progress=progress)
    if run.not_rendered:
        warn(badges.not_rendered_message(run.not_rendered))
    count = len(run.printed)
    emit(as_json, {
        "out": str(run.path), "layout": run.layout, "pages": run.pages, "count": count,
        "badges": [{"registration_id": b.registration_id, "name": b.name, "page": b.page}
                   for b in run.printed],
        "not_rendered": run.not_rendered,
    }, f"Wrote {plural(count, 'badge')} to {run.path} ({plural(run.pages, 'page')}, "
       f"{run.layout}), in surname order.")


def _check_ticket_file(out: Path) -> None:
    """A wrong extension is said before anything is done, and the PDF code (a third of a second
    to import) is loaded before the write lock is taken. Imported late: other commands never pay."""
    from ..core import ticket_files

    if ticket_files.format_of(out) == "pdf":
        from ..core import ticket_pdf  # noqa: F401


def _write_one_ticket(ctx: Context, reg_id: int, out: Path) -> Path:
    from ..core import ticket_files

    event, holder = ticket_files.for_registration(ctx.store, reg_id)
    return ticket_files.write_ticket(event, holder, out)


@command(main, "tickets")
@click.argument("event")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The PDF file; for png or svg, a folder that receives one image per person.")
@click.option("--format", "fmt", type=click.Choice(("pdf", "png", "svg")), default="pdf",
              show_default=True, help="pdf: a printable ticket a page; png or svg: the QR codes.")
def tickets_command(ctx: Context, as_json: bool, event: str, out: Path, fmt: str) -> None:
    """Write the tickets of EVENT's confirmed registrations: one PDF, or a folder of QR images."""
    from ..core import ticket_files
    from .progress import progress_bar

    found, holders = ticket_files.for_event(ctx.store, event)
    with progress_bar(as_json, "Tickets") as progress:
        if fmt == "pdf":
            files = [ticket_files.write_pdf(found, holders, out, progress=progress)] * len(holders)
        else:
            files = ticket_files.write_images(found, holders, out, fmt, progress=progress)
    if fmt == "pdf":
        line = f"Wrote {plural(len(holders), 'ticket')} for {found.title} to {files[0]}, one a page."
    else:
        line = (f"Wrote {plural(len(files), fmt.upper() + ' ticket')} for {found.title} into {out}, "
                "one per person (named surname-first-name-registration id).")
    emit(as_json, {"event": found.slug, "format": fmt, "out": str(out), "count": len(holders),
                   "tickets": [{"registration_id": h.registration_id, "file": str(path)}
                               for h, path in zip(holders, files, strict=True)]}, line)


# --- sending tickets by email ----------------------------------------------------------------

@command(main, "send-tickets")
@click.argument("event")
@click.option("--only-unsent", is_flag=True, help="Skip people whose live ticket was already sent.")
@click.option("--to", "to", type=int, multiple=True, metavar="REG_ID",
              help="Only this registration (repeatable).")
@click.option("--dry-run", is_flag=True, help="List who would be sent a ticket; send nothing.")
@click.option("--eml", "eml_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write one .eml file per person into this folder, for a mail client to send, "
                   "instead of sending (they are not marked sent).")
def send_tickets_command(ctx: Context, as_json: bool, event: str, only_unsent: bool, to: tuple[int, ...],
                         dry_run: bool, eml_dir: Path | None) -> None:
    """Email each confirmed person at EVENT their ticket: the QR code, the ticket PDF, their
    sessions, and how to ask for adjustments. Each is marked sent when the server accepts it.

    \b
    The server: COPROD_EVENTS_SMTP=smtps://user@host:465 (or smtp://user@host:587, STARTTLS),
    the sender: COPROD_EVENTS_SMTP_FROM, the password: COPROD_EVENTS_SMTP_PASSWORD or asked
    (never stored or shown); or the settings saved on the app's Send tickets screen.
    Exit code 0: done; 1: someone's message was refused (the rest went); 2: the run stopped
    (login refused, server unreachable or lost) or bad input. Unsent people stay unsent.
    """
    from ..core.mailing import send
    from ..core.mailing import settings as mail_settings
    from ..core.mailing.transport import SmtpTransport

    settings = mail_settings.load(ctx.store)
    transport = None
    if not dry_run and eml_dir is None:
        server = settings.require_server()
        transport = SmtpTransport(server, settings.require_sender(), mail_settings.password() or (
            lambda: _ask_password(f"Password for {server.user} at {server.host}")))

    shown: set[int] = set()  # said as they happened; the rest (skipped, ...) is said at the end

    def said(result: send.Result, done: int, of: int) -> None:
        if not as_json:
            shown.add(result.registration_id)
            emit(False, None, f"[{done}/{of}] {send.describe(result)}")

    run = send.send_tickets(ctx.store, event, settings=settings, transport=transport,
                            only_unsent=only_unsent, to=to, dry_run=dry_run, eml_dir=eml_dir,
                            progress=said)
    emit(as_json, {"event": run.event.slug, "dry_run": dry_run, "eml": str(eml_dir) if eml_dir else None,
                   "counts": {outcome: run.count(outcome) for outcome in send.OUTCOMES},
                   "stopped": run.stopped, "results": run.results},
         [send.describe(r) for r in run.results if r.registration_id not in shown]
         + [run.summary()] + ([f"Stopped: {run.stopped}"] if run.stopped else []))
    if run.stopped:
        sys.exit(EXIT_FAILED)
    if run.failed:
        sys.exit(EXIT_REFUSED)


def _ask_password(prompt: str) -> str | None:
    """Hidden when typed; a line of standard input when piped."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, err=True, default="", show_default=False) or None
    try:
        line = sys.stdin.readline()
    except UnicodeDecodeError as error:
        raise CoprodError("The password piped in is not valid UTF-8 text.") from error
    return line.rstrip("\r\n") or None


@command(main, "ticket")
@click.argument("reg_id", type=int)
@click.option("--reissue", is_flag=True, help="Issue a new code and revoke the old one.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Also write the ticket to this file: .pdf (a printable page), .png or .svg (the QR).")
def ticket_command(ctx: Context, as_json: bool, reg_id: int, reissue: bool, out: Path | None) -> None:
    """Show (or reissue) a registration's ticket code; --out writes the ticket to a file."""
    if out is not None:
        _check_ticket_file(out)
    # A file that cannot be written takes a reissue back with it; a copy of the live ticket
    # takes no lock (another desk's scans do not wait while a PDF is drawn).
    with ctx.store.write() if reissue else contextlib.nullcontext():
        ticket = tickets.issue(ctx.store, reg_id, reissue=reissue)
        written = _write_one_ticket(ctx, reg_id, out) if out is not None else None
    emit(as_json, {"registration_id": reg_id, "code": ticket.code, "issued_at": ticket.issued_at,
                   **({"file": str(written)} if written else {})},
         [f"Ticket for registration {reg_id}: {tickets.grouped(ticket.code)}"
          + (" (new: the old code no longer works)" if reissue else "")]
         + ([f"Written to {written}."] if written else []))
