DROP TABLE moderation_settings;
DROP TABLE submission_reports;
