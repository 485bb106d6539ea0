-- Open (unreported) deadlines by office and due date: the dashboard's "overdue" and "due soon"
-- lists and counts read only this index, however many reported deadlines the years pile up.
CREATE INDEX deadline_instances_open_by_office ON deadline_instances (office_id, due_on)
    WHERE reported_on IS NULL AND withdrawn = 0;
