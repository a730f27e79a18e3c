-- A process declares the language(s) its participants write in (JSON array of ISO 639-1
-- codes, e.g. ["en","es"]): the analysis picks seed corpora, stop-words and the default model
-- by them. Existing processes were English-only.
ALTER TABLE processes ADD COLUMN languages TEXT NOT NULL DEFAULT '["en"]';
