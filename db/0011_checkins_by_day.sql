-- The dashboard reads one day of an event's log once, then only the rows added since (by
-- rowid). That first read finds the day's rows here (through checkins_event it walked every
-- row of the event's log: 50,000 at a big conference).
CREATE INDEX checkins_day ON checkins(event_id, local_day);
-- Undone rows are few: counting a day's is how the dashboard notices an undo, on every refresh.
CREATE INDEX checkins_undone ON checkins(event_id, local_day) WHERE annulled_at IS NOT NULL;
