-- The text index behind the list's `q`: an FTS5 table over submissions.text (external
-- content: the text is stored once, in submissions) with the trigram tokenizer, which
-- answers case-insensitive substring queries of three or more characters. Triggers keep it
-- in step with every insert, text edit and delete (including cascades from a process).
CREATE VIRTUAL TABLE submissions_fts USING fts5(
    text,
    content = 'submissions',
    content_rowid = 'id',
    tokenize = 'trigram case_sensitive 0'
);
INSERT INTO submissions_fts (submissions_fts) VALUES ('rebuild');

CREATE TRIGGER submissions_fts_insert AFTER INSERT ON submissions BEGIN
    INSERT INTO submissions_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER submissions_fts_delete AFTER DELETE ON submissions BEGIN
    INSERT INTO submissions_fts (submissions_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER submissions_fts_update AFTER UPDATE OF text ON submissions BEGIN
    INSERT INTO submissions_fts (submissions_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO submissions_fts (rowid, text) VALUES (new.id, new.text);
END;
