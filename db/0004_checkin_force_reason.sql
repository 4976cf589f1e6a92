-- Why staff let someone in by override ("Speaker's guest"), in their words: NULL for a check-in
-- that was not forced, and for one forced without a reason (the CLI's --force alone, and check-ins
-- recorded before this). Like the rest of a check-in's verdict it is never rewritten.
ALTER TABLE checkins ADD COLUMN force_reason TEXT;

DROP TRIGGER checkins_no_rewrite;
CREATE TRIGGER checkins_no_rewrite BEFORE UPDATE ON checkins
WHEN new.id IS NOT old.id OR new.at IS NOT old.at OR new.reason IS NOT old.reason
  OR new.success IS NOT old.success OR new.forced IS NOT old.forced
  OR new.force_reason IS NOT old.force_reason
  OR new.direction IS NOT old.direction
  OR (old.annulled_at IS NOT NULL AND new.annulled_at IS NOT old.annulled_at)
BEGIN
    SELECT RAISE(ABORT, 'the check-in log is append-only: annul a row instead');
END;
