"""The shared rules, named once: what the words the desk and the reports use mean in SQL.

Every query that counts places, people expected or people checked in builds on these, so the
words cannot drift apart again. Fragments use fixed table aliases: `r` registrations, `b`
bookings, `c` checkins.
"""

# A registration that holds its place at the event (not waitlisted, not cancelled).
CONFIRMED = "r.status = 'confirmed'"

# Confirmed and not a PA or supporter: PAs follow the person they support and take no place
# of their own (Shaping Our Lives guidance), at the event or at a session.
TAKES_A_PLACE = f"{CONFIRMED} AND r.pa_for_registration_id IS NULL"

# A booking that holds one of a session's places.
HOLDS_A_SESSION_PLACE = f"b.status = 'confirmed' AND {TAKES_A_PLACE}"

# A row of the check-in log that counts: the person was let through, and it was not undone.
COUNTS = "c.success AND c.annulled_at IS NULL"

# Checked in: a counting entry (at the door, or into a session).
CHECKED_IN = f"{COUNTS} AND c.direction = 'entry'"

# Expected at the door: everyone confirmed, PAs included (they come through the door too).
EXPECTED = CONFIRMED

# Expected at a session that needs booking: confirmed people with a confirmed booking there,
# and the confirmed PAs of those people. `?` is the session's id, given twice.
EXPECTED_AT_BOOKED_SESSION = f"""{CONFIRMED} AND (
    EXISTS (SELECT 1 FROM bookings b WHERE b.registration_id = r.id AND b.session_id = ?
            AND b.status = 'confirmed')
    OR EXISTS (SELECT 1 FROM bookings b WHERE b.registration_id = r.pa_for_registration_id
               AND b.session_id = ? AND b.status = 'confirmed'))"""


def expected(booked_session_id: int | None) -> tuple[str, list[int]]:
    """Who is expected at the door (None) or at a session that needs booking: the fragment,
    and the parameters it takes after the caller's own."""
    if booked_session_id is None:
        return EXPECTED, []
    return EXPECTED_AT_BOOKED_SESSION, [booked_session_id, booked_session_id]


# On site (for a fire roll call) is a rule over a day's log in order, not a fragment: see
# `checkins.on_site_today`: someone whose latest entry today has no later exit at the door.
