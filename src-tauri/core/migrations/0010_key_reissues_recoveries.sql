-- A laptop lost: the office above writes a recovery bundle for the sub-office (kept here until
-- the new installation's key is reissued), and records, as an explicit decision, that the new key
-- replaces the old one. Every reissue an office learns is kept with the deciding parent's
-- signature: it is passed on in every bundle, and the old key's bundles are refused from then on.
CREATE TABLE key_reissues (
    office_id           TEXT NOT NULL REFERENCES offices (id),
    old_public_key      TEXT NOT NULL,
    new_public_key      TEXT NOT NULL,
    new_installation_id TEXT NOT NULL,
    decided_by          TEXT NOT NULL REFERENCES offices (id),
    decided_at          TEXT NOT NULL,   -- RFC 3339, the decider's
    signature           TEXT NOT NULL,   -- by decided_by, over the reissue message
    recorded_at         TEXT NOT NULL,   -- when this store learnt it
    PRIMARY KEY (office_id, old_public_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE recovery_bundles (
    office_id   TEXT NOT NULL PRIMARY KEY REFERENCES offices (id),
    bundle_id   TEXT NOT NULL,
    written_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
