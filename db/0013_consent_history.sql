-- Consent to keep health data, as it changed (issue 12): each time a registration's consent was
-- given (and to which privacy notice) or withdrawn, when, and by whom. A registration's
-- consent_at / consent_version say where it stands now; this says how it got there.
CREATE TABLE consent_history (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    given INTEGER NOT NULL CHECK (given IN (0, 1)),  -- 1 given, 0 withdrawn
    notice_version TEXT,                     -- the notice consented to (or withdrawn from)
    operator TEXT,                           -- the operating-system user who recorded it
    station TEXT                             -- the desk, or NULL from the command line
);
CREATE INDEX consent_history_registration ON consent_history(registration_id, at);

-- Consent recorded before this table existed: its giving, as the registration holds it.
INSERT INTO consent_history (registration_id, at, given, notice_version)
SELECT id, consent_at, 1, consent_version FROM registrations WHERE consent_at IS NOT NULL;
