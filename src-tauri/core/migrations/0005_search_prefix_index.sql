-- Search terms are word prefixes ("ph" "nu" finds "phụ nữ", "nước" …). Without a prefix index a
-- short prefix merges the lists of every word it starts; FTS5 keeps ready-made lists for prefixes of
-- one, two and three letters (Vietnamese syllables are short, so longer prefixes name few words).
-- The table is rebuilt from the live documents (the content table also holds deleted ones).
DROP TABLE documents_fts;

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    search_text,
    content = 'documents',
    content_rowid = 'row_key',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

INSERT INTO documents_fts (rowid, search_text) SELECT row_key, search_text FROM documents WHERE deleted = 0;
