"""Sending tickets by email against a real SMTP server on 127.0.0.1: what arrives, what is marked
sent, and what a refused login, a refused address or a dropped connection leave behind."""

from __future__ import annotations

import io
from email import message_from_bytes, policy

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from coprod_events.core import events, registrations, ticket_content, tickets
from coprod_events.core.data import tickets as tickets_data
from coprod_events.core.errors import CoprodError, NotFound
from coprod_events.core.mailing import send, settings
from coprod_events.core.mailing.transport import SmtpTransport

from conftest import conference, five_staff_actions, register
from mail_server import PASSWORD, MailServer

PRIVATE = ("BSL", "Interpreter", "wheelchair", "Wheelchair", "evacuation", "large print", "Large print",
           "Halal", "Speaks at", "Expert", "expert", "Peer worker", "peer_worker", "supporter")


@pytest.fixture
def day(store):
    """A conference with a plenary and a booked workshop; Tomasz (needs, notes, a PA: Lena), Ada,
    one waiting, one cancelled, one without an email."""
    event = conference(store, venue="Ash Court Building", capacity=3)  # PAs take no place
    plenary = events.add_session(store, event.id, "Plenary: Why co-production?", room="Great Hall",
                                 starts="3/12/2026 09:30", ends="3/12/2026 11:00")
    workshop = events.add_session(store, event.id, "Workshop A: Peer support", room="Room 2",
                                  starts="3/12/2026 11:15", ends="3/12/2026 12:45", booking_required=True)
    tomasz = five_staff_actions(store, event).registration
    registrations.update_registration(
        store, tomasz.id, tomasz.name, email=tomasz.person.email, consent=True,
        access=["bsl", "wheelchair_space", "assisted_evacuation", ("large_print", "24pt")],
        access_notes="Interpreter on the left of the stage", role_notes="Speaks at the 14:00 panel",
        dietary="Halal", roles=["peer_worker"], sessions=[plenary.id, workshop.id])
    ada = register(store, event, "Ada Okafor", roles=["expert_by_experience"],
                   sessions=[workshop.id]).registration
    nomail = register(store, event, "Noor Post", email=None).registration
    gone = register(store, event, "Gina Gone").registration
    registrations.cancel(store, gone.id)
    waiting = register(store, event, "Wendy Wait").registration
    assert waiting.status == "waitlisted"
    return event, {"tomasz": tomasz, "ada": ada, "nomail": nomail, "gone": gone, "waiting": waiting}


def mail_settings(server: MailServer, **options) -> settings.MailSettings:
    return settings.MailSettings(settings.parse_server(server.url), "Events <events@example.org>",
                                 "020 7946 0000", **options)


def run(store, event, server: MailServer, *, password: str | None = PASSWORD, **options) -> send.Run:
    chosen = mail_settings(server)
    assert chosen.server is not None
    transport = SmtpTransport(chosen.server, "events@example.org", password)
    return send.send_tickets(store, event.id, settings=chosen, transport=transport, **options)


def qr_codes(part) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(part.get_content())))]


def readable(message) -> str:
    """Everything a person (or a mail client) can read in a message: the headers, every text
    part decoded, the file names, and the attached PDF's text. (The raw message's base64 is
    random letters, where "BSL" turns up by chance.)"""
    said = []
    for part in message.walk():
        said += [f"{name}: {value}" for name, value in part.items()]
        if part.get_content_maintype() == "text":
            said.append(part.get_content())
        elif part.get_content_type() == "application/pdf":
            said.append(pdf_text(part.get_content()))
    return "\n".join(said)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(data))


def test_every_confirmed_person_with_an_email_gets_their_ticket(store, day):
    event, people = day
    with MailServer() as server:
        done = run(store, event, server, password=None)
    outcomes = {r.registration_id: r.outcome for r in done.results}
    tomasz, ada = people["tomasz"], people["ada"]
    lena = registrations.pas_of(store, tomasz.id)[0].registration_id
    assert outcomes == {tomasz.id: "sent", ada.id: "sent", lena: "sent", people["nomail"].id: "skipped"}
    assert sorted(address for r in server.received for address in r.to) == sorted(
        [tomasz.person.email, ada.person.email, "lena.nowak@example.org"])
    for received in server.received:
        message = received.message
        (address,) = received.to
        reg_id = next(r.registration_id for r in done.results if r.email == address)
        live = tickets.live_ticket(store, reg_id).code
        assert message["Subject"] == f"Your ticket: {event.title}"
        assert message["From"] == "Events <events@example.org>"
        text, html = message.get_body(("plain",)), message.get_body(("html",))
        assert text is not None and html is not None and text is not html
        for body in (text.get_content(), html.get_content()):
            assert "Thursday 3 December 2026" in body and "Ash Court Building" in body
            assert tickets.grouped(live) in body and "020 7946 0000" in body and "reply to this email" in body
        (image,) = [part for part in message.walk() if part.get_content_type() == "image/png"]
        assert f"cid:{image['Content-ID'][1:-1]}" in html.get_content()
        assert qr_codes(image) == [live]
        (attachment,) = message.iter_attachments()
        assert attachment.get_content_type() == "application/pdf"
        assert tickets.grouped(live) in pdf_text(attachment.get_content())
        said = readable(message)
        assert not [word for word in PRIVATE if word in said], address
        assert address == "lena.nowak@example.org" or "Lena" not in said  # nor who their PA is
        assert tickets_data.recipients(store, event.id, [reg_id])[0].sent_at is not None


def test_the_ticket_lists_their_sessions_in_the_email_and_the_pdf(store, day):
    event, people = day
    with MailServer() as server:
        run(store, event, server)
    (tomasz,) = server.to(people["tomasz"].person.email)
    (ada,) = server.to(people["ada"].person.email)
    (lena,) = server.to("lena.nowak@example.org")
    for received, titles in ((tomasz, ["Plenary", "Workshop A"]), (ada, ["Workshop A"]),
                             (lena, ["Plenary", "Workshop A"])):  # a PA goes where they go
        message = received.message
        pdf = pdf_text(next(message.iter_attachments()).get_content())
        for body in (message.get_body(("plain",)).get_content(), pdf):
            assert "Your sessions" in body and all(title in body for title in titles)
            assert ("Plenary" in body) == ("Plenary" in titles)
        assert "Great Hall" in pdf or "Plenary" not in titles
        assert "11:15–12:45" in pdf and "Room 2" in pdf


def test_large_print_makes_the_ticket_large_without_saying_so(store, day):
    event, people = day
    with MailServer() as server:
        run(store, event, server)
    sizes = {}
    for who in ("tomasz", "ada"):
        message = server.to(people[who].person.email)[0].message
        document = pdfium.PdfDocument(next(message.iter_attachments()).get_content())
        pages = [page.get_textpage() for page in document]  # at 24pt the sessions may run on
        text = "\n".join(page.get_text_range() for page in pages)
        (page,) = [page for page in pages if "Workshop A" in page.get_text_range()]
        sizes[who] = pdfium.raw.FPDFText_GetFontSize(page.raw, page.get_text_range().index("Workshop A"))
        html = message.get_body(("html",)).get_content()
        assert ("font-size:24pt" in html) == (who == "tomasz")
        assert "large" not in text.lower() and "large" not in html.lower()
    assert sizes["tomasz"] >= 24 > sizes["ada"]


def test_a_second_run_of_only_unsent_sends_nothing_and_a_reissue_counts_as_unsent(store, day):
    event, people = day
    with MailServer() as server:
        first = run(store, event, server)
        again = run(store, event, server, only_unsent=True)
        assert len(server.received) == first.count("sent") == 3 and again.count("sent") == 0
        assert again.count("skipped") == 4
        assert sum("Already sent" in r.detail for r in again.results) == 3
        new = tickets.issue(store, people["ada"].id, reissue=True).code
        third = run(store, event, server, only_unsent=True)
    assert [(r.registration_id, r.outcome) for r in third.results if r.outcome == "sent"] == [
        (people["ada"].id, "sent")]
    assert qr_codes(next(p for p in server.received[-1].message.walk()
                         if p.get_content_type() == "image/png")) == [new]


def test_only_the_registrations_asked_for_and_why_the_others_are_not(store, day):
    event, people = day
    with MailServer() as server:
        done = run(store, event, server, to=[people["ada"].id, people["waiting"].id, people["gone"].id])
    assert [r.to for r in server.received] == [[people["ada"].person.email]]
    why = {r.registration_id: r.detail for r in done.results if r.outcome == "skipped"}
    assert "waiting list" in why[people["waiting"].id] and "Cancelled" in why[people["gone"].id]
    with pytest.raises(NotFound, match="No registration 999"):
        run(store, event, server, to=[999])


def test_a_refused_login_sends_nothing_and_marks_nothing(store, day):
    event, _ = day
    with MailServer(login=True) as server:
        refused = run(store, event, server, password="not the password")
        assert refused.stopped and "refused the login" in refused.stopped
        assert refused.count("failed") == 3 and not server.received
        assert all(r.sent_at is None for r in tickets_data.recipients(store, event.id))
        assert "not the password" not in repr(refused)
        done = run(store, event, server, only_unsent=True)
    assert done.count("sent") == 3 and len(server.received) == 3


def test_a_connection_dropped_for_good_mid_run_leaves_the_rest_unsent(store, day):
    event, _ = day
    with MailServer(drop_after=1) as server:
        stopped = run(store, event, server)
        assert stopped.stopped and "lost" in stopped.stopped
        assert [r.outcome for r in stopped.results if r.outcome != "skipped"] == ["sent", "failed", "failed"]
        unsent = [r.registration_id for r in tickets_data.recipients(store, event.id)
                  if r.status == "confirmed" and r.email and r.sent_at is None]
        assert len(server.received) == 1 and len(unsent) == 2
        server.drop_after = None  # the server is back
        done = run(store, event, server, only_unsent=True)
    assert sorted(r.registration_id for r in done.results if r.outcome == "sent") == sorted(unsent)
    assert len(server.received) == 3


def test_a_connection_dropped_once_is_made_again_and_nothing_is_sent_twice(store, day):
    event, _ = day
    with MailServer(drop_after=1, drop_times=1) as server:
        done = run(store, event, server)
    assert done.stopped is None and done.count("sent") == 3 and server.dropped == 1
    assert len({tuple(r.to) for r in server.received}) == len(server.received) == 3


def test_a_refused_address_is_that_persons_alone(store, day):
    event, people = day
    ada = people["ada"]
    with MailServer(refuse=frozenset({ada.person.email})) as server:
        done = run(store, event, server)
    (failed,) = [r for r in done.results if r.outcome == "failed"]
    assert failed.registration_id == ada.id
    assert "refused the address" in failed.detail and "550" in failed.detail
    assert done.count("sent") == 2 and done.stopped is None
    assert tickets_data.recipients(store, event.id, [ada.id])[0].sent_at is None


def test_eml_files_parse_back_and_are_not_marked_sent(store, day, tmp_path):
    event, people = day
    done = send.send_tickets(store, event.id, settings=settings.MailSettings(None, None, None),
                             eml_dir=tmp_path / "eml")
    files = sorted((tmp_path / "eml").glob("*.eml"))
    assert len(files) == done.count("written") == 3
    for path in files:
        assert path.stat().st_mode & 0o077 == 0
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
        assert next(message.iter_attachments()).get_content_type() == "application/pdf"
    assert all(r.sent_at is None for r in tickets_data.recipients(store, event.id))


def test_a_dry_run_says_who_and_sends_nothing(store, day):
    event, _ = day
    with MailServer() as server:
        done = run(store, event, server, dry_run=True)
    assert done.count("would send") == 3 and not server.received


def test_a_course_ticket_lists_every_date_with_the_cancelled_weeks(store):
    course = events.add_event(store, "Peer Support Foundations", kind="training", venue="Learning Centre",
                              starts="7/1/2027 14:00", ends="7/1/2027 16:30",
                              repeat="FREQ=WEEKLY;COUNT=4", except_dates=["21/1/2027"])
    week_2 = events.list_sessions(store, course.id)[1]
    events.cancel_session(store, course.id, week_2.id)
    jo = register(store, course, "Jo Taylor").registration
    lines = [line.text() for line in ticket_content.agenda(store, course, jo.id).lines]
    assert lines == ["Thu 7 Jan 2027, 14:00–16:30  Week 1",
                     "Thu 14 Jan 2027, 14:00–16:30  Week 2: CANCELLED",
                     "Thu 21 Jan 2027  No session: CANCELLED",
                     "Thu 28 Jan 2027, 14:00–16:30  Week 3"]
    assert ticket_content.agenda(store, course, jo.id).heading == "Course dates"


@pytest.mark.parametrize(("detail", "size"), [(None, 18), ("18pt", 18), ("24 point", 24), ("size 20", 20),
                                              ("huge", 18), ("8pt", 16), ("200", 36)])
def test_print_size_from_a_large_print_request(detail, size):
    assert ticket_content.print_size(detail) == size


def test_a_promotion_from_the_waiting_list_emails_the_ticket_only_when_turned_on(store, day, monkeypatch):
    event, people = day
    with MailServer(login=True) as server:
        monkeypatch.setenv(settings.ENV_PASSWORD, PASSWORD)
        settings.save(store, url=server.url, sender="events@example.org", contact=None, on_promotion=False)
        registrations.cancel(store, people["ada"].id)  # Wendy is given Ada's place
        assert not server.received
        assert registrations.get_registration(store, people["waiting"].id).status == "confirmed"
        another = register(store, event, "Walt Waiting").registration
        settings.save(store, url=server.url, sender="events@example.org", contact=None, on_promotion=True)
        registrations.cancel(store, people["tomasz"].id)  # and Lena with him: two places for Walt
    assert [r.to for r in server.received] == [["walt.waiting@example.org"]]
    assert tickets_data.recipients(store, event.id, [another.id])[0].sent_at is not None


def test_a_promotion_with_the_mail_server_down_still_promotes(store, day, monkeypatch):
    event, people = day
    with MailServer() as server:
        url = server.url
    settings.save(store, url=url, sender="events@example.org", contact=None, on_promotion=True)
    registrations.cancel(store, people["ada"].id)
    assert registrations.get_registration(store, people["waiting"].id).status == "confirmed"


@pytest.mark.parametrize(("url", "expected"), [
    ("smtps://desk@example.org@mail.example.org", "smtps://desk@example.org@mail.example.org:465"),
    ("smtp://desk@mail.example.org", "smtp://desk@mail.example.org:587"),
    ("smtp://relay.example.org", "smtp://relay.example.org:25"),
    ("SMTP://127.0.0.1:2525", "smtp://127.0.0.1:2525"),
])
def test_server_urls(url, expected):
    assert settings.parse_server(url).url == expected


@pytest.mark.parametrize("url", ["smtps://desk:hunter2@mail.example.org", "http://mail.example.org",
                                 "smtp://", "smtp://host:99999"])
def test_bad_server_urls_are_refused_without_echoing_a_password(url):
    with pytest.raises(CoprodError) as refused:
        settings.parse_server(url)
    assert "hunter2" not in str(refused.value)


def test_saved_settings_keep_no_password(store, day):
    with pytest.raises(CoprodError, match="password"):
        settings.save(store, url="smtps://a:pw@mail.example.org", sender=None, contact=None,
                      on_promotion=False)
    saved = settings.save(store, url="smtps://desk@mail.example.org", sender="Events <events@example.org>",
                          contact="Call 020 7946 0000", on_promotion=True)
    assert settings.saved(store) == saved
    assert settings.load(store, env={settings.ENV_URL: "smtp://127.0.0.1:2525"}).server.port == 2525
