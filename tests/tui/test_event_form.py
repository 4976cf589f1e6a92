"""The event form's schedule: repeats chosen rather than typed, the RFC rule kept in step, a
conference's day and hours and a course's rule edited, cancelled weeks named, and a new
session's default day. Driven by Pilot."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Label, Select

from coprod_events.core import events, registrations
from coprod_events.core.store import Store
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.dialogs.event_form import EventFormScreen
from coprod_events.tui.dialogs.session_form import SessionFormScreen
from coprod_events.tui.screens.event import EventScreen
from coprod_events.tui.screens.events import EventsScreen

from conftest import burst, london, settle, until

SIZE = (100, 30)


def make_app(tmp_path, **kw) -> CoprodApp:
    return CoprodApp(Store(tmp_path / "t.db"), **kw)


def course(store: Store, rule: str = "FREQ=WEEKLY;COUNT=6", **kw) -> events.Event:
    return events.add_event(store, "Recovery course", kind="training", starts="6/1/2027 10:00",
                            ends="6/1/2027 12:30", repeat=rule, venue="Room 2", **kw)


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Label).render())


def value(screen, name: str) -> str:
    return screen.query_one(f"#{name}", Input).value


async def type_into(pilot, screen, **values: str) -> None:
    """Type each value into its field: focus it, clear it, press the keys (all queued at once:
    Pilot.press waits ~65 ms a key for the app to look idle; a box takes keys as they come)."""
    for name, typed in values.items():
        field = screen.query_one(f"#{name}", Input)
        field.focus()
        field.value = ""
        await burst(pilot, typed)


async def choose(pilot, screen, every: str) -> None:
    screen.query_one("#every", Select).value = every
    await settle(pilot)


async def open_form(pilot, app, key: str) -> EventFormScreen:
    """The event form, from the events list: "n" for a new event, "e" to edit the one at the cursor."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, EventFormScreen)
    return app.screen


async def test_a_weekly_course_is_made_by_choosing(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "n")
        assert not form.query_one("#row-sessions").display  # "does not repeat" asks nothing more
        form.query_one("#kind", Select).value = "training"
        await type_into(pilot, form, title="Recovery course", starts="6/1/2027 10:00",
                        ends="6/1/2027 12:30")
        await choose(pilot, form, "weekly")
        await type_into(pilot, form, sessions="6")
        assert value(form, "repeat") == "FREQ=WEEKLY;COUNT=6"
        assert text(form, "#plan") == "6 sessions: Wed 6 Jan – Wed 10 Feb 2027, 10:00–12:30."
        await type_into(pilot, form, except_dates="10/2/2027")
        assert value(form, "sessions") == "6"  # six are still held: the course runs a week on
        assert value(form, "repeat") == "FREQ=WEEKLY;COUNT=7"
        assert text(form, "#plan") == ("6 sessions: Wed 6 Jan – Wed 17 Feb 2027, 10:00–12:30; "
                                       "7 weeks, 1 cancelled: Wed 10 Feb 2027.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        [summary] = events.list_events(app.store)
        assert summary.sessions == 6
        assert summary.event.except_dates == ("2027-02-10",)


async def test_a_typed_rule_sets_the_choices_or_says_custom(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "n")
        await type_into(pilot, form, starts="6/1/2027 10:00")
        await choose(pilot, form, "custom")
        await type_into(pilot, form, repeat="FREQ=MONTHLY;BYDAY=1WE;COUNT=3")
        assert form.query_one("#every", Select).value == "monthly"
        assert value(form, "sessions") == "3"
        assert text(form, "#plan").startswith("3 sessions: Wed 6 Jan – Wed 3 Mar 2027")
        await type_into(pilot, form, repeat="FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4")
        assert form.query_one("#every", Select).value == "custom"
        assert not form.query_one("#row-sessions").display
        assert value(form, "repeat") == "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4"  # left as typed
        assert text(form, "#plan").startswith("4 sessions: Wed 6 Jan – Mon 18 Jan 2027")


@pytest.mark.parametrize("typed, field, words", [
    ({"sessions": "0"}, "sessions", "1 to 260 sessions, not 0"),
    ({"sessions": "100000"}, "sessions", "1 to 260 sessions"),
    ({"sessions": "six"}, "sessions", "whole number"),
    ({"sessions": "", "last_day": "1/1/2027"}, "last_day", "is before the first"),
    ({"sessions": "", "last_day": "31/2/2027"}, "last_day", "Cannot read '31/2/2027'"),
    ({"except_dates": "10/2/2027, sometime"}, "except_dates", "Cannot read 'sometime'"),
])
async def test_bad_repeat_input_is_said_at_its_field_and_nothing_is_lost(tmp_path, typed, field, words):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "n")
        await type_into(pilot, form, title="Recovery course", starts="6/1/2027 10:00")
        await choose(pilot, form, "weekly")
        await type_into(pilot, form, **{"sessions": "6", **typed})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert words in text(form, f"#{field}-error")
        assert all(value(form, name) == typed_value for name, typed_value in typed.items())
        assert value(form, "title") == "Recovery course"
        assert events.list_events(app.store) == []


async def test_a_conferences_day_and_hours_are_edited(tmp_path):
    app = make_app(tmp_path)
    event = events.add_event(app.store, "Annual Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    talk = events.add_session(app.store, event.id, "Plenary", starts="3/12/2026 10:00")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "e")
        assert (value(form, "starts"), value(form, "ends")) == ("03/12/2026 09:00", "03/12/2026 17:00")
        assert not form.query("#every")  # a conference has its own hours, no repeat
        await type_into(pilot, form, starts="10/12/2026 09:30", ends="10/12/2026 16:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        saved = events.get_event(app.store, event.id)
        assert (saved.show(saved.starts_at), saved.show(saved.ends_at)) == (
            "Thu 10 Dec 2026 09:30", "Thu 10 Dec 2026 16:00")
        moved = events.get_session(app.store, event.id, talk.id)
        assert saved.show(moved.starts_at) == "Thu 10 Dec 2026 10:00"


async def test_a_courses_rule_is_edited_asking_before_sessions_go(tmp_path, notices):
    app = make_app(tmp_path)
    event = course(app.store, "FREQ=WEEKLY;COUNT=7", except_dates=["10/2/2027"])
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "e")
        assert form.query_one("#every", Select).value == "weekly"
        assert (value(form, "sessions"), value(form, "except_dates")) == ("6", "10/2/2027")
        assert value(form, "ends") == "06/01/2027 12:30"
        await type_into(pilot, form, sessions="4")
        assert value(form, "repeat") == "FREQ=WEEKLY;COUNT=5"
        await pilot.press("ctrl+s")  # 10 Feb is after the fourth session now
        await settle(pilot)
        assert app.screen is form
        assert text(form, "#except_dates-error") == (
            "10/02/2027 is not one of the course's dates (Wed 6 Jan – Wed 3 Feb 2027), so it cannot "
            "be cancelled.")
        await type_into(pilot, form, except_dates="")
        assert value(form, "repeat") == "FREQ=WEEKLY;COUNT=4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert "Remove 2 sessions: Week 5 (Wed 3 Feb 2027 10:00); Week 6 (Wed 17 Feb 2027 10:00)?" \
            in question.question
        await pilot.press("n")  # back to the form, as it was
        await settle(pilot)
        assert app.screen is form and value(form, "sessions") == "4"
        assert len(events.list_sessions(app.store, event.id)) == 6
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert [s.title for s in events.list_sessions(app.store, event.id)] == [
            "Week 1", "Week 2", "Week 3", "Week 4"]
        saved = events.get_event(app.store, event.id)
        assert (saved.repeat_rule, saved.except_dates) == ("FREQ=WEEKLY;COUNT=4", ())
        assert any(n.message == "Sessions: 2 removed." for n in notices)


async def test_a_booked_session_the_new_rule_leaves_out_is_refused_in_words(tmp_path):
    app = make_app(tmp_path)
    event = course(app.store)
    week_6 = events.list_sessions(app.store, event.id)[5]
    registrations.register(app.store, event.id, "Ada Okafor", sessions=[week_6.id])
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "e")
        await type_into(pilot, form, sessions="5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Week 6 (Wed 10 Feb 2027 10:00), which has bookings" in text(form, "#repeat-error")
        assert len(events.list_sessions(app.store, event.id)) == 6


async def test_a_workshop_moved_half_an_hour_keeps_its_afternoon_session(tmp_path, notices):
    app = make_app(tmp_path)
    event = events.add_event(app.store, "Writing workshop", kind="workshop", starts="3/12/2026 10:00",
                             ends="3/12/2026 12:00")
    events.add_session(app.store, event.id, "Afternoon part", starts="3/12/2026 14:00",
                       ends="3/12/2026 15:30")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "e")
        assert (value(form, "starts"), value(form, "ends")) == ("03/12/2026 10:00", "03/12/2026 15:30")
        await type_into(pilot, form, starts="03/12/2026 10:30", ends="03/12/2026 16:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)  # saved, with nothing to ask about
        assert [(s.title, event.show(s.starts_at), event.show(s.ends_at, with_date=False))
                for s in events.list_sessions(app.store, event.id)] == [
            ("Writing workshop", "Thu 3 Dec 2026 10:30", "12:30"),
            ("Afternoon part", "Thu 3 Dec 2026 14:30", "16:00")]
        assert any(n.message == "Sessions: 2 moved." for n in notices)


async def test_editing_only_the_title_leaves_the_sessions_alone(tmp_path, notices):
    app = make_app(tmp_path)
    event = course(app.store)
    before = events.list_sessions(app.store, event.id)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "e")
        await type_into(pilot, form, title="Recovery course (spring)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert events.list_sessions(app.store, event.id) == before
        assert not any(n.title == "Sessions" for n in notices)  # the schedule was not sent


async def test_a_removal_declined_then_a_title_only_save_says_nothing_of_sessions(tmp_path, notices):
    app = make_app(tmp_path)
    event = course(app.store, "FREQ=WEEKLY;COUNT=6")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "e")
        await type_into(pilot, form, sessions="4")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # back to the form
        await settle(pilot)
        await type_into(pilot, form, sessions="6", title="Recovery course (spring)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert len(events.list_sessions(app.store, event.id)) == 6
        assert not any(n.title == "Sessions" for n in notices)


async def test_escape_closes_an_unchanged_course_at_once_and_asks_once_its_repeat_changed(tmp_path):
    app = make_app(tmp_path)
    event = course(app.store, "FREQ=WEEKLY;COUNT=7", except_dates=["10/2/2027"])
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app, "e")
        await pilot.press("escape")  # as stored, repeat and cancelled weeks too: nothing to lose
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)

        form = await open_form(pilot, app, "e")
        await choose(pilot, form, "once")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert app.screen is form
        await choose(pilot, form, "weekly")  # back as it was
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert events.get_event(app.store, event.id) == event


async def test_cancelled_weeks_and_sessions_are_named_on_the_sessions_tab(tmp_path):
    app = make_app(tmp_path)
    event = course(app.store, "FREQ=WEEKLY;COUNT=7", except_dates=["10/2/2027"])
    events.cancel_session(app.store, event.id, events.list_sessions(app.store, event.id)[2].id)
    async with app.run_test(size=SIZE) as pilot:
        app.open_event(event.id)
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventScreen)
        assert text(screen, "#sessions-count").startswith("5 sessions, 1 cancelled.")
        assert text(screen, "#sessions-not-held") == (
            "Not held: Wed 10 Feb 2027 (cancelled week); Week 3, Wed 20 Jan 2027 (cancelled).")
        assert screen.query_one("#sessions", DataTable).row_count == 6


async def test_a_new_session_starts_on_the_events_next_day(tmp_path):
    app = make_app(tmp_path, clock=lambda: london("2027-01-14 09:00"))
    event = course(app.store, "FREQ=WEEKLY;COUNT=7", except_dates=["20/1/2027"])
    async with app.run_test(size=SIZE) as pilot:
        app.open_event(event.id)
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        assert value(form, "starts") == "27/01/2027 10:00"  # 20 Jan is a cancelled week
        assert form.query_one("#ends", Input).placeholder == "27/01/2027 12:00"


async def test_the_form_scrolls_to_every_field_at_80x24(tmp_path):
    app = make_app(tmp_path)
    course(app.store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, app, "e")
        fields = form.query_one(".form-fields")
        for name in ("title", "starts", "ends", "every", "sessions", "last_day", "except_dates",
                     "repeat", "capacity", "venue"):
            widget = form.query_one(f"#{name}")
            widget.focus()  # focusing scrolls it into view (smoothly: wait for it)
            await until(pilot, lambda widget=widget: fields.scrollable_content_region.contains_region(
                form.find_widget(widget).region))
