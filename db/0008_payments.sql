-- Involvement payments and expenses (issue 11): the Centre pays experts by experience for their
-- time, if they choose, and covers their expenses so nobody is out of pocket. Amounts are whole
-- pence. Bank details are never stored: there is no column for them, and payments name only how
-- (bank transfer, voucher, cash on the day) and by whom.

-- The event's rate for an involvement fee: so many pence per hour, half day or day.
ALTER TABLE events ADD COLUMN rate_pence INTEGER CHECK (rate_pence IS NULL OR rate_pence >= 0);
ALTER TABLE events ADD COLUMN rate_per TEXT CHECK (rate_per IS NULL OR rate_per IN ('hour', 'half_day', 'day'));

-- The person's choice; NULL: not asked yet.
ALTER TABLE registrations ADD COLUMN payment_choice TEXT
    CHECK (payment_choice IS NULL OR payment_choice IN ('fee', 'voucher', 'expenses', 'declined'));

CREATE TABLE expenses (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    kind TEXT NOT NULL CHECK (kind IN ('travel', 'pa_travel', 'subsistence', 'care_cover', 'other')),
    receipt INTEGER NOT NULL DEFAULT 0,
    claimed_at TEXT NOT NULL
);
CREATE INDEX expenses_registration ON expenses(registration_id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    paid_at TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('bank', 'voucher', 'cash')),
    paid_by TEXT                             -- who paid it (staff name), never an account
);
CREATE INDEX payments_registration ON payments(registration_id);
