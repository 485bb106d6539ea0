-- Each record carries its owner's signature, so an office can pass its sub-offices' records up
-- (and the levels above down) and the recipient can tell whether the forwarder changed them.

-- The owner's signature over the record as last received from the owner or forwarded on its
-- behalf (records this office owns are signed afresh at export and not kept here).
-- One row per record received, so it is kept small: the key and signature as bytes, and the
-- primary key as the table's own order (WITHOUT ROWID) rather than a second index beside it.
CREATE TABLE record_signatures (
    table_name      TEXT NOT NULL,
    record_key      TEXT NOT NULL,
    owner_office_id TEXT NOT NULL,
    public_key      BLOB NOT NULL,         -- the 32-byte Ed25519 key that made the signature
    signature       BLOB NOT NULL,         -- 64 bytes, over the record's canonical bytes
    PRIMARY KEY (table_name, record_key)
) STRICT, WITHOUT ROWID;

-- A key learnt from a forwarding office (not from its owner's own bundle): which office vouched.
ALTER TABLE pinned_keys ADD COLUMN vouched_by TEXT REFERENCES offices (id);
