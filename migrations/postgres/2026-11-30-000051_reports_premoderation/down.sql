DROP TABLE submission_reports;
ALTER TABLE processes DROP COLUMN report_threshold;
ALTER TABLE processes DROP COLUMN pre_moderation;
