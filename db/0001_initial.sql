-- coprod-events schema, version 1.
-- Times are UTC ISO-8601 text ("2026-12-03T10:00:00.000000Z"), so text order is time order.

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('conference', 'training', 'workshop')),
    venue TEXT,
    tz TEXT NOT NULL DEFAULT 'Europe/London',
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    repeat_rule TEXT,
    except_dates TEXT,                       -- JSON list of ISO dates
    checkin_opens_minutes INTEGER NOT NULL DEFAULT 60,   -- before a session starts
    checkin_closes_minutes INTEGER NOT NULL DEFAULT 0,   -- after a session ends
    certificate_ratio REAL NOT NULL DEFAULT 0.8,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    room TEXT,
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    booking_required INTEGER NOT NULL DEFAULT 0,
    cancelled_at TEXT
);
CREATE INDEX sessions_event ON sessions(event_id, starts_at);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    preferred_name TEXT,
    pronouns TEXT,
    email TEXT,                              -- stored lower-case
    phone TEXT,
    organisation TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX people_email ON people(email) WHERE email IS NOT NULL;

-- Trigram full-text index over names and email, kept in step by triggers
-- (the layout sqlite-utils' enable_fts makes, so Table.search() finds it).
CREATE VIRTUAL TABLE people_fts USING FTS5 (
    name, preferred_name, email,
    tokenize='trigram', content=[people]
);
CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN
    INSERT INTO people_fts (rowid, name, preferred_name, email)
    VALUES (new.rowid, new.name, new.preferred_name, new.email);
END;
CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, name, preferred_name, email)
    VALUES ('delete', old.rowid, old.name, old.preferred_name, old.email);
END;
CREATE TRIGGER people_au AFTER UPDATE ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, name, preferred_name, email)
    VALUES ('delete', old.rowid, old.name, old.preferred_name, old.email);
    INSERT INTO people_fts (rowid, name, preferred_name, email)
    VALUES (new.rowid, new.name, new.preferred_name, new.email);
END;

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    waitlisted_at TEXT,                      -- queue order while waitlisted
    pa_for_registration_id INTEGER REFERENCES registrations(id) ON DELETE SET NULL,
    role_notes TEXT,
    access_notes TEXT,
    dietary TEXT,
    payment_eligible INTEGER NOT NULL DEFAULT 0,
    consent_at TEXT,
    consent_version TEXT,
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    UNIQUE (event_id, person_id)
);
CREATE INDEX registrations_status ON registrations(event_id, status, waitlisted_at);
CREATE INDEX registrations_pa ON registrations(pa_for_registration_id);

CREATE TABLE registration_roles (
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (registration_id, role)
);

CREATE TABLE registration_access (
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    detail TEXT,                             -- e.g. large print size, which language
    PRIMARY KEY (registration_id, code)
);

CREATE TABLE bookings (
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted')),
    waitlisted_at TEXT,
    PRIMARY KEY (registration_id, session_id)
);
CREATE INDEX bookings_session ON bookings(session_id, status, waitlisted_at);

CREATE TABLE tickets (
    code TEXT PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    issued_at TEXT NOT NULL,
    revoked_at TEXT
) WITHOUT ROWID;
CREATE UNIQUE INDEX tickets_live ON tickets(registration_id) WHERE revoked_at IS NULL;

-- Append-only: rows are annulled, never deleted or rewritten.
CREATE TABLE checkins (
    id TEXT PRIMARY KEY,                     -- also the idempotency key for replays
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    registration_id INTEGER REFERENCES registrations(id) ON DELETE SET NULL,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    direction TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
    at TEXT NOT NULL,
    local_day TEXT NOT NULL,                 -- the event-local date of `at`
    station TEXT,
    operator TEXT,
    forced INTEGER NOT NULL DEFAULT 0,
    success INTEGER NOT NULL,
    reason TEXT NOT NULL,
    raw_input TEXT,                          -- sanitised, at most 128 characters
    recorded_at TEXT NOT NULL,
    annulled_at TEXT,
    annulled_by TEXT
);
CREATE INDEX checkins_reg ON checkins(registration_id, local_day, at);
CREATE INDEX checkins_event ON checkins(event_id, at);

CREATE TRIGGER checkins_no_delete BEFORE DELETE ON checkins
BEGIN
    SELECT RAISE(ABORT, 'the check-in log is append-only: annul a row instead');
END;
CREATE TRIGGER checkins_no_rewrite BEFORE UPDATE ON checkins
WHEN new.id IS NOT old.id OR new.at IS NOT old.at OR new.reason IS NOT old.reason
  OR new.success IS NOT old.success OR new.forced IS NOT old.forced
  OR new.direction IS NOT old.direction
  OR (old.annulled_at IS NOT NULL AND new.annulled_at IS NOT old.annulled_at)
BEGIN
    SELECT RAISE(ABORT, 'the check-in log is append-only: annul a row instead');
END;

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
