-- Why staff let someone in (force_reason) is free text about a person: an erasure at their
-- request clears it, as it clears the input scanned for them. The log stays append-only
-- otherwise: a reason may only be emptied, never written over.
DROP TRIGGER checkins_no_rewrite;
CREATE TRIGGER checkins_no_rewrite BEFORE UPDATE ON checkins
WHEN new.id IS NOT old.id OR new.at IS NOT old.at OR new.reason IS NOT old.reason
  OR new.success IS NOT old.success OR new.forced IS NOT old.forced
  OR (new.force_reason IS NOT old.force_reason AND new.force_reason IS NOT NULL)
  OR new.direction IS NOT old.direction
  OR (old.annulled_at IS NOT NULL AND new.annulled_at IS NOT old.annulled_at)
BEGIN
    SELECT RAISE(ABORT, 'the check-in log is append-only: annul a row instead');
END;
