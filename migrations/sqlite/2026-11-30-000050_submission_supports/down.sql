DROP INDEX submissions_duplicate_of;
DROP TABLE submission_supports;
