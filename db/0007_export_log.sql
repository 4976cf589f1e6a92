-- Every export written (issue 11), for the privacy work: who made it, when, what kind, of which
-- event, and how many rows, never any of the data itself. `health_data` marks the kinds that
-- hold access needs or dietary needs. Append-only, like the check-in log.
CREATE TABLE export_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT,                           -- --operator, else the login name
    event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
    event_slug TEXT NOT NULL,                -- kept when the event itself is deleted
    what TEXT NOT NULL,                      -- registrations, attendance, checkins, catering, ...
    format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    rows INTEGER NOT NULL,
    health_data INTEGER NOT NULL
);
CREATE INDEX export_log_event ON export_log(event_id, at);

CREATE TRIGGER export_log_no_delete BEFORE DELETE ON export_log
BEGIN
    SELECT RAISE(ABORT, 'the export log is append-only');
END;
CREATE TRIGGER export_log_no_rewrite BEFORE UPDATE ON export_log
WHEN new.event_id IS old.event_id OR new.event_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the export log is append-only');
END;
