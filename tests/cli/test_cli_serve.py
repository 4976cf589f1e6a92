"""`coprod-events serve`: what it refuses before it listens (the browser tests are in tests/e2e)."""

from __future__ import annotations

import socket

from coprod_events import serve


def test_serve_refuses_before_listening_what_could_not_work(cli):
    slug = cli.json("event", "add", "Open Day", "--kind", "workshop", "--starts", "01/10/2026 09:00")["slug"]
    assert "Give one of --desk EVENT or --kiosk EVENT" in cli("serve", expect=2).stderr
    assert "Give one of" in cli("serve", "--desk", slug, "--kiosk", slug, expect=2).stderr
    assert "No event 'nope'" in cli("serve", "--desk", "nope", expect=2).stderr
    assert "No kiosk PIN is set" in cli("serve", "--kiosk", slug, expect=2).stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert "Try another --port" in cli("serve", "--desk", slug, "--port", port, expect=2).stderr


def test_only_loopback_goes_without_a_token_and_station_names_are_printable():
    assert all(map(serve.is_loopback, ["127.0.0.1", "127.0.0.2", "::1", "localhost"]))
    assert not any(map(serve.is_loopback, ["0.0.0.0", "::", "192.168.1.10", "hub.local", ""]))
    assert serve.station_name("  Door\x1b[2J  2\n") == "Door?[2J 2"  # as the log keeps any input
    assert len(serve.station_name("x" * 100)) == serve.STATION_LENGTH


async def test_each_browser_keeps_its_station_and_loopback_answers_only_to_its_own_names():
    from aiohttp.test_utils import TestClient, TestServer

    hub = serve.Hub(["true"], host="127.0.0.1", port=0, token=None)
    async with TestClient(TestServer(await hub._make_app())) as browser:  # keeps its cookies

        async def websocket_path(url: str, **headers: str) -> str:
            page = await (await browser.get(url, headers=headers)).text()
            assert "googleapis" not in page  # nothing fetched from elsewhere: a venue may have no internet
            return page.split('data-session-websocket-url="', 1)[1].split('"', 1)[0].split("/", 3)[3]

        assert await websocket_path("/") == "ws/Browser%201"
        assert await websocket_path("/") == "ws/Browser%201"  # reloaded: the same station
        assert await websocket_path("/?station=Door%202") == "ws/Door%202"
        assert await websocket_path("/") == "ws/Door%202"
        assert (await browser.get("/", headers={"Host": "evil.example:8000"})).status == 403  # DNS rebinding
