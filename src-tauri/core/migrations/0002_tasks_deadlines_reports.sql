-- Assignments, deadline rules and the reports submitted against them.
--
-- A plan (a document) has tasks; a task is assigned to offices (one office, or every office of a
-- level under an office) and carries deadline rules; each rule expands to dated instances, one per
-- assigned office and period, with ids derived from (rule, period, office) so that two machines
-- expanding the same rule agree. Reports are submitted per instance; receipts are issued by the
-- office that received a report.

CREATE TABLE tasks (
    id                  TEXT PRIMARY KEY,
    document_id         TEXT NOT NULL REFERENCES documents (id),
    position            INTEGER NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL,
    report_to_office_id TEXT REFERENCES offices (id),
    owner_office_id     TEXT NOT NULL REFERENCES offices (id),
    updated_at          TEXT NOT NULL,
    change_seq          INTEGER NOT NULL,
    deleted             INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX tasks_document ON tasks (document_id, position);

-- level NULL: the office itself; level L: every office of level L below office_id.
CREATE TABLE task_assignees (
    task_id   TEXT NOT NULL REFERENCES tasks (id),
    position  INTEGER NOT NULL,
    office_id TEXT NOT NULL REFERENCES offices (id),
    level     INTEGER,
    PRIMARY KEY (task_id, position)
) STRICT;

CREATE TABLE deadline_rules (
    id                 TEXT PRIMARY KEY,
    task_id            TEXT NOT NULL REFERENCES tasks (id),
    position           INTEGER NOT NULL,
    label              TEXT NOT NULL,
    spec               TEXT NOT NULL,        -- JSON of deadlines::RuleSpec
    source_text        TEXT NOT NULL,        -- the sentence of the plan it came from
    passed_down_from   TEXT,                 -- the instance above this rule was passed down from
    owner_office_id    TEXT NOT NULL REFERENCES offices (id),
    updated_at         TEXT NOT NULL,
    change_seq         INTEGER NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX deadline_rules_task ON deadline_rules (task_id, position);
CREATE INDEX deadline_rules_passed_down ON deadline_rules (passed_down_from) WHERE passed_down_from IS NOT NULL;

-- Earlier versions of a rule: a changed deadline keeps the old date in its history.
CREATE TABLE deadline_rule_changes (
    rule_id       TEXT NOT NULL REFERENCES deadline_rules (id),
    position      INTEGER NOT NULL,
    changed_at    TEXT NOT NULL,
    previous_spec TEXT NOT NULL,
    note          TEXT NOT NULL,
    PRIMARY KEY (rule_id, position)
) STRICT;

-- Derived from the rules (rebuilt when a rule or the office tree changes); never edited by hand.
-- reported_on / received_on mirror the live report and its receipt so that dashboards are index
-- lookups.
CREATE TABLE deadline_instances (
    id          TEXT PRIMARY KEY,
    rule_id     TEXT NOT NULL REFERENCES deadline_rules (id),
    office_id   TEXT NOT NULL REFERENCES offices (id),
    period      TEXT NOT NULL,
    starts_on   TEXT,
    due_on      TEXT NOT NULL,
    reported_on TEXT,
    received_on TEXT,
    withdrawn   INTEGER NOT NULL DEFAULT 0   -- the rule no longer produces it, but a report points at it
) STRICT;

CREATE INDEX deadline_instances_office_due ON deadline_instances (office_id, due_on);
CREATE INDEX deadline_instances_due ON deadline_instances (due_on, office_id);
CREATE INDEX deadline_instances_rule ON deadline_instances (rule_id, due_on);
CREATE INDEX deadline_instances_open ON deadline_instances (due_on) WHERE reported_on IS NULL AND withdrawn = 0;

CREATE TABLE reports (
    id              TEXT PRIMARY KEY,
    instance_id     TEXT NOT NULL REFERENCES deadline_instances (id),
    office_id       TEXT NOT NULL REFERENCES offices (id),
    submitted_on    TEXT NOT NULL,
    submitted_by    TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('usb', 'post', 'email', 'inPerson')),
    note            TEXT NOT NULL,
    owner_office_id TEXT NOT NULL REFERENCES offices (id),
    updated_at      TEXT NOT NULL,
    change_seq      INTEGER NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX reports_live_instance ON reports (instance_id) WHERE deleted = 0;

CREATE TABLE report_files (
    report_id TEXT NOT NULL REFERENCES reports (id),
    sha256    TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size      INTEGER NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (report_id, sha256)
) STRICT;

-- A receipt is owned by the office that received the report ("cấp trên đã nhận").
CREATE TABLE receipts (
    report_id          TEXT PRIMARY KEY REFERENCES reports (id),
    received_on        TEXT NOT NULL,
    receiver_office_id TEXT NOT NULL REFERENCES offices (id),
    updated_at         TEXT NOT NULL,
    change_seq         INTEGER NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Days off the government adds each year, and Saturdays made working days in exchange.
CREATE TABLE calendar_exceptions (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('dayOff', 'workingDay')),
    name TEXT NOT NULL
) STRICT;

INSERT INTO settings (key, value) VALUES
    ('due_soon_days', '7'),
    ('pass_down_working_days', '3'),
    ('instances_until', '');
