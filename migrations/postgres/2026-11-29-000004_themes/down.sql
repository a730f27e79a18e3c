DROP TABLE IF EXISTS themes;
DELETE FROM jobs WHERE kind = 'themes';
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('analyse', 'train'));
