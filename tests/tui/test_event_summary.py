"""The event screen's summary tab (key 4): counts to plan by, never a name or a note, read
afresh when another desk registers someone."""

from __future__ import annotations

from coprod_events.core import events
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp

from conftest import burst, register, screen_text, settle, until


async def test_the_summary_tab_counts_and_follows_other_desks(tmp_path):
    app = CoprodApp(Store(tmp_path / "t.db"))
    event = events.add_event(app.store, "Annual Conference", kind="conference", capacity=10,
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    events.add_session(app.store, event.id, "Workshop A: Peer support", room="Room 2", capacity=1,
                       booking_required=True, starts="3/12/2026 11:00", ends="3/12/2026 12:00")
    register(app.store, event, "Ada Okafor", consent=True, access=["bsl", "diet_vegan"],
                   access_notes="Interpreter on the left", dietary="No mushrooms")
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_event(event.id)
        await settle(pilot)
        await burst(pilot, "4")
        shown = screen_text(app)
        assert "Registered 1 of 10   PAs or supporters 0   Waiting 0   Cancelled 0" in shown
        assert "1  BSL interpreter" in shown and "1  Vegan" in shown
        assert "1 dietary note in people's own words" in shown
        for private in ("Ada", "Interpreter on the left", "mushrooms"):
            assert private not in shown
        assert "⚠" not in shown

        with Store(tmp_path / "t.db") as other_desk:  # Ben books the one place, with his PA
            [workshop] = events.list_sessions(other_desk, event.id)
            ben = register(other_desk, event, "Ben Carter", sessions=[workshop.id])
            register(other_desk, event, "Cas Reid", pa_for=ben.registration.id)
        await until(pilot, lambda: "Registered 2 of 10" in screen_text(app))  # the app polls
        shown = screen_text(app)
        assert "PAs or supporters 1" in shown
        assert "⚠ Workshop A: Peer support: with PAs, 2 people for a room of 1." in shown
        assert "1 / 1" in shown  # Ben's place: Ada did not book the workshop
