DROP TABLE submission_responses;
