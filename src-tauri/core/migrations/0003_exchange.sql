-- Exchange with other offices by bundle files: this office's signing key is a file in the data
-- folder; here are the keys pinned for other offices, what each peer has acknowledged, the bundles
-- imported (so a replayed one changes nothing) and the files each peer is known to have.

-- Public keys of other offices, pinned on first contact (compare the fingerprint by phone).
CREATE TABLE pinned_keys (
    office_id  TEXT PRIMARY KEY REFERENCES offices (id),
    public_key TEXT NOT NULL,          -- hex, 32 bytes Ed25519
    pinned_at  TEXT NOT NULL,
    previous   TEXT                    -- the key it replaced by an explicit rotation
) STRICT;

-- Per peer office: the last change of ours it acknowledged, and the last change of its own we imported.
CREATE TABLE peers (
    office_id     TEXT PRIMARY KEY REFERENCES offices (id),
    acked_seq     INTEGER NOT NULL DEFAULT 0,
    imported_seq  INTEGER NOT NULL DEFAULT 0,
    bundles_sent  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE imported_bundles (
    bundle_id     TEXT PRIMARY KEY,
    sender_id     TEXT NOT NULL REFERENCES offices (id),
    seq_from      INTEGER NOT NULL,
    seq_to        INTEGER NOT NULL,
    imported_at   TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    summary       TEXT NOT NULL        -- JSON of the preview counts
) STRICT;

CREATE INDEX imported_bundles_sender ON imported_bundles (sender_id, seq_to);

-- Every import attempt, applied or refused, for the log on the exchange screen.
CREATE TABLE import_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    bundle_id   TEXT,
    sender      TEXT,
    outcome     TEXT NOT NULL,         -- applied | nothingNew | refused
    message     TEXT NOT NULL,
    summary     TEXT
) STRICT;

-- Bundles we wrote, so that an acknowledgement tells which files a peer now has.
CREATE TABLE exported_bundles (
    bundle_id    TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL REFERENCES offices (id),
    seq_to       INTEGER NOT NULL,
    files        TEXT NOT NULL,        -- JSON array of SHA-256
    exported_at  TEXT NOT NULL
) STRICT;

CREATE TABLE peer_files (
    office_id TEXT NOT NULL REFERENCES offices (id),
    sha256    TEXT NOT NULL,
    PRIMARY KEY (office_id, sha256)
) STRICT;
