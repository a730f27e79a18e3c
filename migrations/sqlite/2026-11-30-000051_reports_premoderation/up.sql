-- Moderation by the participants themselves: a participant may report another's visible
-- submission once (one row per token and submission; the reason is optional). Reports alone
-- change nothing; when `report_threshold` distinct participants have reported a submission
-- since it last changed, it is flagged for an admin's look (0: never).
CREATE TABLE submission_reports (
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    token_id BIGINT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (submission_id, token_id)
);
CREATE INDEX submission_reports_token ON submission_reports (token_id);

-- A process's moderation settings, one row per process (its id is the process's id; a
-- process without one has the defaults). With `pre_moderation` on, a participant's new
-- submission is stored flagged ("awaiting approval") and stays unlisted until an admin
-- restores it. (A table of its own: diesel's tables stop at 16 columns, which `processes`
-- has.)
CREATE TABLE moderation_settings (
    id BIGINT PRIMARY KEY NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    pre_moderation BOOLEAN NOT NULL DEFAULT 0,
    report_threshold INTEGER NOT NULL DEFAULT 3 CHECK (report_threshold BETWEEN 0 AND 100),
    updated_at TIMESTAMP NOT NULL
);
