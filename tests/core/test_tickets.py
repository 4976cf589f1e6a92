"""Ticket codes: format, randomness, reissue, input normalisation, and fuzzed scanner input."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod_events.core import checkin, tickets

from conftest import conference, london, register

CROCKFORD = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")  # digits and A-Z without I L O U
DOOR_OPEN = london("2026-12-03 10:00")


# --- the code itself ---------------------------------------------------------------------


def test_a_registration_gets_a_26_character_crockford_code(store):
    result = register(store, conference(store), "Ada Lovelace")
    assert CROCKFORD.match(result.code), result.code
    assert len(result.code) == 26
    assert not set(result.code) & set("ILOU")
    assert result.code == result.code.upper()


def test_issuing_again_without_reissue_keeps_the_live_code(store):
    result = register(store, conference(store), "Ada Lovelace")
    assert tickets.issue(store, result.registration.id).code == result.code
    assert tickets.live_ticket(store, result.registration.id).code == result.code


def test_codes_are_unique_across_registrations(store):
    event = conference(store)
    codes = [register(store, event, f"Person {n}", email=f"p{n}@example.org").code for n in range(60)]
    assert len(set(codes)) == 60
    assert all(CROCKFORD.match(code) for code in codes)


def test_codes_carry_at_least_100_random_bits():
    """Every one of the 26 positions takes (nearly) all 32 symbols, and no code repeats:
    26 x 5 = 130 bits, far from any fixed prefix, checksum or counter."""
    codes = [tickets.new_code() for _ in range(3000)]
    assert len(set(codes)) == len(codes)
    assert all(CROCKFORD.match(code) for code in codes)
    for position in range(26):
        symbols = Counter(code[position] for code in codes)
        assert len(symbols) >= 30, (position, symbols)
        assert max(symbols.values()) < 3000 * 0.08, (position, symbols)  # about uniform (1/32 each)
    overall = Counter("".join(codes))
    assert set(overall) == set(tickets.ALPHABET)


def test_a_code_holds_no_personal_data(store):
    event = conference(store)
    a = register(store, event, "Zebedee Quixote", email="zebedee.quixote@example.org",
                 phone="07700900123")
    b = register(store, event, "Zebedee Quixote", email="zq2@example.org")
    for code in (a.code, b.code):
        for personal in ("ZEBEDEE", "QUIXOTE", "EXAMPLE", "07700900123", str(a.registration.id).zfill(4)):
            assert personal not in code
    assert a.code != b.code
    ticket = tickets.find(store, a.code)
    assert ticket.registration_id == a.registration.id


def test_reissue_revokes_the_old_code(store):
    event = conference(store)
    result = register(store, event, "Ada Lovelace")
    new = tickets.issue(store, result.registration.id, reissue=True)
    assert new.code != result.code and CROCKFORD.match(new.code)
    assert tickets.live_ticket(store, result.registration.id).code == new.code
    assert tickets.find(store, result.code).revoked_at is not None
    old_scan = checkin.check_in(store, event.id, result.code, at=DOOR_OPEN)
    assert (old_scan.admitted, old_scan.reason) == (False, "revoked_code")
    assert old_scan.name == "Ada Lovelace"
    new_scan = checkin.check_in(store, event.id, new.code, at=DOOR_OPEN)
    assert (new_scan.admitted, new_scan.reason) == (True, "ok")


def test_grouped_form_is_read_back_as_the_code():
    code = tickets.new_code()
    assert tickets.normalise(tickets.grouped(code)) == code


# --- normalising what was typed or scanned --------------------------------------------------------


SAMPLE = "0123456789ABCDEFGHJKMNPQRS"  # every kind of character, 26 long


@pytest.mark.parametrize("typed", [
    SAMPLE,
    SAMPLE.lower(),
    f"  {SAMPLE}  ",
    f"{SAMPLE}\n",
    f"\t{SAMPLE}\r\n",
    "01234-56789-ABCDE-FGHJK-MNPQRS",
    "01234 56789 ABCDE FGHJK MNPQRS",
    "0-1-2-3-4-5-6-7-8-9-A-B-C-D-E-F-G-H-J-K-M-N-P-Q-R-S",
    "O123456789ABCDEFGHJKMNPQRS",   # O read as 0
    "oI23456789ABCDEFGHJKMNPQRS",   # o and I
    "0L23456789ABCDEFGHJKMNPQRS",   # L read as 1
    "0l23456789abcdefghjkmnpqrs",   # l read as 1, all lower case
    "Oi23456789ABCDEFGHJKMNPQRS",
    f"CE{SAMPLE}",
    f"CE-{SAMPLE}",
    f"ce {SAMPLE.lower()}",
    "CE-01234-56789-ABCDE-FGHJK-MNPQRS",
])
def test_typed_or_scanned_forms_normalise_to_the_code(typed):
    assert tickets.normalise(typed) == SAMPLE


@pytest.mark.parametrize("typed", [
    "", "   ", "ABC", SAMPLE[:-1], SAMPLE + "T", "U" + SAMPLE[1:], "!" + SAMPLE[1:],
    "XX" + SAMPLE, "CE" + SAMPLE[:-1], SAMPLE + " " * 200, "a" * 10_000,
])
def test_input_that_cannot_be_a_code_normalises_to_none(typed):
    assert tickets.normalise(typed) is None


def _code_with_confusables(store, registration_id, code):
    """Reissue until the code holds both a 0 and a 1 (so O/I/L really get exercised)."""
    for _ in range(300):
        if "0" in code and "1" in code:
            return code
        code = tickets.issue(store, registration_id, reissue=True).code
    pytest.fail("no code with both 0 and 1 in 300 reissues")


@pytest.mark.parametrize("variant", [
    lambda c: c.lower(),
    lambda c: f"  {tickets.grouped(c)}  ",
    lambda c: " ".join(c[i:i + 4] for i in range(0, 26, 4)),
    lambda c: "CE" + c,
    lambda c: "ce-" + tickets.grouped(c).lower(),
    lambda c: c.replace("0", "O").replace("1", "I"),
    lambda c: c.replace("0", "o").replace("1", "l"),
    lambda c: c.replace("1", "L") + "\n",
], ids=["lower", "grouped", "spaced", "prefix", "prefix-lower-grouped", "O-and-I", "o-and-l", "L-newline"])
def test_check_in_accepts_the_normalised_forms(store, variant):
    event = conference(store)
    result = register(store, event, "Ada Lovelace")
    code = _code_with_confusables(store, result.registration.id, result.code)
    verdict = checkin.check_in(store, event.id, variant(code), at=DOOR_OPEN)
    assert (verdict.admitted, verdict.reason) == (True, "ok")
    assert verdict.registration_id == result.registration.id


# --- fuzzing scanner input ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_desk(tmp_path_factory):
    from coprod_events.core.store import Store

    with Store(tmp_path_factory.mktemp("fuzz") / "fuzz.db") as opened:
        event = conference(opened, "Fuzz conference")
        register(opened, event, "Ada Lovelace")
        yield opened, event


ESCAPES = st.sampled_from([
    "\x1b[2J", "\x1b]0;pwned\x07", "\x1b[31mred\x1b[0m", "\x00", "\x07", "\x08\x08\x08", "\r",
    "\u202e", "\u200b", "\ufeff", "\x9b1m", "\u2028", "%s%n", "'; DROP TABLE checkins; --", "{}",
    "\\x00", "\ud7ff", "\U0001f600",
])
NASTY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=300),
    st.lists(st.one_of(ESCAPES, st.text(max_size=5)), max_size=40).map("".join),
    st.text(alphabet=tickets.ALPHABET + "ILOUilou-CE ", min_size=20, max_size=40),
)


def _printable_log(text: str) -> bool:
    return all(ch.isprintable() for ch in text)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(NASTY_TEXT)
def test_fuzzed_normalise_gives_a_code_or_none(text):
    code = tickets.normalise(text)
    if code is not None:
        assert CROCKFORD.match(code)
        assert tickets.normalise(code) == code
    sanitised = tickets.sanitise(text)
    assert len(sanitised) <= 128
    assert _printable_log(sanitised)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(NASTY_TEXT)
def test_fuzzed_check_in_input_is_an_unknown_code_logged_safely(fuzz_desk, text):
    store, event = fuzz_desk
    verdict = checkin.check_in(store, event.id, text, at=DOOR_OPEN, station="Desk 1")
    assert verdict.reason == "unknown_code"
    assert not verdict.admitted and not verdict.forced
    assert verdict.registration_id is None and verdict.name is None
    assert _printable_log(verdict.message)
    row = store.db["checkins"].get(verdict.checkin_id)
    assert row["reason"] == "unknown_code" and row["success"] == 0
    assert len(row["raw_input"]) <= 128
    assert _printable_log(row["raw_input"])
    assert "\x1b" not in row["raw_input"] and "\x00" not in row["raw_input"]
    again = checkin.replay(store, verdict.checkin_id)
    assert again.reason == "unknown_code" and again.replayed


def test_a_10_mb_scan_is_an_unknown_code_and_the_log_keeps_128_characters(store):
    event = conference(store)
    huge = ("\x1b[2J" + "A" * 97 + "\x00") * 100_000  # about 10 MB
    assert len(huge) >= 10_000_000
    verdict = checkin.check_in(store, event.id, huge, at=DOOR_OPEN)
    assert verdict.reason == "unknown_code" and not verdict.admitted
    raw = store.db["checkins"].get(verdict.checkin_id)["raw_input"]
    assert len(raw) == 128
    assert _printable_log(raw)
    assert "\x1b" not in raw


def test_a_valid_code_padded_to_10_mb_is_still_refused_quietly(store):
    event = conference(store)
    code = register(store, event, "Ada Lovelace").code
    verdict = checkin.check_in(store, event.id, code + " " * 10_000_000, at=DOOR_OPEN)
    assert verdict.reason == "unknown_code"
    assert len(store.db["checkins"].get(verdict.checkin_id)["raw_input"]) <= 128


def test_a_non_text_scan_is_an_unknown_code(store):
    event = conference(store)
    for value in (None, b"\x00\x01", 12345):
        verdict = checkin.check_in(store, event.id, value, at=DOOR_OPEN)
        assert verdict.reason == "unknown_code"


def test_control_characters_around_a_real_code_are_logged_sanitised(store):
    event = conference(store)
    code = register(store, event, "Ada Lovelace").code
    verdict = checkin.check_in(store, event.id, f"\x1b[0m{code}\x07", at=DOOR_OPEN)
    assert verdict.reason == "unknown_code"  # "[0m" of the escape sequence is printable: not a code
    raw = store.db["checkins"].get(verdict.checkin_id)["raw_input"]
    assert _printable_log(raw) and code in raw
