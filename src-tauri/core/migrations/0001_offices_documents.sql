-- Offices, documents and their search index: the foundation every later area builds on.
-- Every record carries a UUID, an owner office, a modification time, a local change sequence and a
-- tombstone flag instead of deletion, so that bundles can later carry changes between offices.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The local change counter: every mutation takes the next value, so "what changed since N" is cheap.
INSERT INTO settings (key, value) VALUES ('change_seq', '0');

-- Level names are data, not code: the 2025 reform removed the district level in most provinces.
CREATE TABLE office_levels (
    rank INTEGER PRIMARY KEY CHECK (rank BETWEEN 0 AND 9),
    name TEXT NOT NULL
) STRICT;

INSERT INTO office_levels (rank, name) VALUES
    (0, 'Trung ương'),
    (1, 'Tỉnh'),
    (2, 'Huyện'),
    (3, 'Xã/Phường'),
    (4, 'Chi hội');

CREATE TABLE offices (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    level           INTEGER NOT NULL REFERENCES office_levels (rank),
    parent_id       TEXT REFERENCES offices (id),
    owner_office_id TEXT,
    updated_at      TEXT NOT NULL,
    change_seq      INTEGER NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX offices_live_code ON offices (code) WHERE deleted = 0;
CREATE INDEX offices_parent ON offices (parent_id);

CREATE TABLE documents (
    row_key         INTEGER PRIMARY KEY,  -- stable rowid for the external-content FTS table
    id              TEXT NOT NULL UNIQUE,
    owner_office_id TEXT NOT NULL REFERENCES offices (id),
    kind            TEXT NOT NULL,
    number          TEXT NOT NULL,
    symbol          TEXT NOT NULL,
    number_style    TEXT NOT NULL CHECK (number_style IN ('state', 'party')),
    number_key      TEXT,                 -- folded "268/KH-DCT" or "127-QD/TW", to link references
    issued_on       TEXT,                 -- ISO date
    place           TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    title           TEXT NOT NULL,
    signer          TEXT NOT NULL,
    signer_title    TEXT NOT NULL,
    recipients      TEXT NOT NULL,        -- JSON array of lines
    body            TEXT NOT NULL,
    search_text     TEXT NOT NULL,        -- folded (no diacritics, đ→d, lowercase) copy of the text fields
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    change_seq      INTEGER NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX documents_number_key ON documents (number_key) WHERE number_key IS NOT NULL;

CREATE TABLE document_references (
    document_id TEXT NOT NULL REFERENCES documents (id),
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    number_key  TEXT,
    PRIMARY KEY (document_id, position)
) STRICT;

-- Attached originals: the bytes live in the data folder under their SHA-256, never in the database.
CREATE TABLE attachments (
    document_id TEXT NOT NULL REFERENCES documents (id),
    sha256      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    size        INTEGER NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (document_id, sha256)
) STRICT;

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    search_text,
    content = 'documents',
    content_rowid = 'row_key',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents WHEN new.deleted = 0 BEGIN
    INSERT INTO documents_fts (rowid, search_text) VALUES (new.row_key, new.search_text);
END;

CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, search_text)
        SELECT 'delete', old.row_key, old.search_text WHERE old.deleted = 0;
    INSERT INTO documents_fts (rowid, search_text)
        SELECT new.row_key, new.search_text WHERE new.deleted = 0;
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents WHEN old.deleted = 0 BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, search_text) VALUES ('delete', old.row_key, old.search_text);
END;
