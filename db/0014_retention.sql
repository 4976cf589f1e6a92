-- Retention (issue 12): how long an event's health data (access needs and notes, dietary, role
-- notes) is kept after it ends, when it differs from the setting (NULL: the setting, 30 days);
-- and when a person was anonymised (past the inactivity limit) or erased at their request, so a
-- purge leaves them alone and their registrations stay as anonymous rows for the counts.
ALTER TABLE events ADD COLUMN health_retention_days INTEGER
    CHECK (health_retention_days IS NULL OR health_retention_days >= 0);
ALTER TABLE people ADD COLUMN anonymised_at TEXT;
