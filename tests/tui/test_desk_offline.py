"""A desk on an offline snapshot says so plainly, and checks in as on the hub."""

from __future__ import annotations

from coprod_events.core import offline
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp

from conftest import burst, conference, london, register, screen_text, settle


async def test_a_desk_on_a_snapshot_says_it_is_offline(store, tmp_path):
    event = conference(store)
    ada = register(store, event, "Ada Lane")
    taken = offline.take(store, event.slug, tmp_path / "door2.db")
    with Store(taken.backup.path) as door2:
        app = CoprodApp(door2, event=event.id, desk=True, station="Door 2",
                        clock=lambda: london("2026-12-03 10:30"))
        async with app.run_test(size=(80, 24)) as pilot:
            await burst(pilot, ada.code, "enter")
            await settle(pilot)
            assert app.screen.sub_title == f"OFFLINE SNAPSHOT, merge at the hub · {event.title}"
            text = screen_text(app)
            assert "OFFLINE SNAPSHOT" in text.splitlines()[0] and "ADMITTED" in text
    assert offline.snapshot_of(store) is None  # the hub's own desk shows no such banner
