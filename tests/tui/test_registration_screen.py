"""The registration form, driven through Pilot as staff preparing an event would use it."""

from __future__ import annotations

import pytest
import qrcode
from qrcode import util
from textual.geometry import Region
from textual.widgets import Checkbox, Input, OptionList, SelectionList, Static

from coprod_events.core import events, people, registrations, roster, tickets
from coprod_events.tui.app import CoprodApp
from coprod_events.tui.dialogs.confirm import ConfirmScreen
from coprod_events.tui.screens.registration import RegistrationScreen
from coprod_events.tui.widgets.pa_picker import PaPicker
from coprod_events.tui.widgets.qr import QRCode

from conftest import london, settle

SIZE = (100, 30)
NOW = london("2026-11-20 14:05")


@pytest.fixture
def event(store):
    """A one-day conference with a plenary and a workshop."""
    event = events.add_event(store, "Spring Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00", capacity=50)
    events.add_session(store, event.id, "Opening plenary", starts="3/12/2026 09:30",
                       ends="3/12/2026 10:30", room="Main hall")
    events.add_session(store, event.id, "Workshop A", starts="3/12/2026 11:00",
                       ends="3/12/2026 12:30", room="Room 2")
    return event


async def open_form(app: CoprodApp, pilot, event_id: int, registration_id: int | None = None
                    ) -> RegistrationScreen:
    await app.push_screen(RegistrationScreen(event_id, registration_id))
    await settle(pilot)
    assert isinstance(app.screen, RegistrationScreen)
    return app.screen


def fill(screen: RegistrationScreen, **values: str) -> None:
    for name, value in values.items():
        screen.query_one(f"#{name}", Input).value = value


def tick_needs(screen: RegistrationScreen, *codes: str) -> None:
    for selection_list in screen.query(".reg-needs").results(SelectionList):
        for code in codes:
            if any(option.value == code for option in selection_list.options):
                selection_list.select(code)


def shown(widget: Static) -> str:
    return str(widget.render()) if widget.display else ""


def drawn_lines(widget: QRCode) -> list[list]:
    """The widget's rendered lines, as segments, exactly as the compositor receives them."""
    width, height = widget.size
    return [list(strip) for strip in widget.render_lines(Region(0, 0, width, height))]


async def test_register_new_with_roles_needs_and_consent_shows_the_ticket(store, event):
    app = CoprodApp(store, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id)
        assert not screen.query_one("#reg-ticket").display  # no ticket before saving
        fill(screen, name="Amira Khan", preferred_name="Amira", pronouns="she/her",
             email="Amira@Example.org", organisation="Mind in the City", access_notes="Left side")
        roles = screen.query_one("#roles", SelectionList)
        roles.select("expert_by_experience")
        roles.select("peer_worker")
        tick_needs(screen, "step_free", "large_print")
        await settle(pilot)
        assert screen.query_one("#detail-large_print-field").display  # its detail is asked for
        fill(screen, **{"detail-large_print": "18pt"})
        screen.query_one("#consent", Checkbox).value = True
        workshop = events.list_sessions(store, event.id)[1]
        screen.query_one("#sessions", SelectionList).select(workshop.id)
        await settle(pilot)
        assert not screen.query_one("#reg-consent-warning").display

        await pilot.press("ctrl+s")
        await settle(pilot)

        assert screen.registration_id is not None
        saved = registrations.get_registration(store, screen.registration_id)
        assert saved.person.email == "amira@example.org"
        assert saved.person.pronouns == "she/her"
        assert saved.roles == ("expert_by_experience", "peer_worker")
        assert saved.access == (("large_print", "18pt"), ("step_free", None))
        assert saved.access_notes == "Left side"
        assert saved.consent_at is not None
        assert [b.session_id for b in saved.bookings] == [workshop.id]
        assert "Confirmed" in shown(screen.query_one("#reg-status", Static))
        code = tickets.live_ticket(store, saved.id).code
        qr = screen.query_one(QRCode)
        assert screen.query_one("#reg-ticket").display and qr.code == code
        caption = "".join(segment.text for segment in drawn_lines(qr)[-1]).strip()
        assert caption == tickets.grouped(code)
        assert screen.title == f"Registration {saved.id}"  # now editing what was saved
        assert shown(screen.query_one("#reg-saved", Static)) == "Saved at 14:05."

        await pilot.press("ctrl+s")  # saving again edits; it does not register twice
        await settle(pilot)
        assert roster.roster(store, event.id).total == 1
        assert tickets.live_ticket(store, saved.id).code == code


async def test_without_consent_says_what_will_not_be_kept_and_saves_the_rest(store, event, notices):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id)
        fill(screen, name="Bo Ng", email="bo@example.org", dietary="Vegan")
        screen.query_one("#roles", SelectionList).select("carer")
        tick_needs(screen, "hearing_loop")
        await settle(pilot)
        warning = shown(screen.query_one("#reg-consent-warning", Static))
        assert warning == "Without consent, the access needs (1) and dietary needs will not be saved."

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = shown(app.screen.query_one(Static))
        assert question.startswith(warning) and question.endswith("Save the rest?")
        await pilot.press("escape")  # "Go back" saves nothing
        await settle(pilot)
        assert app.screen is screen
        assert roster.roster(store, event.id).total == 0

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")  # "Save the rest" has the focus
        await settle(pilot)

        assert app.screen is screen
        saved = registrations.get_registration(store, screen.registration_id)
        assert saved.name == "Bo Ng" and saved.roles == ("carer",)
        assert saved.access == () and saved.dietary is None and saved.consent_at is None
        assert any(notice.message.startswith("Not saved: access needs, dietary needs")
                   for notice in notices)
        assert screen.query_one("#dietary", Input).value == ""  # the form shows what was kept
        assert "No consent recorded" in shown(screen.query_one("#reg-status-detail", Static))


async def test_edit_changes_pronouns_and_removes_a_need(store, event):
    result = registrations.register(store, event.id, "Chris Doe", email="chris@example.org",
                                    pronouns="he/him", roles=["carer"], consent=True,
                                    access=["step_free", "bsl"])
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id, result.registration.id)
        assert screen.query_one("#pronouns", Input).value == "he/him"
        assert screen.query_one("#consent", Checkbox).value
        assert screen.query_one(QRCode).code == result.code
        hearing = screen.query_one("#needs-1", SelectionList)
        assert hearing.selected == ["bsl"]

        fill(screen, pronouns="they/them")
        hearing.deselect("bsl")
        await pilot.press("ctrl+s")
        await settle(pilot)

        saved = registrations.get_registration(store, result.registration.id)
        assert saved.person.pronouns == "they/them"
        assert saved.access == (("step_free", None),)
        assert saved.roles == ("carer",)
        assert tickets.live_ticket(store, saved.id).code == result.code

        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, RegistrationScreen)


async def test_escape_asks_before_losing_what_was_typed(store, event):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(app, pilot, event.id)
        await pilot.press("escape")  # nothing typed: it leaves at once
        await settle(pilot)
        assert not isinstance(app.screen, RegistrationScreen)

        screen = await open_form(app, pilot, event.id)
        fill(screen, name="Dee Rowe")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert shown(app.screen.query_one("#confirm-question", Static)) == "Leave without saving?"
        await pilot.press("escape")  # keep editing: the form is as it was
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#name", Input).value == "Dee Rowe"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, RegistrationScreen)
        assert roster.roster(store, event.id).total == 0


async def test_escape_leaves_an_unchanged_registration_at_once_and_asks_once_changed(store, event):
    plenary = events.list_sessions(store, event.id)[0]
    result = registrations.register(store, event.id, "Kit Lane", roles=["carer", "peer_worker"],
                                    consent=True, access=[("large_print", "18pt"), ("lift", None)],
                                    sessions=[plenary.id], payment_eligible=True)
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(app, pilot, event.id, result.registration.id)
        await pilot.press("escape")  # as loaded: nothing to lose
        await settle(pilot)
        assert not isinstance(app.screen, RegistrationScreen)

        screen = await open_form(app, pilot, event.id, result.registration.id)
        screen.query_one("#sessions", SelectionList).deselect(plenary.id)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        screen.query_one("#sessions", SelectionList).select(plenary.id)  # put back as it was
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (RegistrationScreen, ConfirmScreen))


async def test_withdrawing_consent_says_the_needs_will_be_deleted(store, event):
    result = registrations.register(store, event.id, "Kit Lane", consent=True, access=["lift"])
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id, result.registration.id)
        screen.query_one("#consent", Checkbox).value = False
        await settle(pilot)
        assert (shown(screen.query_one("#reg-consent-warning", Static))
                == "Without consent, the access needs (1) will be deleted.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        saved = registrations.get_registration(store, result.registration.id)
        assert saved.access == () and saved.consent_at is None


async def test_a_registration_that_does_not_exist_is_reported_and_the_form_closes(store, event, notices):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(RegistrationScreen(event.id, 999))
        await settle(pilot)
        assert not isinstance(app.screen, RegistrationScreen)
        assert any("No registration" in notice.message for notice in notices)


async def test_a_bad_email_is_shown_at_the_field_and_nothing_is_saved(store, event):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id)
        fill(screen, name="Dee Ash", email="dee at example")
        screen.query_one("#consent", Checkbox).value = True
        tick_needs(screen, "quiet_room")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert "does not look like an email address" in shown(screen.query_one("#email-error", Static))
        assert screen.focused is screen.query_one("#email", Input)
        assert screen.registration_id is None
        assert roster.roster(store, event.id).total == 0
        assert store.db["people"].count == 0

        fill(screen, email="dee@example.org")  # fixed: the error goes on the next save
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.query_one("#email-error").display
        assert roster.roster(store, event.id).total == 1


async def test_someone_already_registered_is_told_plainly(store, event):
    registrations.register(store, event.id, "Eve Oak", email="eve@example.org")
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id)
        fill(screen, name="Eve Oak", email="eve@example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already registered for this event" in shown(screen.query_one("#reg-error", Static))
        assert roster.roster(store, event.id).total == 1


async def test_a_known_person_is_offered_and_f2_fills_their_details(store, event):
    other = events.add_event(store, "Autumn Workshop", kind="workshop", starts="1/10/2026 10:00")
    known = registrations.register(store, other.id, "Jordan Lee", email="jordan@example.org",
                                   pronouns="they/them", organisation="Peer Network").registration.person
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id)
        fill(screen, name="Jordan")
        await settle(pilot)
        offer = shown(screen.query_one("#reg-known", Static))
        assert offer == ("Already known: Jordan Lee (jordan@example.org) — press F2 to use their details")

        await pilot.press("f2")
        await settle(pilot)
        assert screen.query_one("#email", Input).value == "jordan@example.org"
        assert screen.query_one("#name", Input).value == "Jordan Lee"
        assert screen.query_one("#pronouns", Input).value == "they/them"
        assert screen.query_one("#organisation", Input).value == "Peer Network"
        assert not screen.query_one("#reg-known").display  # they are this person now

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert registrations.get_registration(store, screen.registration_id).person.id == known.id
        assert store.db["people"].count == 1


@pytest.fixture
def jordan(store):
    """Jordan Lee, known from another event."""
    other = events.add_event(store, "Autumn Workshop", kind="workshop", starts="1/10/2026 10:00")
    return registrations.register(store, other.id, "Jordan Lee",
                                  email="jordan@example.org").registration.person


async def refused_as_someone_elses_email(app, pilot, event_id: int) -> RegistrationScreen:
    """Staff type a new name with Jordan's email (email first: the offer then follows the name,
    and finds nobody), and save without looking."""
    screen = await open_form(app, pilot, event_id)
    for field, typed in (("email", "jordan@example.org"), ("name", "Jo Smith")):
        fill(screen, **{field: typed})
        await settle(pilot)
    assert not screen.query_one("#reg-known").display
    await pilot.press("ctrl+s")
    await settle(pilot)
    return screen


async def test_an_email_that_is_someone_elses_is_not_taken_over(store, event, jordan, notices):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await refused_as_someone_elses_email(app, pilot, event.id)

        said = ("jordan@example.org is already the email of Jordan Lee. If this is them, press F2 "
                "to use their details; otherwise check the email.")
        assert shown(screen.query_one("#email-error", Static)) == said
        assert notices[-1].message == said  # the form's words, not the command line's (--same-person)
        assert screen.focused is screen.query_one("#email", Input)
        assert shown(screen.query_one("#reg-known", Static)).startswith("Already known: Jordan Lee")
        assert screen.registration_id is None and roster.roster(store, event.id).total == 0
        assert people.get_person(store, jordan.id).name == "Jordan Lee"

        await pilot.press("f2")  # it is them
        await settle(pilot)
        assert screen.query_one("#name", Input).value == "Jordan Lee"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert registrations.get_registration(store, screen.registration_id).person.id == jordan.id
        assert store.db["people"].count == 1


async def test_a_mistyped_email_put_right_registers_someone_new(store, event, jordan):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await refused_as_someone_elses_email(app, pilot, event.id)
        fill(screen, email="jo.smith@example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = registrations.get_registration(store, screen.registration_id)
        assert (saved.name, saved.person.email) == ("Jo Smith", "jo.smith@example.org")
        assert not screen.query_one("#email-error").display
        assert people.get_person(store, jordan.id).email == "jordan@example.org"


async def test_linking_a_pa_to_the_person_they_support(store, event):
    supported = registrations.register(store, event.id, "Fatima Said", email="fatima@example.org")
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id)
        fill(screen, name="Gus Hale")
        screen.query_one("#pa-search", Input).value = "Fatima"
        await settle(pilot)
        matches = screen.query_one("#pa-matches", OptionList)
        assert matches.display and matches.option_count == 1
        matches.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#pa-search", Input).value == "Fatima Said"

        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = registrations.get_registration(store, screen.registration_id)
        assert saved.pa_for_registration_id == supported.registration.id
        assert "pa_supporter" in saved.roles


async def test_the_on_screen_qr_decodes_to_the_ticket_code(store, event):
    result = registrations.register(store, event.id, "Hana Ito", email="hana@example.org")
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id, result.registration.id)
        lines = drawn_lines(screen.query_one(QRCode))

    black, white = (0, 0, 0), (255, 255, 255)
    for segment in (segment for line in lines for segment in line):
        assert segment.style.color.get_truecolor() == black  # whatever the theme
        assert segment.style.bgcolor.get_truecolor() == white
    rows = []
    for line in lines[:-1]:  # the last line is the code in text
        text = "".join(segment.text for segment in line)
        assert set(text) <= set(" ▀▄█")
        rows.append([char in "▀█" for char in text])
        rows.append([char in "▄█" for char in text])

    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    expected.add_data(util.QRData(result.code, mode=util.MODE_ALPHA_NUM))
    matrix = expected.get_matrix()
    assert rows[:len(matrix)] == matrix
    assert not any(any(row) for row in rows[len(matrix):])  # padding is quiet zone
    assert all(not any(row) for row in matrix[:4])  # four modules of quiet zone
    as_bytes = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    as_bytes.add_data(util.QRData(result.code, mode=util.MODE_8BIT_BYTE))
    assert as_bytes.get_matrix() != matrix  # so alphanumeric mode is the one drawn


async def test_empty_code_draws_nothing():
    qr = QRCode()
    assert qr.lines == ()
    qr.code = "7K3MAQ9Z2BXXXXXXXXXXXXXXXX"
    assert len(qr.lines) > 1


async def test_the_form_works_on_a_small_terminal(store, event):
    app = CoprodApp(store)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_form(app, pilot, event.id)
        fill(screen, name="Ivy Moss")
        await pilot.press("ctrl+s")
        await settle(pilot)
        qr = screen.query_one(QRCode)
        assert qr.region.width == len(qr.lines[0]) <= 60
        assert screen.query_one("#reg-status").region.height == 1
        assert people.search_people(store, "Ivy Moss")[0].name == "Ivy Moss"


# Checklists and the sessions question ---------------------------------------------------------

async def test_space_ticks_every_checklist_on_its_first_focus(store, event):
    """Options added after the list is built (the sessions, read from the database) used to
    leave nothing highlighted: Space ticked nothing until an arrow key was pressed."""
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id)
        checklists = list(screen.query(SelectionList))
        assert {"roles", "sessions"} <= {checklist.id for checklist in checklists}
        assert sum(checklist.has_class("reg-needs") for checklist in checklists) == 7
        for checklist in checklists:
            checklist.focus()
            await pilot.press("space")
            assert checklist.selected == [checklist.get_option_at_index(0).value], checklist.id


@pytest.fixture
def workshops(store):
    """A conference whose two workshops need booking."""
    event = events.add_event(store, "Summer Conference", kind="conference",
                             starts="3/12/2026 09:00", ends="3/12/2026 17:00")
    for title, starts, ends in (("Workshop A", "11:00", "12:30"), ("Workshop B", "14:00", "15:30")):
        events.add_session(store, event.id, title, starts=f"3/12/2026 {starts}",
                           ends=f"3/12/2026 {ends}", booking_required=True)
    return event


async def test_saving_with_no_sessions_asks_and_going_back_chooses_them(store, workshops):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, workshops.id)
        fill(screen, name="Lee Park", email="lee@example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Save without any sessions?"
        assert app.screen.detail == ("Workshop A and Workshop B need booking: without a session "
                                     "ticked, Lee Park has a place at none of them.")

        await pilot.press("n")  # "Choose sessions"
        await settle(pilot)
        assert app.screen is screen and screen.focused is screen.query_one("#sessions")
        assert roster.roster(store, workshops.id).total == 0
        await pilot.press("down", "space", "ctrl+s")  # a session ticked: nothing to ask
        await settle(pilot)
        assert app.screen is screen
        saved = registrations.get_registration(store, screen.registration_id)
        assert [b.session_id for b in saved.bookings] == [events.list_sessions(store, workshops.id)[1].id]


async def test_saving_with_no_sessions_when_told_so_saves_after_the_consent_question(store, workshops):
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, workshops.id)
        fill(screen, name="Mo Reid", email="mo@example.org")
        tick_needs(screen, "lift")  # without consent: that is asked about first
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.question.startswith("Without consent, the access needs (1)")
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.question == "Save without any sessions?"
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        saved = registrations.get_registration(store, screen.registration_id)
        assert saved.name == "Mo Reid" and saved.bookings == () and saved.access == ()


async def test_no_sessions_is_not_asked_when_none_need_booking_or_of_a_pa(store, event, workshops):
    supported = registrations.register(store, workshops.id, "Ada Obi", email="ada@example.org",
                                       sessions=[events.list_sessions(store, workshops.id)[0].id])
    app = CoprodApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot, event.id)  # its sessions need no booking
        fill(screen, name="Pat Quinn")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.registration_id is not None

        screen = await open_form(app, pilot, workshops.id)
        fill(screen, name="Sam Cole")
        screen.query_one(PaPicker).choose(supported.registration.id, "Ada Obi")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.registration_id is not None
