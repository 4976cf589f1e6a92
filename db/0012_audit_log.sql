-- Who did what to whose personal data (issue 12): notes revealed at the desk, health data
-- exported or printed, consent changed, a purge, an erasure, a backup restored, the kiosk PIN
-- changed. "Who" is the station and the operating-system user. An entry names the person it was
-- about by id (kept after an erasure, when the person row holds nothing identifying) and says
-- what happened in words that never quote the data itself. Append-only, like the check-in log.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,                    -- revealed_notes, exported_health_data, consent, ...
    operator TEXT,                           -- the operating-system user (or --operator)
    station TEXT,                            -- the desk, or NULL from the command line
    person_id INTEGER,                       -- whom it was about, if one person
    event_id INTEGER,                        -- which event, if one
    detail TEXT                              -- what, without any of the data itself
);
CREATE INDEX audit_log_person ON audit_log(person_id, at);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
