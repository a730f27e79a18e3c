-- Which submissions each theme holds, so a whole theme can be answered and outcomes counted
-- per theme: a submission belongs to a theme when one of its clustered sentences does. Written
-- with the themes by each run (db::themes::replace), and gone with them.
CREATE TABLE theme_members (
    theme_id BIGINT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    PRIMARY KEY (theme_id, submission_id)
);
-- A submission's themes (deleting a submission looks its memberships up by this).
CREATE INDEX theme_members_submission ON theme_members (submission_id);
-- Themes computed before this migration have no members recorded: false says so (the API then
-- asks for the themes to be computed again rather than answering nobody); each run writes true.
ALTER TABLE themes ADD COLUMN members_known BOOLEAN NOT NULL DEFAULT 0;
