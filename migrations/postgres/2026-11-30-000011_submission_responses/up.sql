-- (PostgreSQL twin of migrations/sqlite.)
-- "You said, we did": a facilitator's answer to a submission, one row per answered submission
-- (its id is the submission's id; a submission without a row is still 'received'). The reply
-- is public text the participant and results links see.
CREATE TABLE submission_responses (
    id BIGINT PRIMARY KEY NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('received', 'under_consideration', 'accepted', 'partly_accepted', 'not_taken_forward')),
    reply TEXT,
    responded_by BIGINT,
    responded_at TIMESTAMP NOT NULL
);
