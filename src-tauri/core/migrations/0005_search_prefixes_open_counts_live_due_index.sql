-- Search terms are word prefixes ("ph" "nu" finds "phụ nữ", "nước" …). Without a prefix index
-- FTS5 answers a prefix by merging and copying the lists of every word it starts, even when that is
-- one word; it keeps ready-made lists for prefixes of one to six letters instead, which covers
-- whole Vietnamese syllables as typed (few have seven letters, such as "nghieng").
-- The table is rebuilt from the live documents (the content table also holds deleted ones).
DROP TABLE documents_fts;

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    search_text,
    content = 'documents',
    content_rowid = 'row_key',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6'
);

INSERT INTO documents_fts (rowid, search_text) SELECT row_key, search_text FROM documents WHERE deleted = 0;

-- Open (unreported, not withdrawn) deadlines by office and month of the due date, kept by triggers
-- on every write of deadline_instances (rule expansion, reports, withdrawal, bundle import): counting
-- the dashboard's overdue deadlines adds up months instead of reading every open deadline (a large
-- province piles up tens of thousands). Only the month of the date asked for is counted row by row.
CREATE TABLE open_deadline_counts (
    office_id TEXT NOT NULL,
    month     TEXT NOT NULL,        -- "2024-05", of the due date
    open      INTEGER NOT NULL,
    PRIMARY KEY (office_id, month)
) STRICT, WITHOUT ROWID;

INSERT INTO open_deadline_counts (office_id, month, open)
    SELECT office_id, substr(due_on, 1, 7), count(*) FROM deadline_instances
    WHERE reported_on IS NULL AND withdrawn = 0
    GROUP BY office_id, substr(due_on, 1, 7);

CREATE TRIGGER open_deadline_counts_insert AFTER INSERT ON deadline_instances
WHEN new.reported_on IS NULL AND new.withdrawn = 0 BEGIN
    INSERT INTO open_deadline_counts (office_id, month, open) VALUES (new.office_id, substr(new.due_on, 1, 7), 1)
        ON CONFLICT (office_id, month) DO UPDATE SET open = open + 1;
END;

CREATE TRIGGER open_deadline_counts_delete AFTER DELETE ON deadline_instances
WHEN old.reported_on IS NULL AND old.withdrawn = 0 BEGIN
    UPDATE open_deadline_counts SET open = open - 1 WHERE office_id = old.office_id AND month = substr(old.due_on, 1, 7);
END;

CREATE TRIGGER open_deadline_counts_update AFTER UPDATE OF office_id, due_on, reported_on, withdrawn ON deadline_instances
WHEN (old.reported_on IS NULL AND old.withdrawn = 0) OR (new.reported_on IS NULL AND new.withdrawn = 0) BEGIN
    UPDATE open_deadline_counts SET open = open - 1
        WHERE old.reported_on IS NULL AND old.withdrawn = 0
          AND office_id = old.office_id AND month = substr(old.due_on, 1, 7);
    INSERT INTO open_deadline_counts (office_id, month, open)
        SELECT new.office_id, substr(new.due_on, 1, 7), 1 WHERE new.reported_on IS NULL AND new.withdrawn = 0
        ON CONFLICT (office_id, month) DO UPDATE SET open = open + 1;
END;

-- Live deadlines by due date, carrying what the province matrix, the reporting-rate chart and the
-- dashboard's date lists read: a month of every office's deadlines (thousands, scattered over the
-- table) comes from the index alone. Replaces the (due date, office) index.
DROP INDEX deadline_instances_due;
CREATE INDEX deadline_instances_due_live ON deadline_instances (due_on, office_id, rule_id, period, reported_on, received_on, id)
    WHERE withdrawn = 0;
