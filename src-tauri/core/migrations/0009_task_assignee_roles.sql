-- A task may be assigned to a role or person inside an office ("Phó Chủ tịch Thường trực"):
-- the row names that office (level NULL) and the role; its deadlines are the office's own.
ALTER TABLE task_assignees ADD COLUMN role TEXT;
