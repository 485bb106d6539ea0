-- Offices are reorganised (the 2025 reform merged communes and dissolved districts): an office is
-- closed from a date (no deadlines due from then on), optionally with the office that inherits its
-- open deadlines ("kế thừa"); a renamed office keeps its former names with the day they ended, so
-- past periods can be shown under the name they had. Both travel with the office record.
ALTER TABLE offices ADD COLUMN closed_on TEXT;                           -- ISO date, or NULL
ALTER TABLE offices ADD COLUMN successor_id TEXT REFERENCES offices (id);

CREATE TABLE office_names (
    office_id  TEXT NOT NULL REFERENCES offices (id),
    position   INTEGER NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    until      TEXT NOT NULL,                                            -- ISO date: the first day of the next name
    PRIMARY KEY (office_id, position)
) STRICT;
