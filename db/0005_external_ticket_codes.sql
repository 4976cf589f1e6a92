-- Codes on tickets people already hold from another tool (a pretix ticket secret, an Eventbrite
-- barcode), each one more code that admits its registration. `code` is stored as a scan of it
-- is looked up (trimmed, separators dropped, upper case), so a scanner typing it with Caps Lock
-- on still finds it. Reissuing the registration's ticket revokes these too.
CREATE TABLE external_codes (
    code TEXT PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    source TEXT NOT NULL,                    -- the tool it came from: pretix, eventbrite, csv, ...
    added_at TEXT NOT NULL,
    revoked_at TEXT
) WITHOUT ROWID;
CREATE INDEX external_codes_registration ON external_codes(registration_id);
