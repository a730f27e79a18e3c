DROP TABLE response_settings;
DROP TABLE submission_responses;
