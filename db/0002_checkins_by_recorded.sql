-- The desk's live list and undo read the newest check-ins of an event, in the order they were
-- recorded: without this index SQLite sorted every check-in of the event on each refresh.
CREATE INDEX checkins_recorded ON checkins(event_id, recorded_at);
