-- Conflicting versions found at import are kept until someone chooses one.

-- Versions of a record that arrived in a bundle with the same modification time as ours but a
-- different content. Kept until someone chooses one; the one not chosen stays here as history.
CREATE TABLE record_conflicts (
    id            INTEGER PRIMARY KEY,
    table_name    TEXT NOT NULL,
    record_key    TEXT NOT NULL,
    incoming      TEXT NOT NULL,           -- the record line from the bundle (JSON, with its signature)
    signed_by     TEXT,                    -- the owner's key its signature verified with (NULL: format 1)
    local         TEXT NOT NULL,           -- our version at the time (JSON record)
    reason        TEXT NOT NULL,
    bundle_id     TEXT NOT NULL,
    sender_id     TEXT NOT NULL REFERENCES offices (id),
    file_name     TEXT NOT NULL,
    found_at      TEXT NOT NULL,
    resolution    TEXT,                    -- NULL while pending | 'local' | 'incoming' | 'superseded'
    resolved_at   TEXT,
    UNIQUE (bundle_id, table_name, record_key)
) STRICT;

CREATE INDEX record_conflicts_pending ON record_conflicts (resolution, table_name, record_key);
