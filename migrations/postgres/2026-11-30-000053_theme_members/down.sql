ALTER TABLE themes DROP COLUMN members_known;
DROP TABLE theme_members;
