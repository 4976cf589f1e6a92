-- What a forced check-in of a waitlisted person changed: the queue places it took them (the
-- check-in's registration) out of: the event's (session_id NULL) and each session booking it
-- confirmed, so that undoing the check-in can put them back where they were.
CREATE TABLE checkin_promotions (
    checkin_id TEXT NOT NULL REFERENCES checkins(id),
    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    waitlisted_at TEXT NOT NULL
);
CREATE INDEX checkin_promotions_checkin ON checkin_promotions(checkin_id);
