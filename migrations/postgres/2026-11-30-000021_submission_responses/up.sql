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

-- A process's own names for the response statuses (JSON object status -> name; a status
-- without one shows the UI's word) and whether participants are told of new answers on their
-- next visit. One row per process that changed them (its id is the process's id).
CREATE TABLE response_settings (
    id BIGINT PRIMARY KEY NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    names TEXT NOT NULL DEFAULT '{}',
    notify BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL
);
