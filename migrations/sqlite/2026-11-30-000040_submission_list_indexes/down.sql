DROP INDEX submissions_process_category;
DROP INDEX submissions_process_type;
DROP INDEX submissions_process_status;
