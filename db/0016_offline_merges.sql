-- A desk that worked offline on a snapshot (issue 13): which of the snapshot's registrations
-- (walk-ins registered there) became which registration here, so that merging the same snapshot
-- again finds them instead of registering them twice (a walk-in without an email has nothing
-- else to be matched by). Which hub and event a snapshot came from is in its own settings.
CREATE TABLE merged_registrations (
    snapshot TEXT NOT NULL,                  -- the snapshot's id (its settings' snapshot.id)
    there INTEGER NOT NULL,                  -- the registration's id in the snapshot
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    PRIMARY KEY (snapshot, there)
);
