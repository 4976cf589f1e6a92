"""The events list, the event form, the event screen and the confirmation modal, driven by Pilot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.command import CommandList
from textual.widgets import Checkbox, DataTable, Input, Label, Select

from coprod_events.core import checkin, dates, events, registrations
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.dialogs.event_form import EventFormScreen
from coprod_events.tui.dialogs.session_form import SessionFormScreen
from coprod_events.tui.messages import DatabaseChanged
from coprod_events.tui.screens.event import EventScreen
from coprod_events.tui.screens.events import EventsScreen
from coprod_events.tui.widgets.cells import fit
from coprod_events.tui.widgets.roster_tab import PAGE
from coprod_events.tui.widgets.row_list import RowList
from coprod_events.tui.widgets.tables import cursor_key

from conftest import another_desk_writing, burst, settle, until

SIZE = (100, 30)


def make_app(tmp_path) -> CoprodApp:
    return CoprodApp(Store(tmp_path / "t.db"))


def conference(store: Store, *, capacity: int | None = None, starts: str = "3/12/2026 09:00",
               ends: str = "3/12/2026 17:00") -> events.Event:
    return events.add_event(store, "Annual Conference", kind="conference", starts=starts, ends=ends,
                            capacity=capacity, venue="Ash Court")


def row_keys(table: DataTable | RowList) -> list[str]:
    if isinstance(table, RowList):
        return list(table.rows)
    return [row.key.value for row in table.ordered_rows]


def label_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Label).render())


async def fill(pilot, screen, **values: str) -> None:
    await settle(pilot)  # a form just pushed may not be composed yet on a busy machine
    for name, value in values.items():
        screen.query_one(f"#{name}", Input).value = value
    await settle(pilot)


async def open_event(pilot, app: CoprodApp, event_id: int) -> EventScreen:
    app.open_event(event_id)
    await settle(pilot)
    assert isinstance(app.screen, EventScreen)
    return app.screen


# The events list ----------------------------------------------------------------------------

async def test_empty_state_invites_creating_an_event(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        empty = screen.query_one("#events-empty")
        assert empty.display
        assert "No events yet" in str(empty.render())
        assert not screen.query_one("#events-table").display


async def test_events_list_shows_upcoming_before_past_with_counts(tmp_path):
    app = make_app(tmp_path)
    now = dates.utcnow()
    old = events.add_event(app.store, "Last year", kind="workshop",
                           starts=now - timedelta(days=400), capacity=10)
    new = events.add_event(app.store, "Next month", kind="conference",
                           starts=now + timedelta(days=30), capacity=2, venue="Great Hall")
    for n in range(3):
        registrations.register(app.store, new.id, f"Person {n}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#events-table", DataTable)
        assert row_keys(table) == ["group:upcoming", str(new.id), "group:past", str(old.id)]
        cells = [cell.plain for cell in table.get_row(str(new.id))]
        assert "Next month" in cells[0] and "Conference · Great Hall" in cells[0]
        assert cells[2:] == ["2 / 2", "1", "–"]
        assert app.screen.selected_id() == new.id  # the cursor skips the group heading


async def test_new_event_through_the_form(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, EventFormScreen)
        await fill(pilot, form, title="Peer Support Day", starts="3/12/2026 10:00",
                   ends="3/12/2026 16:00", capacity="80", venue="Great Hall")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        [summary] = events.list_events(app.store)
        event = summary.event
        assert (event.title, event.kind, event.capacity, event.venue) == (
            "Peer Support Day", "conference", 80, "Great Hall")
        assert event.show(event.starts_at) == "Thu 3 Dec 2026 10:00"
        assert event.tz == "Europe/London"
        assert app.screen.selected_id() == event.id


async def test_a_course_with_a_repeat_rule_and_cancelled_week(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = app.screen
        form.query_one("#kind", Select).value = "training"
        await fill(pilot, form, title="Recovery course", starts="6/1/2026 10:00",
                   ends="6/1/2026 12:00", repeat="FREQ=WEEKLY;COUNT=6", except_dates="20/1/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [summary] = events.list_events(app.store)
        assert summary.event.kind == "training"
        assert summary.sessions == 5


@pytest.mark.parametrize("repeat, except_dates, field, words", [
    ("FREQ=WEEKLY;COUNT=1", "6/1/2026", "repeat", "leave no sessions"),
    ("FREQ=WEEKLY;COUNT=6", "21/1/2026", "except_dates", "not one of the course's dates"),
])
async def test_a_problem_the_core_finds_is_shown_at_its_field(tmp_path, repeat, except_dates,
                                                              field, words):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = app.screen
        form.query_one("#kind", Select).value = "training"
        await fill(pilot, form, title="Recovery course", starts="6/1/2026 10:00",
                   ends="6/1/2026 12:00", repeat=repeat, except_dates=except_dates)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and words in label_text(form, f"#{field}-error")
        assert events.list_events(app.store) == []

async def test_invalid_input_is_shown_at_the_field_and_nothing_is_saved(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = app.screen
        await fill(pilot, form, title="Broken", starts="31/2/2026 10:00", capacity="lots")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open
        starts_error = form.query_one("#starts-error", Label)
        assert starts_error.display and starts_error.has_class("field-error")
        assert "Cannot read '31/2/2026 10:00'" in str(starts_error.render())
        assert "whole number" in label_text(form, "#capacity-error")
        assert not form.query_one("#title-error").display
        assert events.list_events(app.store) == []
        # Putting it right clears the messages and saves.
        await fill(pilot, form, starts="28/2/2026 10:00", ends="28/2/2026 09:00", capacity="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "must be after the start" in label_text(form, "#ends-error")
        assert not form.query_one("#starts-error").display
        await fill(pilot, form, ends="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [s.event.title for s in events.list_events(app.store)] == ["Broken"]


async def test_a_save_while_another_desk_holds_the_lock_says_busy_and_keeps_the_form(tmp_path):
    app = CoprodApp(Store(tmp_path / "t.db", busy_timeout=0.2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = app.screen
        await fill(pilot, form, title="Busy Day", starts="3/12/2026 10:00")
        with another_desk_writing(tmp_path / "t.db"):
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form and "busy" in label_text(form, "#form-error")
            assert form.query_one("#title", Input).value == "Busy Day"
        await pilot.press("ctrl+s")  # once it is done, saving again works
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert [s.event.title for s in events.list_events(app.store)] == ["Busy Day"]


async def test_escape_cancels_the_form_asking_first_once_something_is_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: it closes at once
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)

        await pilot.press("n")
        form = app.screen
        await fill(pilot, form, title="Never mind")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert label_text(app.screen, "#confirm-question") == "Leave without saving?"
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert app.screen is form and form.query_one("#title", Input).value == "Never mind"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert events.list_events(app.store) == []


async def test_escape_closes_an_unchanged_session_form_at_once_and_asks_once_changed(tmp_path):
    app = make_app(tmp_path)
    event, morning, _, _ = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        for key in ("3", "enter", "escape"):  # edit the first session, change nothing, leave
            await pilot.press(key)
            await settle(pilot)
        assert app.screen is screen

        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        form.query_one("#booking_required", Checkbox).value = not morning.booking_required
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert events.get_session(app.store, event.id, morning.id) == morning


async def test_edit_keeps_what_the_form_does_not_show(tmp_path):
    app = make_app(tmp_path)
    event = events.add_event(app.store, "Old title", kind="conference", starts="3/12/2026 09:00",
                             capacity=50, checkin_opens_minutes=30, certificate_ratio=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EventFormScreen)
        assert "sessions" in str(form.query_one(".form-note", Label).render())
        assert form.query_one("#capacity", Input).value == "50"
        await fill(pilot, form, title="New title", capacity="60", venue="Great Hall")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = events.get_event(app.store, event.id)
        assert (saved.title, saved.capacity, saved.venue) == ("New title", 60, "Great Hall")
        assert (saved.checkin_opens_minutes, saved.certificate_ratio) == (30, 0.5)


async def test_duplicate_a_course(tmp_path):
    app = make_app(tmp_path)
    course = events.add_event(app.store, "Course 2026", kind="training", starts="6/1/2026 10:00",
                              ends="6/1/2026 12:30", repeat="FREQ=WEEKLY;COUNT=4",
                              except_dates=["13/1/2026"], capacity=20, venue="Room 2")
    registrations.register(app.store, course.id, "Ada Learner")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        form = app.screen
        assert isinstance(form, EventFormScreen) and form.mode == "duplicate"
        await fill(pilot, form, title="Course 2027", first_day="5/1/2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        copy = next(s for s in events.list_events(app.store) if s.event.title == "Course 2027")
        assert copy.event.kind == "training" and copy.event.capacity == 20
        assert copy.confirmed == 0
        shown = [copy.event.show(s.starts_at) for s in events.list_sessions(app.store, copy.event.id)]
        assert shown == ["Tue 5 Jan 2027 10:00", "Tue 19 Jan 2027 10:00", "Tue 26 Jan 2027 10:00"]
        assert app.screen.selected_id() == copy.event.id


async def test_duplicate_needs_a_whole_first_day(tmp_path):
    app = make_app(tmp_path)
    conference(app.store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        form = app.screen
        await fill(pilot, form, first_day="sometime")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#first_day-error").display
        assert len(events.list_events(app.store)) == 1


async def test_enter_opens_the_selected_event(tmp_path):
    app = make_app(tmp_path)
    event = conference(app.store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen) and app.screen.event_id == event.id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)


# The event screen ---------------------------------------------------------------------------

def populated(store: Store):
    """A conference with two workshops and five people; capacity 4, so one waits."""
    event = conference(store, capacity=4)
    morning = events.add_session(store, event.id, "Workshop A", starts="3/12/2026 10:00",
                                 ends="3/12/2026 11:00", room="Room 1", capacity=2,
                                 booking_required=True)
    afternoon = events.add_session(store, event.id, "Workshop B", starts="3/12/2026 14:00",
                                   ends="3/12/2026 15:00", room="Room 2")
    people = {}
    for name, email, roles, access, sessions in (
        ("Alice Smith", "alice@example.org", ["carer"], ["bsl"], [morning.id]),
        ("Bilal Khan", "bilal@example.org", ["peer_worker"], [], [morning.id, afternoon.id]),
        ("Carys Jones", "carys@work.example", ["professional"], ["step_free"], [afternoon.id]),
        ("Dev Patel", "dev@example.org", ["student"], [], []),
        ("Eve Alison", "eve@example.org", ["carer"], [], []),
    ):
        result = registrations.register(store, event.id, name, email=email, roles=roles,
                                         access=access, consent=True, sessions=sessions)
        people[name.split()[0]] = result.registration
    return event, morning, afternoon, people


async def test_event_screen_shows_the_event_and_its_numbers(tmp_path):
    app = make_app(tmp_path)
    event, *_ = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        assert "Annual Conference" in str(screen.query_one("#event-title").render())
        assert "Thu 3 Dec 2026 09:00–17:00" in str(screen.query_one("#event-when").render())
        counts = str(screen.query_one("#event-counts").render())
        assert "Confirmed 4 of 4 places" in counts and "Waiting 1" in counts
        assert "Checked in today 0" in counts
        assert len(screen.query_one("#roster", RowList).rows) == 5
        assert label_text(screen, "#roster-count") == "5 registrations."


async def test_filter_registrations_by_text_as_you_type(tmp_path):
    app = make_app(tmp_path)
    event, morning, afternoon, people = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        table = screen.query_one("#roster", RowList)
        await pilot.press("slash")
        await burst(pilot, "ali")  # any part of a name: Alice, Eve Alison
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "ali"
        assert row_keys(table) == [str(people["Alice"].id), str(people["Eve"].id)]
        assert label_text(screen, "#roster-count") == "2 registrations match."
        await burst(pilot, "ce")  # "alice"
        await settle(pilot)
        assert row_keys(table) == [str(people["Alice"].id)]
        screen.query_one("#search", Input).value = "work.example"  # any part of an email
        await settle(pilot)
        assert row_keys(table) == [str(people["Carys"].id)]
        screen.query_one("#search", Input).value = "nobody"
        await settle(pilot)
        assert row_keys(table) == []
        assert label_text(screen, "#roster-count") == "Nobody matches these filters."
        await pilot.press("escape")  # from the box to the list; the filter stays
        assert screen.focused is table and isinstance(app.screen, EventScreen)
        assert screen.query_one("#search", Input).value == "nobody"


async def test_filter_registrations_by_status_role_access_and_session(tmp_path):
    app = make_app(tmp_path)
    event, morning, afternoon, people = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        table = screen.query_one("#roster", RowList)

        async def choose(name: str, value: str) -> list[str]:
            screen.query_one(f"#{name}", Select).value = value
            await settle(pilot)
            return row_keys(table)

        assert await choose("status", "waitlisted") == [str(people["Eve"].id)]
        assert await choose("status", "") == [str(r.id) for r in people.values()]
        assert await choose("role", "carer") == [str(people["Alice"].id), str(people["Eve"].id)]
        assert await choose("access", "bsl") == [str(people["Alice"].id)]
        assert await choose("role", "") == [str(people["Alice"].id)]
        assert await choose("access", "") == [str(r.id) for r in people.values()]
        bilal_and_carys = [str(people["Bilal"].id), str(people["Carys"].id)]
        assert await choose("session", str(afternoon.id)) == bilal_and_carys
        assert await choose("status", "confirmed") == bilal_and_carys


async def test_the_roster_is_limited_and_says_so(tmp_path):
    app = make_app(tmp_path)
    event = conference(app.store)
    with app.store.write():
        for n in range(130):
            registrations.register(app.store, event.id, f"Person {n:03}")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        table = screen.query_one("#roster", RowList)
        assert len(table.rows) == PAGE
        assert label_text(screen, "#roster-count").startswith(f"Showing {PAGE} of 130; more as you move down")
        for shown in (2 * PAGE, 3 * PAGE, 130):
            await pilot.press("ctrl+end")  # moving near the end adds the next page
            await settle(pilot)
            assert len(table.rows) == shown
        assert label_text(screen, "#roster-count") == "130 registrations."


async def test_promote_from_the_waiting_list(tmp_path):
    app = make_app(tmp_path)
    event, morning, afternoon, people = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        await pilot.press("2")
        await settle(pilot)
        waiting = screen.query_one("#waiting", DataTable)
        assert row_keys(waiting) == [str(people["Eve"].id)]
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Promote Eve Alison" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await settle(pilot)
        assert registrations.get_registration(app.store, people["Eve"].id).status == "confirmed"
        assert row_keys(waiting) == []
        assert "Waiting 0" in str(screen.query_one("#event-counts").render())


async def test_a_one_place_event_says_place_not_places(tmp_path):
    app = make_app(tmp_path)
    event = conference(app.store, capacity=1)
    registrations.register(app.store, event.id, "Ann Bell")
    registrations.register(app.store, event.id, "Cal Dunn")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        assert "Confirmed 1 of 1 place " in str(screen.query_one("#event-counts").render())
        for key in ("2", "p"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert label_text(app.screen, "#confirm-detail").endswith("over its 1 place.")


async def test_declining_the_confirmation_changes_nothing(tmp_path):
    app = make_app(tmp_path)
    event, morning, afternoon, people = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        await open_event(pilot, app, event.id)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        assert registrations.get_registration(app.store, people["Eve"].id).status == "waitlisted"


async def test_cancel_a_registration_says_who_was_promoted(tmp_path, notices):
    app = make_app(tmp_path)
    event, morning, afternoon, people = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        assert screen.focused is screen.query_one("#roster")  # Alice, first by name
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert registrations.get_registration(app.store, people["Alice"].id).status == "cancelled"
        assert registrations.get_registration(app.store, people["Eve"].id).status == "confirmed"
        assert any("Promoted from the waiting list: Eve Alison." in notice.message for notice in notices)


async def test_add_edit_and_cancel_a_session(tmp_path):
    app = make_app(tmp_path)
    event, morning, afternoon, people = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        await pilot.press("3")
        await settle(pilot)
        sessions = screen.query_one("#sessions", DataTable)
        assert row_keys(sessions) == [str(morning.id), str(afternoon.id)]
        assert [c.plain for c in sessions.get_row(str(morning.id))][3:] == ["2 / 2", "Required"]
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        await fill(pilot, form, title="Closing plenary", starts="3/12/2026 16:00",
                   ends="3/12/2026 25:00", room="Great Hall")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.query_one("#ends-error").display
        await fill(pilot, form, ends="3/12/2026 17:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        closing = next(s for s in events.list_sessions(app.store, event.id) if s.title == "Closing plenary")
        assert closing.room == "Great Hall"
        assert row_keys(sessions)[-1] == str(closing.id)
        assert cursor_key(sessions) == str(closing.id)  # the cursor is on the new session
        # Edit it (enter), then cancel it (c, confirmed).
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        assert form.query_one("#starts", Input).value == "03/12/2026 16:00"
        await fill(pilot, form, room="Lecture Theatre")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert events.get_session(app.store, event.id, closing.id).room == "Lecture Theatre"
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert events.get_session(app.store, event.id, closing.id).cancelled
        assert "Cancelled" in [c.plain for c in sessions.get_row(str(closing.id))]


async def test_session_places_show_bookings_against_capacity(tmp_path):
    app = make_app(tmp_path)
    event, morning, afternoon, people = populated(app.store)
    registrations.register(app.store, event.id, "Fay Third", sessions=[morning.id])  # waitlisted (event full)
    extra = events.update_event(app.store, event.id, title=event.title, capacity=10)
    registrations.register(app.store, extra.id, "Gil Fourth", sessions=[morning.id])  # waits for Workshop A
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        await pilot.press("3")
        await settle(pilot)
        sessions = screen.query_one("#sessions", DataTable)
        assert [c.plain for c in sessions.get_row(str(morning.id))][3:] == ["2 / 2 +1 wait", "Required"]
        assert [c.plain for c in sessions.get_row(str(afternoon.id))][3:] == ["everyone", "Open"]


async def test_counts_refresh_when_another_desk_checks_someone_in(tmp_path):
    app = make_app(tmp_path)
    now = dates.utcnow()
    event = conference(app.store, starts=now - timedelta(hours=1), ends=now + timedelta(hours=3))
    ada = registrations.register(app.store, event.id, "Ada Lovelace").registration
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        assert "Checked in today 0 of 1" in str(screen.query_one("#event-counts").render())
        with Store(tmp_path / "t.db") as other_desk:
            verdict = checkin.check_in(other_desk, event.id, "", registration_id=ada.id)
            assert verdict.admitted
        await until(pilot, lambda: "Checked in today 1 of 1" in str(  # the app polls the database
            screen.query_one("#event-counts").render()))
        await settle(pilot)  # the roster is read in a worker of its own, beside the counts
        row = screen.query_one("#roster", RowList).get_row(str(ada.id))
        assert row.plain.startswith("Ada Lovelace") and row.plain.endswith("✓")  # In: ✓


async def test_events_list_refreshes_on_database_changed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#events-empty").display
        with Store(tmp_path / "t.db") as other:
            conference(other)
        app.screen.post_message(DatabaseChanged())
        await settle(pilot)
        assert not app.screen.query_one("#events-empty").display
        assert len(events.list_events(app.store)) == 1


async def test_returning_to_the_list_shows_new_numbers(tmp_path):
    app = make_app(tmp_path)
    event = conference(app.store, capacity=10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        registrations.register(app.store, event.id, "New Person")
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one("#events-table", DataTable)
        assert table.get_row(str(event.id))[2].plain == "1 / 10"


async def test_the_list_keeps_the_chosen_event_when_read_again(tmp_path):
    app = make_app(tmp_path)
    now = dates.utcnow()
    for days in (10, 20):
        events.add_event(app.store, f"In {days} days", kind="workshop", starts=now + timedelta(days=days))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        chosen = app.screen.selected_id()
        assert events.get_event(app.store, chosen).title == "In 20 days"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")  # back: the list is read afresh
        await settle(pilot)
        assert app.screen.selected_id() == chosen
        app.screen.post_message(DatabaseChanged())
        await settle(pilot)
        assert app.screen.selected_id() == chosen



async def test_the_events_list_keeps_its_cursor_on_the_event_edited_or_added(tmp_path):
    app = make_app(tmp_path)
    now = dates.utcnow()
    for days in (10, 20, 30):
        events.add_event(app.store, f"In {days} days", kind="workshop", starts=now + timedelta(days=days))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        chosen = app.screen.selected_id()
        assert events.get_event(app.store, chosen).title == "In 30 days"
        await pilot.press("e")
        await fill(pilot, app.screen, title="In thirty days")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen) and app.screen.selected_id() == chosen
        await pilot.press("enter")  # opens the event edited, not the first
        await settle(pilot)
        assert app.screen.event_id == chosen
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("n")
        day = (now + timedelta(days=15)).strftime("%d/%m/%Y")
        await fill(pilot, app.screen, title="Next week", starts=f"{day} 10:00", ends=f"{day} 12:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = app.screen.query_one("#events-table", DataTable)
        added = app.screen.selected_id()
        assert events.get_event(app.store, added).title == "Next week"
        assert table.cursor_row == 2  # below the heading and "In 10 days": not the first event


async def open_roster_row(pilot, screen: EventScreen, registration_id: int) -> None:
    """Move the roster's cursor to this registration with the arrow keys and open it."""
    table = screen.query_one("#roster", RowList)
    await pilot.press(*["down"] * table.get_row_index(str(registration_id)))
    assert screen.roster_tab.selected() == registration_id
    await pilot.press("enter")
    await settle(pilot)


async def test_a_click_on_a_roster_row_highlights_it_and_a_second_click_opens_it(tmp_path):
    app = make_app(tmp_path)
    event, _, _, people = populated(app.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        table = screen.query_one("#roster", RowList)
        carys = table.get_row_index(str(people["Carys"].id))
        await pilot.click(table, offset=(5, 1 + carys))  # line 0 is the heading
        await settle(pilot)
        assert app.screen is screen and screen.roster_tab.selected() == people["Carys"].id
        await pilot.click(table, offset=(5, 1 + carys))
        await settle(pilot)
        assert app.screen is not screen and app.screen.query_one("#name", Input).value == "Carys Jones"


async def test_the_roster_keeps_its_cursor_on_the_registration_edited_or_added(tmp_path):
    app = make_app(tmp_path)
    event, _, _, people = populated(app.store)
    with app.store.write():  # more than a page, so a name added at the end is not yet read
        for n in range(110):
            registrations.register(app.store, event.id, f"Person {n:03}")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        await open_roster_row(pilot, screen, people["Carys"].id)
        app.screen.query_one("#name", Input).value = "Carys Jones-Evans"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.roster_tab.selected() == people["Carys"].id

        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        form.query_one("#name", Input).value = "Zoe Young"  # after the 100 rows shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # "Save without any sessions?"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.roster_tab.selected() == form.registration_id
        await pilot.press("enter")  # opens the one just added
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Zoe Young"


# The confirmation modal ---------------------------------------------------------------------

async def test_confirm_screen_keys(tmp_path):
    app = make_app(tmp_path)
    answers = []
    async with app.run_test(size=SIZE) as pilot:
        for key, expected in (("y", True), ("enter", True), ("n", False), ("escape", False)):
            app.push_screen(ConfirmScreen("Sure?", "Some detail", yes="Do it", no="Keep"), answers.append)
            await settle(pilot)
            assert "Do it" in str(app.screen.query_one("#confirm-yes").label)
            await pilot.press(key)
            await settle(pilot)
            assert answers[-1] is expected
        app.push_screen(ConfirmScreen("Sure?"), answers.append)
        await settle(pilot)
        assert not app.screen.query("#confirm-detail")
        await pilot.press("tab", "enter")  # Enter on the focused Cancel button means no
        await settle(pilot)
        assert answers[-1] is False
        assert isinstance(app.screen, EventsScreen)


@pytest.mark.parametrize("typed, opens", [
    ("desk annual", "DeskScreen"), ("go to event annual", "EventScreen"),
    ("register someone annual", "RegistrationScreen"),
])
async def test_the_command_palette_opens_an_events_screens(tmp_path, typed, opens):
    app = make_app(tmp_path)
    event = conference(app.store)
    events.add_event(app.store, "Spring Training", kind="training", starts="3/3/2027 10:00")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await burst(pilot, typed)
        await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == opens)
        assert app.screen.event_id == event.id


@pytest.mark.parametrize("text, width, shown", [
    ("Ada Lovelace", 5, "Ada …"), ("Ada", 5, "Ada"),
    ("李小龍王秀英", 5, "李小…"), ("李小龍", 6, "李小龍"),
])
def test_table_cells_are_cut_to_screen_width_with_an_ellipsis(text, width, shown):
    assert fit(text, width) == shown  # a CJK character takes two cells of the terminal


async def test_titles_and_names_with_square_brackets_show_as_typed(tmp_path, notices):
    """Titles and names are not markup: in a form's heading, a notification, the session
    filter or the command palette, "[/]" shows as typed (it used to end the app)."""
    app = make_app(tmp_path)
    event = events.add_event(app.store, "Ends [/] here", kind="conference", starts="3/12/2026 09:00")
    session = events.add_session(app.store, event.id, title="Week [/] one", starts="3/12/2026 10:00")
    registrations.register(app.store, event.id, "Bo [/] Ng", email="bo@example.org")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert label_text(app.screen, ".form-heading") == "Edit: Ends [/] here"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices[-1].message == "Event saved: Ends [/] here."
        await pilot.press("ctrl+p")
        await burst(pilot, "go to ends")
        await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        found = app.screen.query_one(CommandList).get_option_at_index(0)
        assert "Go to event: Ends [/] here" in str(found.prompt)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EventScreen))
        await settle(pilot)
        await pilot.press("x", "y")
        await settle(pilot)
        assert notices[-1].message.startswith("Bo [/] Ng's registration is cancelled.")
        app.screen.query_one("#session", Select).value = str(session.id)
        await settle(pilot)
        assert "Week [/] one" in str(app.screen.query_one("#session #label").render())  # as chosen
        await pilot.pause()  # the notifications painted


async def test_one_session_is_one_session(tmp_path):
    app = make_app(tmp_path)
    event = conference(app.store)
    events.add_session(app.store, event.id, "Only plenary", starts="3/12/2026 10:00")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_event(pilot, app, event.id)
        await pilot.press("3")
        await settle(pilot)
        assert label_text(screen, "#sessions-count").startswith("1 session. ")
