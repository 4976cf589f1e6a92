"""What people type, checked once for the CLI and the app: text, emails, numbers, ASCII forms."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod_events.core import text
from coprod_events.core.errors import CoprodError

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
CONTROLS = "\x00\x07\x08\x1b\x7f\x9b"  # NUL, BEL, backspace, ESC, DEL, CSI
INVISIBLE = BIDI_CONTROLS + ZERO_WIDTH + "\u00ad\U000e0001\ue000"  # + soft hyphen, a tag, private use
# Text as a hostile paste brings it: anything (surrogates too: bytes that were not UTF-8), with
# more than its share of invisible characters.
hostile_text = st.text(
    st.one_of(st.characters(), st.sampled_from(INVISIBLE + CONTROLS + "\t\n\r \u00a0\u2028")), max_size=300)
FAST = settings(max_examples=200, deadline=None)


def is_other(ch: str) -> bool:
    """Unicode's category C: controls, format (bidi, zero-width), private use, unassigned."""
    return unicodedata.category(ch)[0] == "C"


# --- clean ---------------------------------------------------------------------------------


def test_an_escape_sequence_cannot_reach_the_terminal():
    assert text.clean("Title\x1b]0;pwned\x07", "title") == "Title ]0;pwned"
    assert text.clean("\x1b[2J\x1b[31mRed\x1b[0m", "title") == "[2J [31mRed [0m"


@pytest.mark.parametrize("control", list(CONTROLS))
def test_control_characters_count_as_spaces(control):
    assert text.clean(f"{control}Ada{control}Lovelace{control}", "name") == "Ada Lovelace"


@pytest.mark.parametrize("invisible", list(INVISIBLE))
def test_invisible_characters_are_removed_not_turned_into_spaces(invisible):
    assert text.clean(f"Ada{invisible} Love{invisible}lace", "name") == "Ada Lovelace"


def test_bidi_override_cannot_reverse_what_follows():
    assert text.clean("Invoice \u202egnp.exe", "title") == "Invoice gnp.exe"


def test_whitespace_of_every_kind_parts_words_and_folds_to_one_space():
    assert text.clean("  Ada\tLovelace\n\r\u00a0\u2028 Day\u3000 ", "title") == "Ada Lovelace Day"


def test_text_is_stored_composed_so_the_same_name_is_the_same_text():
    decomposed = "Zoe\u0308 Ni\u0301 Bhriain"
    assert text.clean(decomposed, "name") == "Zoë Ní Bhriain"
    assert text.clean(decomposed, "name") == text.clean("Zoë Ní Bhriain", "name")


@pytest.mark.parametrize("value", [None, "", "   ", "\u200b\u202e", "\x1b\x07", "\n\t"])
def test_nothing_visible_is_none(value):
    assert text.clean(value, "title") is None


def test_the_limit_counts_what_is_left_after_cleaning():
    assert text.clean("a" * 10 + "\u200b" * 10, "title", limit=10) == "a" * 10
    assert text.clean("a  " * 4, "title", limit=7) == "a a a a"
    with pytest.raises(CoprodError) as caught:
        text.clean("a" * 11, "access_notes", limit=10, key="access_notes")
    assert str(caught.value) == "The access notes is too long (11 characters; 10 at most)."
    assert caught.value.field == "access_notes"


def test_a_huge_paste_is_refused_before_it_is_read():
    # The surrogate at the end would be refused if the text were read: the length is checked first.
    paste = "x" * 10_000_000 + "\udcff"
    with pytest.raises(CoprodError, match=r"far too long \(10000001 characters; 200 at most\)") as caught:
        text.clean(paste, "title", key="title")
    assert caught.value.field == "title"


def test_bytes_that_were_not_utf8_are_refused_with_the_field_named():
    with pytest.raises(CoprodError, match="not UTF-8") as caught:
        text.clean("Zo\udceb", "name", key="name")  # "Zoë" typed in a Latin-1 terminal
    assert caught.value.field == "name"


def test_emoji_and_other_scripts_are_kept():
    for name in ("王秀英", "Đặng Thị Ngọc Thịnh", "محمد", "Ada 👩🏽", "❤️ club"):
        assert text.clean(name, "name") == name


@FAST
@given(hostile_text)
def test_clean_never_returns_an_invisible_character_and_is_idempotent(value):
    try:
        cleaned = text.clean(value, "title", limit=200)
    except CoprodError as error:
        assert "too long" in str(error) or "not UTF-8" in str(error)
        return
    if cleaned is None:
        return
    assert not any(is_other(ch) for ch in cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert all(ch == " " or not ch.isspace() for ch in cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert len(cleaned) <= 200
    assert text.clean(cleaned, "title") == cleaned


@FAST
@given(st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=60),
       st.lists(st.tuples(st.integers(0, 60), st.sampled_from(INVISIBLE)), max_size=10))
def test_invisible_characters_anywhere_change_nothing(visible, insertions):
    hostile = visible
    for at, ch in insertions:
        hostile = hostile[:at] + ch + hostile[at:]
    assert text.clean(hostile, "title") == text.clean(visible, "title")


@FAST
@given(st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=60),
       st.lists(st.tuples(st.integers(0, 60), st.sampled_from(CONTROLS)), max_size=10))
def test_control_characters_anywhere_are_spaces(visible, insertions):
    hostile = spaced = visible
    for at, ch in insertions:
        hostile, spaced = hostile[:at] + ch + hostile[at:], spaced[:at] + " " + spaced[at:]
    assert text.clean(hostile, "title") == text.clean(spaced, "title")


# --- quoting what was typed -------------------------------------------------------------------


def test_a_message_quotes_at_most_80_characters_escaped():
    assert text.quote("short") == "'short'"
    long = text.quote("x" * 10_000)
    assert long == repr("x" * 79 + "…") and len(long) == 82
    assert text.quote("a\x1b]0;b\u202e") == "'a\\x1b]0;b\\u202e'"


# --- emails ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [
    ("ada.o+desk@example.org", "ada.o+desk@example.org"),
    ("o'neil@uni.ac.uk", "o'neil@uni.ac.uk"),
    ("żaneta@przykład.pl", "żaneta@przykład.pl"),
    ("  Ada.Lovelace@Example.ORG ", "ada.lovelace@example.org"),
    ("ZANETA@PRZYKL\u0301AD.PL", "zaneta@przykĺad.pl"),  # composed, then lower-cased
])
def test_emails_that_look_like_emails_are_kept_lower_cased(typed, stored):
    assert text.clean_email(typed) == stored


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_no_email_is_none(typed):
    assert text.clean_email(typed) is None


@pytest.mark.parametrize(("typed", "reason"), [
    ("a@", "domain such as example.org"),
    ("@@", "exactly one @"),
    ("a@b@c", "exactly one @"),
    ("a b@c.d", "space"),
    ("a@b", "domain such as example.org"),
    ("@example.org", "nothing before the @"),
    ("ada.example.org", "exactly one @"),
    ("ada@example..org", "domain such as example.org"),
    ("ada@.example.org", "domain such as example.org"),
    ("ada@example.org.", "domain such as example.org"),
    ("ada@exa\u200bmple.org", "invisible"),
    ("ada@example.org\x1b]0;x\x07", "invisible"),
    ("ada,bo@example.org", "commas"),
    ("<ada@example.org>", "brackets"),
    ("a" * 250 + "@example.org", "254 at most"),
])
def test_what_is_not_an_email_is_refused_saying_why(typed, reason):
    with pytest.raises(CoprodError, match=re.escape(reason)) as caught:
        text.clean_email(typed)
    assert caught.value.field == "email"
    assert "does not look like an email address" in str(caught.value)


def test_an_email_message_quotes_at_most_80_characters():
    with pytest.raises(CoprodError) as caught:
        text.clean_email("x" * 300 + " @example.org")
    assert "x" * 79 + "…" in str(caught.value)
    assert "x" * 80 not in str(caught.value)


def test_an_absurdly_long_email_is_refused_unread():
    with pytest.raises(CoprodError, match="far too long") as caught:
        text.clean_email("a@example.org" * 1_000_000)
    assert caught.value.field == "email"


email_local = st.text("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789.+_'-żé", min_size=1, max_size=30)
email_label = st.text("abcdefghijklmnopqrstuvwxyz0123456789-ąłź", min_size=1, max_size=15)


@FAST
@given(email_local, st.lists(email_label, min_size=2, max_size=4))
def test_every_plain_address_is_accepted_lower_cased(local, labels):
    address = f"{local}@{'.'.join(labels)}"
    assert text.clean_email(address) == address.lower()


@FAST
@given(hostile_text)
def test_clean_email_returns_an_address_or_refuses_never_anything_else(value):
    try:
        address = text.clean_email(value)
    except CoprodError as error:
        assert error.field == "email"
        return
    if address is None:
        assert not value.strip()
        return
    local, domain = address.split("@")
    assert local and all(domain.split(".")) and "." in domain
    assert len(address) <= text.MAX_EMAIL and address == address.lower()
    assert not any(ch.isspace() or is_other(ch) for ch in address)


# --- whole numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "number"), [
    ("0", 0), ("120", 120), (" 1200 ", 1200), ("1,200", 1200), ("+5", 5), ("100000", 100_000), (7, 7)])
def test_whole_numbers_in_range_are_read(typed, number):
    assert text.whole_number(typed, "capacity", low=0, high=text.MAX_CAPACITY) == number


@pytest.mark.parametrize("typed", [
    "99999999999999999999", "100001", "-1", -1, 100_001, 10**30,
    "", "  ", "ten", "1.5", "1e3", "12,00", "1_000", "٣", "0x10", "1 000", True, False, 1.0, None])
def test_other_input_is_refused_naming_the_field_and_the_range(typed):
    with pytest.raises(CoprodError) as caught:
        text.whole_number(typed, "capacity", low=0, high=text.MAX_CAPACITY, key="capacity")
    assert str(caught.value).startswith("The capacity must be a whole number from 0 to 100,000")
    assert caught.value.field == "capacity"


def test_ids_run_up_to_sqlites_largest_integer():
    assert text.whole_number(str(2**63 - 1), "id", low=1, high=text.MAX_ID) == 2**63 - 1
    wanted = "The id must be a whole number from 1 to 9,223,372,036,854,775,807, not"
    for typed in (str(2**63), "0", "9" * 5000):
        with pytest.raises(CoprodError) as caught:
            text.whole_number(typed, "id", low=1, high=text.MAX_ID)
        assert str(caught.value).startswith(wanted)


def test_a_refused_number_is_quoted_at_most_80_characters():
    with pytest.raises(CoprodError) as caught:
        text.whole_number("1" * 1000, "capacity", low=0, high=10)
    assert "1" * 79 + "…" in str(caught.value) and "1" * 80 not in str(caught.value)


@FAST
@given(st.integers(-10**6, 10**6), st.booleans())
def test_whole_number_takes_exactly_the_range(number, as_text):
    typed: int | str = str(number) if as_text else number
    if 0 <= number <= text.MAX_CAPACITY:
        assert text.whole_number(typed, "capacity", low=0, high=text.MAX_CAPACITY) == number
    else:
        with pytest.raises(CoprodError):
            text.whole_number(typed, "capacity", low=0, high=text.MAX_CAPACITY)


@FAST
@given(hostile_text)
def test_whole_number_of_any_text_is_a_number_in_range_or_a_coprod_error(value):
    try:
        number = text.whole_number(value, "capacity", low=0, high=text.MAX_CAPACITY)
    except CoprodError:
        return
    assert 0 <= number <= text.MAX_CAPACITY


# --- ASCII forms: slugs and file names --------------------------------------------------------


@pytest.mark.parametrize(("typed", "folded"), [
    ("Café Évènement", "Cafe Evenement"),
    ("Łukasz Brzęczyszczykiewicz", "Lukasz Brzeczyszczykiewicz"),
    ("Søren Ærø", "Soren AEro"),
    ("Straße", "Strasse"),
    ("Þórunn Guðmundsdóttir", "THorunn Gudmundsdottir"),
    ("Œuvre cœur", "OEuvre coeur"),
    ("Đặng Thị", "Dang Thi"),
    ("Yıldız", "Yildiz"),
    ("ǿ", "o"),  # ø with an accent: NFKD takes the accent off, then the table does the rest
    ("ﬁne Ｆｕｌｌ", "fine Full"),  # compatibility forms
    ("王秀英 👋", " "),
])
def test_ascii_fold_spells_letters_out_and_drops_what_has_no_ascii_form(typed, folded):
    assert text.ascii_fold(typed) == folded


@pytest.mark.parametrize(("typed", "slug"), [
    ("Co-production Week: Lived Experience & Research", "co-production-week-lived-experience-research"),
    ("Café Évènement", "cafe-evenement"),
    ("Łódź workshop", "lodz-workshop"),
    ("Siobhán O'Sullivan", "siobhan-osullivan"),
    ("Women’s Health", "womens-health"),
    ("../../etc/passwd", "etc-passwd"),
    ("a/b\\c:d", "a-b-c-d"),
    ("王秀英", ""),
    ("  --  ", ""),
])
def test_slug_is_lower_case_ascii_words_joined_by_hyphens(typed, slug):
    assert text.slug(typed, 60) == slug


def test_slug_is_cut_to_the_limit_without_a_trailing_hyphen():
    assert text.slug("abc def ghi", 4) == "abc"
    assert text.slug("abc def ghi", 5) == "abc-d"


@FAST
@given(hostile_text, st.integers(1, 80))
def test_slug_is_always_safe_for_a_url_or_a_file_name(value, limit):
    assert text.ascii_fold(value).isascii()
    made = text.slug(value, limit)
    assert len(made) <= limit
    assert made == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", made)


@pytest.mark.parametrize("count, words, said", [
    (0, ("session",), "0 sessions"), (1, ("session",), "1 session"), (2, ("session",), "2 sessions"),
    (1, ("person", "people"), "1 person"), (1200, ("person", "people"), "1,200 people"),
])
def test_counts_are_said_with_the_right_plural(count, words, said):
    assert text.plural(count, *words) == said


def test_lists_are_said_with_and():
    assert [text.and_list(items) for items in (["A"], ["A", "B"], ["A", "B", "C"])] == [
        "A", "A and B", "A, B and C"]
