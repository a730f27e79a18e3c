DROP TABLE IF EXISTS share_links;
ALTER TABLE submissions DROP COLUMN duplicate_of;
ALTER TABLE processes DROP COLUMN public_submissions;
