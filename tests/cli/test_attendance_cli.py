"""`attendance` as an organiser reads it and as a script does (--json): door days, names per
session, the rule used, and a person counted only at the sessions that are theirs."""

from __future__ import annotations

import pytest


@pytest.fixture
def past_conference(cli):
    """A conference on 5 Nov 2026 (past): an open plenary and a workshop only Ann booked."""
    slug = cli.json("event", "add", "Autumn conference", "--kind", "conference",
                    "--starts", "5/11/2026 09:00", "--ends", "5/11/2026 17:00")["slug"]
    plenary = cli.json("session", "add", slug, "Plenary", "--starts", "5/11/2026 10:00",
                       "--ends", "5/11/2026 11:00")["id"]
    workshop = cli.json("session", "add", slug, "Workshop A", "--starts", "5/11/2026 14:00",
                        "--ends", "5/11/2026 15:00", "--booking-required")["id"]
    ann = cli.json("register", slug, "Ann Booked", "--session", str(workshop))["code"]
    ben = cli.json("register", slug, "Ben Late", "--email", "ben@example.org")["code"]
    cli.json("register", slug, "Dan Away", "--email", "dan@example.org")
    cli("checkin", slug, ann, "--at", "5/11/2026 09:45")
    cli("checkin", slug, ann, "--session", str(workshop), "--at", "5/11/2026 13:55")
    cli("checkin", slug, ann, "--session", str(workshop), "--exit", "--at", "5/11/2026 14:20")
    cli("checkin", slug, ben, "--at", "5/11/2026 10:30")
    return slug, plenary, workshop


def test_the_text_names_people_per_session_and_says_the_rule(cli, past_conference):
    slug, plenary, workshop = past_conference
    out = cli("attendance", slug).stdout
    assert "Thu 5 Nov 2026: 2 of 3 came" in out
    assert "did not come: Dan Away" in out
    plenary_part = out[out.index(f"session {plenary}:"):out.index(f"session {workshop}:")]
    assert "1 present, 1 late, 0 left early, 1 absent" in plenary_part
    assert "present: Ann Booked (in 09:45 at the door)" in plenary_part
    assert "late: Ben Late (in 10:30 at the door)" in plenary_part
    assert "absent: Dan Away" in plenary_part
    workshop_part = out[out.index(f"session {workshop}:"):out.index("Sessions per person")]
    assert "(1 expected: booked on it or scanned in)" in workshop_part
    assert "left early: Ann Booked (in 13:55, out 14:20)" in workshop_part
    assert "Ben" not in workshop_part and "Dan" not in workshop_part
    assert "Ben Late: attended 1 of 1 held, of 1 in all" in out  # not 1 of 2: no workshop
    assert "How this was counted:" in out and "let in by 10 minutes after the start" in out


def test_json_has_days_names_rule_and_both_eligibilities(cli, past_conference):
    slug, plenary, workshop = past_conference
    report = cli.json("attendance", slug)
    [day] = report["days"]
    assert (day["day"], day["expected"], day["came"], day["upcoming"]) == ("2026-11-05", 3, 2, False)
    assert [a["via"] for a in day["arrivals"]] == ["door", "door", None]
    sessions = {s["id"]: s for s in report["sessions"]}
    assert sessions[plenary]["names"] == {"present": ["Ann Booked"], "late": ["Ben Late"],
                                          "left_early": [], "absent": ["Dan Away"]}
    assert sessions[workshop]["counts_booked_only"] and sessions[workshop]["expected"] == 1
    assert [m["name"] for m in sessions[workshop]["marks"]] == ["Ann Booked"]
    assert report["rule"]["certificate_ratio"] == 0.8 and report["rule"]["text"]
    series = {r["name"]: r for r in report["series"]}
    assert {n: (r["attended"], r["total"]) for n, r in series.items()} == {
        "Ann Booked": (2, 2), "Ben Late": (1, 1), "Dan Away": (0, 1)}
    assert series["Dan Away"]["eligible_so_far"] is False and series["Ben Late"]["eligible"] is True


def test_a_course_shows_eligibility_so_far_and_over_the_course(cli):
    slug = cli.json("event", "add", "Course", "--kind", "training", "--starts", "6/10/2026 10:00",
                    "--ends", "6/10/2026 12:00", "--repeat", "FREQ=WEEKLY;COUNT=20")["slug"]
    code = cli.json("register", slug, "Gil Scott")["code"]
    cli("checkin", slug, code, "--at", "6/10/2026 09:55")
    out = cli("attendance", slug).stdout
    assert "Course tally" in out
    line = next(line for line in out.splitlines() if line.strip().startswith("Gil Scott:"))
    assert "attended 1 of" in line and "of 20 in all (16 needed)" in line
    assert "not eligible so far; not eligible over the whole course" in line


def test_summary_counts_without_names_or_peoples_words(cli):
    slug = cli.json("event", "add", "Winter conference", "--kind", "conference", "--capacity", "10",
                    "--starts", "5/1/2027 09:00", "--ends", "5/1/2027 17:00")["slug"]
    workshop = cli.json("session", "add", slug, "Small room", "--starts", "5/1/2027 14:00",
                        "--ends", "5/1/2027 15:00", "--capacity", "1", "--booking-required")["id"]
    tomasz = cli.json("register", slug, "Tomasz Nowak", "--consent", "--access", "bsl",
                      "--access", "diet_halal", "--access-notes", "Interpreter on the left",
                      "--dietary", "No mushrooms please", "--session", str(workshop))
    cli.json("register", slug, "Lena Nowak", "--email", "lena@example.org",
             "--pa-for", str(tomasz["registration_id"]))
    out = cli("summary", slug).stdout
    assert "Registered: 1 of 10 places taken, 1 PAs or supporters with them; 0 waiting" in out
    assert "Small room" in out and "1 of 1 booked, 2 in the room with PAs, 0 waiting" in out
    assert "Catering: 2 people (PAs included)" in out and "  Halal: 1" in out
    assert "Dietary notes in people's own words: 1" in out
    assert "BSL interpreter (book 14+ days ahead): 1  (BSL interpreter in sightline)" in out
    assert "Small room: with PAs, 2 people for a room of 1." in out
    for private in ("Tomasz", "Lena", "mushrooms", "Interpreter on the left"):
        assert private not in out
    report = cli.json("summary", slug)
    assert (report["confirmed"], report["pas"], report["waitlisted"]) == (1, 1, 0)
    assert [(s["places_taken"], s["people"]) for s in report["sessions"]] == [(1, 2)]
    assert report["catering"]["diets"] == [
        {"code": "diet_halal", "label": "Halal", "count": 1, "action": "Halal meal"}]
    assert [a["code"] for a in report["access"]] == ["bsl"]
    assert report["warnings"] == ["Small room: with PAs, 2 people for a room of 1."]
    text = str(report)
    assert "Tomasz" not in text and "mushrooms" not in text and "left" not in text
