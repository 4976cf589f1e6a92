"""Reading what people answered: lists of choices, yes and no, statuses, and the catalogue's
access needs and roles named in their own words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import catalogue

# How each tool joins the choices of one multi-answer question.
SEPARATORS = {"eventbrite": "|", "google-forms": ",", "ms-forms": ";", "pretix": ",", "csv": None}
OTHER = re.compile(r"^other\s*:\s*", re.IGNORECASE)  # "Other: a quiet corner" (a form's free choice)

YES = frozenset({"yes", "y", "true", "1", "x", "✓", "✔", "checked", "ticked", "agree", "i agree",
                 "i consent", "consent", "on"})
NO = frozenset({"no", "n", "false", "0", "unchecked", "off"})
# What people write when they have nothing to ask for: no answer at all, not an access need.
NOTHING = frozenset({"none", "no", "n/a", "na", "nil", "nothing", "-", "no thanks", "none needed",
                     "not applicable", "no needs", "none thanks", "none, thanks", "no, thanks"})

# Status words: a place, not paid yet, or not coming (skipped, with the source's word).
REGISTER, PENDING, NOT_COMING = "register", "pending", "not coming"
_STATUSES = {
    REGISTER: {"attending", "checked in", "paid", "p", "confirmed", "registered", "complete",
               "completed", "approved", "going", "active", "booked"},
    PENDING: {"pending", "n", "unpaid", "awaiting payment", "reserved", "not paid", "approval pending"},
    NOT_COMING: {"not attending", "cancelled", "canceled", "c", "refunded", "deleted", "transferred",
                 "expired", "e", "declined", "withdrawn", "rejected", "not going", "no show"},
}


def status_of(word: str) -> str | None:
    """REGISTER, PENDING or NOT_COMING for a source's status word; None if not known."""
    folded = " ".join(word.casefold().replace("_", " ").split())
    return next((outcome for outcome, words in _STATUSES.items() if folded in words), None)


def is_yes(text: str) -> bool:
    folded = text.strip().casefold()
    return folded in YES or folded.startswith(("yes", "i agree", "i consent"))


def is_no(text: str) -> bool:
    return text.strip().casefold() in NO


def is_nothing(text: str) -> bool:
    return text.strip().casefold().rstrip(".") in NOTHING


def split(text: str, separator: str | None, known: Iterable[str] = ()) -> list[str]:
    """The choices in one cell. Commas may be inside a choice ("Workshop A: peer support, and
    after"), so a comma-joined list is read known choice by known choice, longest first; an
    "Other: ..." choice runs to the end (Google Forms puts it last)."""
    separator = separator or ("|" if "|" in text else ";" if ";" in text else ",")
    if separator != ",":
        return [piece.strip() for piece in text.split(separator) if piece.strip()]
    options = sorted({option.casefold() for option in known}, key=len, reverse=True)
    pieces, rest = [], text.strip()
    while rest:
        folded = rest.casefold()
        if OTHER.match(rest):
            pieces.append(rest)
            break
        length = next((len(option) for option in options if folded.startswith(option)
                       and folded[len(option):len(option) + 1] in ("", ",")), None)
        piece, rest = (rest[:length], rest[length + 1:]) if length else rest.partition(",")[::2]
        pieces.append(piece.strip())
        rest = rest.strip()
    return [piece for piece in pieces if piece]


def other(piece: str) -> str | None:
    """The free text of an "Other: ..." choice, or None for any other choice."""
    match = OTHER.match(piece)
    return piece[match.end():].strip() or None if match else None


# Access needs and diets, by the words people use for them ------------------------------------

_NEED_WORDS: dict[str, str] = {
    "step_free": r"step[- ]?free|no steps|\bramps?\b",
    "wheelchair_space": r"wheel ?chair",
    "seat_front_aisle": r"\baisle|near the front|front row",
    "chair_with_arms": r"chair with (a back|arms)|\barm ?rests?\b",
    "parking": r"\bparking|blue badge",
    "drop_off": r"drop[- ]?off",
    "accessible_toilet": r"accessible (toilet|loo|wc)|changing places",
    "lift": r"\blifts?\b|\belevator",
    "assisted_evacuation": r"evacuat|\bpeep\b",
    "bsl": r"\bbsl\b|british sign|sign language",
    "lip_speaker": r"lip ?speaker|lip ?read",
    "captioning": r"caption|palantyp|speech[- ]to[- ]text|\bstt\b",
    "hearing_loop": r"hearing loop|induction loop|\bloop\b",
    "large_print": r"large print|\bbig print",
    "braille": r"braille",
    "audio_format": r"\baudio\b",
    "electronic_copy": r"electronic cop|copy in advance|slides in advance|materials in advance",
    "easy_read": r"easy[- ]?read",
    "plain_english": r"plain english|plain language",
    "quiet_room": r"quiet (room|space|area)|low[- ]sensory|sensory room",
    "regular_breaks": r"\bbreaks\b",
    "leave_and_rejoin": r"leave and (re-?join|come back|return)|step out",
    "scent_free": r"scent|fragrance",
    "no_photography": r"no photo|not (be )?photographed|no pictures",
    "pa_attending": r"\bPA\b|personal assistant|support worker",
    "assistance_dog": r"assistance dog|guide dog|hearing dog",
    "diet_vegetarian": r"vegetarian|\bveggie",
    "diet_vegan": r"\bvegan",
    "diet_halal": r"\bhalal",
    "diet_kosher": r"\bkosher",
    "diet_gluten_free": r"gluten|coeliac|celiac",
    "diet_dairy_free": r"dairy|lactose",
    "allergy": r"allerg|anaphyla",
    "gender_neutral_toilet": r"gender[- ]neutral",
    "charging_point": r"charging",
}
_NEEDS = {code: re.compile(pattern, 0 if code == "pa_attending" else re.IGNORECASE)
          for code, pattern in _NEED_WORDS.items()}
# All of them in one pass (most answers name one need or none): which codes, then each checked.
_ANY_NEED = re.compile("|".join(f"(?:{pattern})" for pattern in _NEED_WORDS.values()) + "|interpret",
                       re.IGNORECASE)
_PRINT_SIZE = re.compile(r"\b(\d{2})\s*(?:pt|point)\b", re.IGNORECASE)


def needs_named(answer: str) -> dict[str, str | None]:
    """The catalogue needs an answer names, with a detail where the need has one (a print size,
    what someone is allergic to)."""
    found: dict[str, str | None] = {}
    if not _ANY_NEED.search(answer):
        return found
    for code, pattern in _NEEDS.items():
        if pattern.search(answer):
            found[code] = _detail(code, answer)
    if "bsl" not in found and re.search(r"interpret", answer, re.IGNORECASE):
        found["language_interpreter"] = None
    return found


def _detail(code: str, answer: str) -> str | None:
    if code == "large_print":
        size = _PRINT_SIZE.search(answer)
        return f"{size[1]}pt" if size else None
    if code == "allergy":
        return next((piece.strip() for piece in re.split(r"[;|\n]", answer)
                     if _NEEDS["allergy"].search(piece)), None)
    return None


# Roles ----------------------------------------------------------------------------------------

_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "expert_by_experience": ("service user", "survivor", "lived experience", "expert by experience",
                             "person with lived experience", "patient"),
    "carer": ("carer", "family member", "family carer", "parent carer", "family"),
    "peer_worker": ("peer worker", "peer support worker", "peer supporter", "peer support"),
    "lived_experience_researcher": ("peer researcher", "service user researcher",
                                    "lived experience researcher"),
    "professional": ("professional", "practitioner", "clinician", "health professional",
                     "social worker", "nurse", "psychiatrist", "psychologist", "commissioner"),
    "academic": ("academic", "researcher", "lecturer"),
    "student": ("student",),
    "community": ("community member", "voluntary sector", "charity", "community"),
    "speaker": ("speaker", "facilitator", "presenter"),
    "pa_supporter": ("pa", "supporter", "personal assistant", "support worker"),
    "staff": ("staff", "staff member"),
}


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


_ROLES: dict[str, str] = {
    _plain(word): code for code, words in _ROLE_WORDS.items() for word in words
} | {_plain(role.label): role.code for role in catalogue.ROLES} | {
    _plain(role.code): role.code for role in catalogue.ROLES}
ROLE_CHOICES = tuple(role.label for role in catalogue.ROLES) + tuple(
    word for words in _ROLE_WORDS.values() for word in words)


def role_of(piece: str) -> str | None:
    """The role a choice names, the whole of it ("Carer or family member", "Service user");
    None when it names none."""
    return _ROLES.get(_plain(piece))
