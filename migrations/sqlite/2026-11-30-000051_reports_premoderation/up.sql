-- Moderation by the participants themselves: a participant may report another's visible
-- submission once (one row per token and submission; the reason is optional). Reports alone
-- change nothing; when `report_threshold` distinct participants have reported a submission
-- since it last changed, it is flagged for an admin's look (0: never).
-- Pre-moderation: with `pre_moderation` on, a participant's new submission is stored flagged
-- ("awaiting approval") and stays unlisted until an admin restores it.
ALTER TABLE processes ADD COLUMN pre_moderation BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE processes ADD COLUMN report_threshold INTEGER NOT NULL DEFAULT 3
    CHECK (report_threshold BETWEEN 0 AND 100);

CREATE TABLE submission_reports (
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    token_id BIGINT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (submission_id, token_id)
);
CREATE INDEX submission_reports_token ON submission_reports (token_id);
