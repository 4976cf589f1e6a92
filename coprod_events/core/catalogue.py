"""Access needs and roles people can choose, with the staff action each need implies.

We ask for the adjustment, never a diagnosis. Sources: Shaping Our Lives event guidelines,
SCIE, UK university event accessibility standards.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import CoprodError, quote
from .text import clean


@dataclass(frozen=True)
class AccessNeed:
    code: str
    label: str
    group: str
    action: str  # what staff do; {detail} is filled from the registration
    detail_prompt: str | None = None  # asked for when the need has a detail (size, language)
    evacuation: bool = False  # needs help in a fire evacuation


@dataclass(frozen=True)
class Role:
    code: str
    label: str


_ARRIVING = "Getting there and moving around"
_HEARING = "Hearing and communication"
_READING = "Sight, reading and information"
_WELLBEING = "Wellbeing and the room"
_SUPPORT = "Support"
_FOOD = "Food"
_OTHER = "Other"

ACCESS_NEEDS: tuple[AccessNeed, ...] = (
    AccessNeed("step_free", "Step-free route", _ARRIVING, "Use the step-free route"),
    AccessNeed("wheelchair_space", "Wheelchair space", _ARRIVING, "Keep a wheelchair space"),
    AccessNeed("seat_front_aisle", "Seat near the front or on an aisle", _ARRIVING,
               "Reserve a seat near the front or on an aisle"),
    AccessNeed("chair_with_arms", "Chair with a back or arms", _ARRIVING,
               "Provide a chair with a back and arms"),
    AccessNeed("parking", "Reserved or blue-badge parking", _ARRIVING, "Reserved parking booked"),
    AccessNeed("drop_off", "Drop-off point", _ARRIVING, "Meet at the drop-off point"),
    AccessNeed("accessible_toilet", "Accessible or Changing Places toilet", _ARRIVING,
               "Show the accessible toilet"),
    AccessNeed("lift", "Lift access", _ARRIVING, "Show the lift"),
    AccessNeed("assisted_evacuation", "Assisted evacuation", _ARRIVING,
               "Assisted evacuation: tell the fire marshal", evacuation=True),
    AccessNeed("bsl", "BSL interpreter (book 14+ days ahead)", _HEARING, "BSL interpreter in sightline"),
    AccessNeed("lip_speaker", "Lip speaker", _HEARING, "Lip speaker in sightline"),
    AccessNeed("captioning", "Live captioning / palantypist", _HEARING, "Seat with a view of the captions"),
    AccessNeed("hearing_loop", "Hearing loop", _HEARING, "Seat inside the hearing loop"),
    AccessNeed("large_print", "Large print", _READING, "Large-print materials: {detail}", "Print size"),
    AccessNeed("braille", "Braille", _READING, "Braille materials"),
    AccessNeed("audio_format", "Audio format", _READING, "Audio materials"),
    AccessNeed("electronic_copy", "Electronic copy in advance", _READING, "Electronic copy sent in advance"),
    AccessNeed("easy_read", "Easy Read", _READING, "Easy Read materials"),
    AccessNeed("plain_english", "Plain English", _READING, "Plain English materials"),
    AccessNeed("language_interpreter", "Interpreter for another language", _HEARING,
               "Interpreter: {detail}", "Which language"),
    AccessNeed("quiet_room", "Quiet / low-sensory room", _WELLBEING, "Show the quiet room"),
    AccessNeed("regular_breaks", "Regular breaks", _WELLBEING, "Regular breaks"),
    AccessNeed("leave_and_rejoin", "May leave and rejoin without explanation", _WELLBEING,
               "May leave and rejoin: no questions"),
    AccessNeed("scent_free", "Scent-free seating", _WELLBEING, "Scent-free seating"),
    AccessNeed("no_photography", "No photography of me", _WELLBEING, "No photos: give a no-photo lanyard"),
    AccessNeed("pa_attending", "PA or support worker attending", _SUPPORT, "PA or support worker attending"),
    AccessNeed("assistance_dog", "Assistance dog", _SUPPORT, "Assistance dog: water bowl and space"),
    AccessNeed("diet_vegetarian", "Vegetarian", _FOOD, "Vegetarian meal"),
    AccessNeed("diet_vegan", "Vegan", _FOOD, "Vegan meal"),
    AccessNeed("diet_halal", "Halal", _FOOD, "Halal meal"),
    AccessNeed("diet_kosher", "Kosher", _FOOD, "Kosher meal"),
    AccessNeed("diet_gluten_free", "Gluten-free", _FOOD, "Gluten-free meal"),
    AccessNeed("diet_dairy_free", "Dairy-free", _FOOD, "Dairy-free meal"),
    AccessNeed("allergy", "Allergy", _FOOD, "Allergy: {detail}", "Allergen and severity"),
    AccessNeed("gender_neutral_toilet", "Gender-neutral toilet", _OTHER, "Show the gender-neutral toilet"),
    AccessNeed("charging_point", "Charging point", _OTHER, "Seat near a charging point"),
    AccessNeed("contact_phone", "Contact me by phone", _OTHER, "Contact by phone"),
    AccessNeed("contact_email", "Contact me by email", _OTHER, "Contact by email"),
    AccessNeed("contact_post", "Contact me by post", _OTHER, "Contact by post"),
    AccessNeed("other", "Anything else", _OTHER, "Other adjustment: see notes", "What would help"),
)

ROLES: tuple[Role, ...] = (
    Role("expert_by_experience", "Expert by experience / service user / survivor"),
    Role("carer", "Carer or family member"),
    Role("peer_worker", "Peer worker"),
    Role("lived_experience_researcher", "Lived-experience researcher"),
    Role("professional", "Professional or practitioner"),
    Role("academic", "Academic or researcher"),
    Role("student", "Student"),
    Role("community", "Community or voluntary-sector member"),
    Role("speaker", "Speaker or facilitator"),
    Role("pa_supporter", "PA or supporter"),
    Role("staff", "Staff"),
)

NEEDS_BY_CODE = {need.code: need for need in ACCESS_NEEDS}
ROLES_BY_CODE = {role.code: role for role in ROLES}


def _normalise_code(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def parse_access(item: str | tuple[str, str | None]) -> tuple[str, str | None]:
    """`large_print=18pt` or ("large_print", "18pt") -> ("large_print", "18pt").
    Unknown codes are refused with the list of valid ones."""
    code, detail = item if isinstance(item, tuple) else (item.partition("=")[0], item.partition("=")[2])
    code = _normalise_code(code)
    if code not in NEEDS_BY_CODE:
        raise CoprodError(
            f"Unknown access need {quote(code)}. Known codes: {', '.join(NEEDS_BY_CODE)}."
        )
    return code, clean(detail, f"detail for {code}")


def parse_role(text: str) -> str:
    code = _normalise_code(text)
    if code not in ROLES_BY_CODE:
        raise CoprodError(f"Unknown role {quote(code)}. Known roles: {', '.join(ROLES_BY_CODE)}.")
    return code


def action_for(code: str, detail: str | None) -> str:
    """The staff action. Only needs whose action names a detail (size, language, allergen)
    show it: other details are free text, revealed at the desk on request."""
    need = NEEDS_BY_CODE[code]
    return need.action.format(detail=detail or "check the details")
