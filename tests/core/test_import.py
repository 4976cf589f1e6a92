"""Importing registrations through the core: every rule of issue 10, on realistic sample files
(tests/data/imports) and small files written here for one rule each."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod_events.core import checkin, events, registrations, tickets
from coprod_events.core.importing.importer import run_import
from coprod_events.core.store import Store

from conftest import conference, register, scan

DATA = Path(__file__).parents[1] / "data" / "imports"
PLENARY = "Opening plenary"
WORKSHOP_A = "Workshop A: Peer support, in practice"
WORKSHOP_B = "Workshop B: Co-producing research"
SAMPLES = {
    "eventbrite_attendees.csv": {}, "google_forms.csv": {}, "ms_forms.xlsx": {},
    "pretix_positions.csv": {}, "excel_windows1252.csv": {"maps": ["Delegate=name", "Badge code=code"]},
}


@pytest.fixture
def event(store) -> events.Event:
    """The conference the sample files were made for, with their three sessions."""
    made = conference(store)
    for title, start in ((PLENARY, "09:30"), (WORKSHOP_A, "11:00"), (WORKSHOP_B, "14:00")):
        events.add_session(store, made.id, title, starts=f"3/12/2026 {start}")
    return made


def sample(store: Store, event: events.Event, name: str, **options):
    return run_import(store, event.id, DATA / name, **(SAMPLES[name] | options))


def by_email(store: Store, email: str) -> registrations.Registration:
    reg_id = store.value("SELECT r.id FROM registrations r JOIN people p ON p.id = r.person_id "
                         "WHERE p.email = ?", [email])
    return registrations.get_registration(store, reg_id)


def by_name(store: Store, name: str) -> list[registrations.Registration]:
    return [registrations.get_registration(store, reg_id) for (reg_id,) in store.query(
        "SELECT r.id FROM registrations r JOIN people p ON p.id = r.person_id WHERE p.name = ? "
        "ORDER BY r.id", [name])]


def titles(store: Store, registration: registrations.Registration) -> list[str]:
    return [events.get_session(store, registration.event_id, b.session_id).title
            for b in registration.bookings]


def csv_file(tmp_path: Path, *lines: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# The sources' statuses ----------------------------------------------------------------------------

def test_not_attending_cancelled_and_unpaid_rows_are_skipped_with_the_sources_word(store, event):
    eventbrite = sample(store, event, "eventbrite_attendees.csv")
    assert {"row": 4, "reason": "Not Attending (the file's status): not registered."} in (
        eventbrite.as_json()["skipped"])
    pretix = sample(store, event, "pretix_positions.csv")
    reasons = {s.row: s.reason for s in pretix.skipped}
    assert reasons[4].startswith("pending (the file's status): not paid yet")
    assert reasons[5].startswith("canceled (the file's status)")
    assert by_name(store, "Maya Singh") == [] and by_name(store, "Noah Reed") == []


def test_include_pending_imports_unpaid_orders(store, event):
    result = sample(store, event, "pretix_positions.csv", include_pending=True)
    assert [s.row for s in result.skipped] == [5]
    assert by_email(store, "maya@example.com").status == "confirmed"


def test_checked_in_counts_as_attending(store, event):
    sample(store, event, "eventbrite_attendees.csv")
    assert by_email(store, "ben.carter@example.org").status == "confirmed"  # "Checked In", email trimmed


# One person per email -----------------------------------------------------------------------------

def test_a_later_submission_by_the_same_email_wins(store, event):
    result = sample(store, event, "eventbrite_attendees.csv")
    femi = by_email(store, "femi@example.com")  # rows 5 and 7: FEMI@ is the same person
    assert titles(store, femi) == [WORKSHOP_B] and femi.person.organisation == "Community Links"
    assert {"row": 5, "reason": "Answered again in row 7, which is later and is used instead."} in (
        result.as_json()["skipped"])
    assert len(by_name(store, "Femi Adeyemi")) == 1


def test_google_forms_double_submission_latest_timestamp_wins(store, event):
    sample(store, event, "google_forms.csv")
    grace = by_email(store, "grace@example.org")
    assert titles(store, grace) == [PLENARY, WORKSHOP_B]  # the 05/11 answer, not the 03/11 one


def test_latest_by_timestamp_not_by_row_order(store, event, tmp_path):
    path = csv_file(tmp_path, "Timestamp,Email Address,Full name,Organisation",
                    "12/10/2026 09:00:00,kit@example.org,Kit Lane,Later Org",
                    "05/10/2026 09:00:00,KIT@example.org,Kit Lane,Earlier Org")
    result = run_import(store, event.id, path)
    assert by_email(store, "kit@example.org").person.organisation == "Later Org"
    assert [s.row for s in result.skipped] == [3]


def test_an_email_already_known_is_that_person_and_updates_their_registration(store, event):
    known = register(store, event, "Ada Okafor", email="ADA.OKAFOR@example.org", phone="020 7946 0000")
    result = sample(store, event, "eventbrite_attendees.csv")
    ada = by_email(store, "ada.okafor@example.org")
    assert ada.id == known.registration.id and ada.person.id == known.registration.person.id
    assert ada.person.phone == "07700 900101" and titles(store, ada) == [PLENARY, WORKSHOP_A]
    assert (result.created, result.updated) == (4, 1)


def test_a_person_known_from_another_event_is_not_created_twice(store, event):
    other = conference(store, "Last year")
    earlier = register(store, other, "Gill Moss", email="gill.moss@example.org")
    sample(store, event, "eventbrite_attendees.csv")
    assert by_email(store, "gill.moss@example.org").person.id == earlier.registration.person.id


@pytest.mark.parametrize("name", list(SAMPLES))
def test_importing_the_same_file_twice_changes_nothing(store, event, name):
    first = sample(store, event, name)
    again = sample(store, event, name)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == first.created + first.updated
    assert again.problems == first.problems


def test_a_changed_answer_updates_only_that_person(store, event, tmp_path):
    header = "Timestamp,Email Address,Full name,Organisation"
    run_import(store, event.id, csv_file(tmp_path, header, "01/10/2026 09:00:00,a@example.org,Al Able,One",
                                         "01/10/2026 09:01:00,b@example.org,Bea Bee,Two"))
    result = run_import(store, event.id, csv_file(
        tmp_path, header, "01/10/2026 09:00:00,a@example.org,Al Able,One",
        "01/10/2026 09:01:00,b@example.org,Bea Bee,Three"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert [p.action for p in result.planned] == ["unchanged", "update"]


# People without an email --------------------------------------------------------------------------

def test_no_email_matched_on_same_name_and_phone_only(store, event):
    other = conference(store, "Last year")
    renee = register(store, other, "Renée Dubois", email=None, phone="+44 7700 900403")
    result = sample(store, event, "excel_windows1252.csv", maps=["Delegate=name", "Tel=phone"])
    assert [r.person.id for r in by_name(store, "Renée Dubois")] == [renee.registration.person.id] * 2
    assert result.possible_duplicates == []


def test_no_email_and_another_phone_is_created_and_listed_as_a_possible_duplicate(store, event):
    other = conference(store, "Last year")
    known = register(store, other, "Renée Dubois", email=None, phone="07700 900999")
    result = sample(store, event, "excel_windows1252.csv", maps=["Delegate=name", "Tel=phone"])
    people = {r.person.id for r in by_name(store, "Renée Dubois")}
    assert len(people) == 2
    [duplicate] = result.possible_duplicates
    assert (duplicate.row, duplicate.name) == (4, "Renée Dubois")
    assert f"person {known.registration.person.id}" in duplicate.like


def test_pretix_second_attendee_is_their_own_person_without_the_buyers_email(store, event):
    sample(store, event, "pretix_positions.csv")
    kemi = by_email(store, "kemi.bello@example.org")
    assert kemi.name == "Kemi Bello" and kemi.person.phone == "+447700900301"  # the ' removed
    [lewis] = by_name(store, "Lewis Grant")
    assert lewis.person.email is None and lewis.person.phone is None and lewis.person.id != kemi.person.id
    olu = by_email(store, "olu@example.com")
    assert olu.person.organisation == "=Equal Minds"  # pretix's ' removed; = kept as plain text


def test_an_anonymous_microsoft_forms_answer_is_a_row_problem(store, event):
    result = sample(store, event, "ms_forms.xlsx")
    assert result.as_json()["problems"] == [{
        "row": 3, "column": "Name2",
        "message": "No name: an anonymous answer cannot be registered. Add the name, or leave the row out."}]
    [tom] = by_name(store, "Tom Price")  # anonymous, but named in the form: no email
    assert tom.person.email is None
    assert by_email(store, "sana.iqbal@example.org").name == "Sana Iqbal"  # Name2, not the account's
    assert titles(store, by_email(store, "sana.iqbal@example.org")) == [PLENARY, WORKSHOP_A]  # "A;B;"


# Cells as typed -----------------------------------------------------------------------------------

def test_a_cell_starting_with_equals_stays_plain_text(store, event):
    sample(store, event, "eventbrite_attendees.csv")
    hal = by_email(store, "hal@example.org")
    assert (hal.name, hal.person.organisation) == ("Hal", "=Sheffield Flourish")  # no last name: allowed


def test_formula_text_and_the_exporters_quote(store, event, tmp_path):
    path = csv_file(tmp_path, "Name,Email,Organisation,Phone",
                    "=HYPERLINK(\"x\"),f@example.org,'=SUM(A1),'+447700900111",
                    "'t Hooft,t@example.org,'@home,07700 900112")
    run_import(store, event.id, path)
    first = by_email(store, "f@example.org").person
    assert (first.name, first.organisation, first.phone) == ('=HYPERLINK("x")', "=SUM(A1)", "+447700900111")
    second = by_email(store, "t@example.org").person
    assert (second.name, second.organisation) == ("'t Hooft", "@home")  # only the exporter's ' goes


# Health answers and consent -----------------------------------------------------------------------

def test_without_consent_access_and_dietary_answers_are_dropped_and_counted(store, event):
    result = sample(store, event, "eventbrite_attendees.csv")
    assert result.health_data_dropped == 3  # Ada, Gill, Femi
    ada = by_email(store, "ada.okafor@example.org")
    assert (ada.access, ada.dietary, ada.access_notes, ada.consent_at) == ((), None, None, None)
    assert ada.roles == ("expert_by_experience", "speaker")  # roles are not health answers


def test_consented_keeps_them_matched_to_the_catalogue_and_records_the_notice(store, event):
    result = sample(store, event, "eventbrite_attendees.csv", consented="Booking form privacy notice v3")
    assert result.health_data_dropped == 0
    ada = by_email(store, "ada.okafor@example.org")
    assert dict(ada.access) == {"wheelchair_space": None, "hearing_loop": None, "diet_vegetarian": None}
    assert ada.access_notes == "Wheelchair space; Hearing loop" and ada.dietary == "Vegetarian"
    assert ada.consent_version == "Booking form privacy notice v3" and ada.consent_at
    gill = by_email(store, "gill.moss@example.org")
    assert {"bsl", "quiet_room", "diet_gluten_free", "allergy"} <= {code for code, _ in gill.access}
    assert gill.access_notes == "BSL interpreter; Other: a quiet space at lunch"  # the whole answer
    assert dict(gill.access)["allergy"] == "Gluten-free, no nuts please (allergy)"
    assert gill.roles == ("lived_experience_researcher",)
    assert gill.role_notes == "Trustee of a user-led group"
    assert dict(by_email(store, "femi@example.com").access) == {"large_print": "18pt"}
    assert {"Keep a wheelchair space", "Seat inside the hearing loop"} <= set(checkin.attention(store, ada))


def test_a_consent_column_keeps_answers_for_the_rows_that_say_yes(store, event):
    result = sample(store, event, "google_forms.csv")
    grace = by_email(store, "grace@example.org")  # said yes
    assert dict(grace.access) == {"hearing_loop": None, "diet_vegan": None}
    assert grace.consent_version.startswith("Form question: I consent to the Centre keeping")
    harun = by_email(store, "harun@example.com")  # said no: his walking frame is not kept
    assert (harun.access, harun.access_notes, harun.consent_at) == ((), None, None)
    assert result.health_data_dropped == 1


def test_answers_without_consent_leave_a_consented_registration_as_it_was(store, event):
    register(store, event, "Ada Okafor", email="ada.okafor@example.org", consent=True,
             access=["bsl"], access_notes="Interpreter on the left")
    sample(store, event, "eventbrite_attendees.csv")
    ada = by_email(store, "ada.okafor@example.org")
    assert dict(ada.access) == {"bsl": None} and ada.access_notes == "Interpreter on the left"
    assert ada.consent_version == registrations.PRIVACY_NOTICE_VERSION


# Roles and sessions -------------------------------------------------------------------------------

def test_roles_matched_others_kept_as_role_notes(store, event):
    sample(store, event, "google_forms.csv", consented="Form v2")
    assert by_email(store, "grace@example.org").roles == ("carer", "peer_worker")
    assert by_email(store, "harun@example.com").role_notes.startswith("Trustee of a user-led group")
    assert by_email(store, "jess@example.org").roles == ("academic", "lived_experience_researcher")


def test_sessions_with_commas_grid_rows_and_other_answers(store, event):
    result = sample(store, event, "google_forms.csv", consented="Form v2")
    harun = by_email(store, "harun@example.com")
    assert titles(store, harun) == [WORKSHOP_B]
    assert "Session wanted: A session on benefits advice" in harun.role_notes
    [problem] = result.problems
    assert (problem.row, problem.column) == (5, "Which workshops would you like to attend?")
    assert "No session is called 'Workshop C: Arts and recovery'" in problem.message
    assert by_name(store, "Ivan Petrov") == []


def test_a_cancelled_session_is_a_row_problem(store, event, tmp_path):
    plenary = events.list_sessions(store, event.id)[0]
    events.cancel_session(store, event.id, plenary.id)
    result = run_import(store, event.id, csv_file(tmp_path, "Name,Email,Sessions",
                                                  f"Al Able,a@example.org,{PLENARY}"))
    assert result.problems[0].message == f"{PLENARY} is cancelled, so it cannot be booked."
    assert result.created == 0


def test_an_unknown_status_is_a_row_problem(store, event, tmp_path):
    path = csv_file(tmp_path, "Name,Email,Status", "Al Able,a@example.org,maybe",
                    "Bea Bee,b@example.org,paid")
    result = run_import(store, event.id, path)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Status")]
    assert result.created == 1


# Capacity, in the order people answered -----------------------------------------------------------

def test_capacity_and_waiting_list_follow_the_timestamps_day_first(store, tmp_path):
    event = conference(store, capacity=1)
    path = csv_file(tmp_path, "Timestamp,Email Address,Full name",
                    "05/11/2026 10:00:00,late@example.org,Lou Late",
                    "12/10/2026 09:00:00,early@example.org,Eve Early")  # 12 October, not 10 December
    result = run_import(store, event.id, path)
    assert by_email(store, "early@example.org").status == "confirmed"
    late = by_email(store, "late@example.org")
    assert (late.status, late.waitlist_position) == ("waitlisted", 1)
    assert result.waitlisted == 1


# Imported ticket codes ----------------------------------------------------------------------------

def test_a_pretix_secret_checks_in_at_the_desk(store, event):
    sample(store, event, "pretix_positions.csv")
    kemi = by_email(store, "kemi.bello@example.org")
    verdict = scan(store, event, "x4hqm8tfd2k9cyv3p7wznr6bjsa5eg2u", "2026-12-03 10:00")
    assert verdict.admitted and verdict.registration_id == kemi.id
    again = scan(store, event, "X4HQM8TFD2K9CYV3P7WZNR6BJSA5EG2U\n", "2026-12-03 10:05")  # Caps Lock on
    assert again.reason == checkin.ALREADY_CHECKED_IN
    assert scan(store, event, tickets.live_ticket(store, kemi.id).code, "2026-12-03 10:06").reason == (
        checkin.ALREADY_CHECKED_IN)  # our own code still works too


def test_reissuing_the_ticket_revokes_the_imported_code(store, event):
    sample(store, event, "pretix_positions.csv")
    [lewis] = by_name(store, "Lewis Grant")
    tickets.issue(store, lewis.id, reissue=True)
    verdict = scan(store, event, "n7rbd3kq9zt2wyvm5hcx8fg4ajp6se2u", "2026-12-03 10:00")
    assert (verdict.admitted, verdict.reason) == (False, checkin.REVOKED_CODE)
    assert sample(store, event, "pretix_positions.csv").created == 0  # and the code stays revoked
    assert len(by_name(store, "Lewis Grant")) == 1


def test_a_mapped_code_with_dashes_scans_as_printed(store, event):
    sample(store, event, "excel_windows1252.csv")
    verdict = scan(store, event, "ext 1001 zb", "2026-12-03 10:00")
    assert verdict.admitted and verdict.name == "Zoë Brontë"


def test_a_code_that_is_someone_elses_is_a_row_problem(store, event, tmp_path):
    path = csv_file(tmp_path, "Name,Email,Ticket code", "Al Able,a@example.org,SAME-CODE-1",
                    "Bea Bee,b@example.org,same-code-1", "Cy Sea,c@example.org,!!")
    result = run_import(store, event.id, path)
    assert [(p.row, p.message) for p in result.problems] == [
        (3, "'same-code-1' is already the code of row 2's person."),
        (4, "'!!' is not a ticket code: 6 to 64 letters and digits.")]
    assert result.created == 1


# One transaction, and a dry run -------------------------------------------------------------------

def test_rows_with_problems_are_left_out_and_the_rest_imported(store, event):
    result = sample(store, event, "google_forms.csv")
    assert result.created == 3 and [p.row for p in result.problems] == [5]
    assert by_name(store, "Ivan Petrov") == []


def test_a_dry_run_says_the_same_and_writes_nothing(store, event):
    dry = sample(store, event, "eventbrite_attendees.csv", dry_run=True)
    assert store.value("SELECT count(*) FROM people") == 0
    real = sample(store, event, "eventbrite_attendees.csv")
    assert dry.as_json() | {"dry_run": False} == real.as_json()
    assert dry.dry_run and dry.planned == real.planned


def test_json_keys_are_the_contract(store, event):
    assert list(sample(store, event, "pretix_positions.csv").as_json()) == [
        "format", "rows", "created", "updated", "unchanged", "skipped", "problems",
        "health_data_dropped", "dry_run"]


def test_progress_is_reported_to_the_end(store, event):
    seen: list[tuple[int, int]] = []
    sample(store, event, "eventbrite_attendees.csv", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)


def test_a_full_session_queues_the_later_answers(store, tmp_path):
    event = conference(store)
    small = events.add_session(store, event.id, "Small workshop", starts="3/12/2026 11:00", capacity=1)
    register(store, event, "Early Bird", sessions=[small.id])
    path = csv_file(tmp_path, "Timestamp,Email Address,Full name,Which workshop?",
                    "02/10/2026 09:00:00,b@example.org,Bea Bee,Small workshop",
                    "01/10/2026 09:00:00,a@example.org,Al Able,Small workshop")
    run_import(store, event.id, path)
    places = [(b.status, b.waitlist_position) for email in ("a@example.org", "b@example.org")
              for b in by_email(store, email).bookings]
    assert places == [("waitlisted", 1), ("waitlisted", 2)]  # Al answered first: first in the queue
    registrations.cancel(store, by_name(store, "Early Bird")[0].id)
    assert by_email(store, "a@example.org").bookings[0].status == "confirmed"
