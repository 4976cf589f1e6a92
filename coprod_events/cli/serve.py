"""`coprod-events serve`: the desk or the kiosk in web browsers on the venue's network (serve.py).
Exit codes: 0 stopped with Ctrl+C; 2 bad input (no event, no kiosk PIN, the port in use)."""

from __future__ import annotations

import click

from ..core.errors import CoprodError
from . import Context, _checked_event, command, main


@command(main, "serve")
@click.option("--desk", "desk_event", metavar="EVENT", help="Serve the check-in desk for EVENT.")
@click.option("--kiosk", "kiosk_event", metavar="EVENT", help="Serve the self check-in kiosk for EVENT.")
@click.option("--session", "session_id", type=int, help="Check in to this session, not the door.")
@click.option("--station", help='Name the browsers\' stations "NAME 1", "NAME 2"... (default: '
              '"Browser N" at a desk, "Kiosk N"); a browser opened with ?station=NAME in its '
              "address is NAME.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on: 0.0.0.0 for every network this computer is on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve_command(ctx: Context, as_json: bool, desk_event: str | None, kiosk_event: str | None,
                  session_id: int | None, station: str | None, host: str, port: int) -> None:
    """Open the desk (or kiosk) in web browsers: each tab runs its own on this database, and
    each browser's check-ins are recorded under its own station name.

    Off this computer (any --host but 127.0.0.1 or localhost) every address needs an access
    token, shown once here with a QR code for a tablet's camera; without it a browser gets
    "403 Forbidden". Who is connected is shown here. Ctrl+C closes every browser's desk, then
    stops.
    """
    if (desk_event is None) == (kiosk_event is None):
        raise click.UsageError("Give one of --desk EVENT or --kiosk EVENT.")
    event = desk_event or kiosk_event
    assert event is not None
    _checked_event(ctx, event, session_id)
    if kiosk_event is not None:
        from ..core import kiosk_pin

        if not kiosk_pin.has_pin(ctx.store):
            raise CoprodError("No kiosk PIN is set, and without one a kiosk could not be closed "
                              "safely. Run `coprod-events kiosk-pin` first.")
    db = ctx.store.path.resolve()
    ctx.close()  # each browser's app opens the database for itself

    from .. import serve  # imported late: aiohttp and textual-serve are for this command only

    token = None if serve.is_loopback(host) else serve.new_token()
    base = serve.station_name(station or "") or ("Browser" if desk_event else "")  # a kiosk: "Kiosk 1"
    hub = serve.Hub(serve.app_command(db, "desk" if desk_event else "kiosk",
                                      event, session_id),
                    host=host, port=port, token=token, station=base,
                    title=f"coprod-events {'desk' if desk_event else 'kiosk'} {event}")
    try:
        hub.serve()
    except OSError as error:
        raise CoprodError(f"Cannot listen on {host} port {port}: {error.strerror or error}. "
                          "Is another hub running? Try another --port.") from error
