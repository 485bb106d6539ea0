-- The outline (đề cương) a report must follow, kept with the deadline rule that asks for the
-- report: JSON of model::outlines::ReportOutline, NULL when the plan gives none. It is a column of
-- the rule, so it travels in the bundle with the rule and only the rule's owner changes it.
ALTER TABLE deadline_rules ADD COLUMN outline TEXT;
