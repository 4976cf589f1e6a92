-- Badge codes (issue 12): a badge's QR carries its own code, not the ticket's, so a photo of a
-- worn badge cannot get someone else in. A badge code lets its person back in (re-entry, a
-- session) only after they were admitted at the door that day with their ticket; never a first
-- admission, never at a kiosk. One per registration, issued when its badge is first printed.
-- Badges printed before this carry the ticket code, and keep working as tickets.
CREATE TABLE badge_codes (
    registration_id INTEGER PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,               -- "BD" and 20 Crockford base32 characters
    issued_at TEXT NOT NULL,
    revoked_at TEXT                          -- set when the badge no longer counts (an erasure)
);
