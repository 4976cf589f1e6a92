-- When a ticket was emailed and the mail server accepted it (NULL: not sent). A reissued ticket
-- is a new row, so it counts as unsent until it is sent in its turn.
ALTER TABLE tickets ADD COLUMN sent_at TEXT;
