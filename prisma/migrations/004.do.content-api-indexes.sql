-- Content API: indexes for the list sorts and filters not covered by 001/002, and a
-- stored quote length (the NULLS LAST publishedAt/saidAt indexes come from 002).
CREATE INDEX quotes_created_idx ON quotes (created_at DESC, id DESC);
CREATE INDEX topics_created_idx ON topics (created_at DESC, id DESC);
CREATE INDEX speakers_created_idx ON speakers (created_at DESC, id DESC);

-- Length in characters, for minLength/maxLength on quote lists and the random quote;
-- the index lets the planner find rare lengths without reading every quote.
ALTER TABLE quotes ADD COLUMN text_length integer GENERATED ALWAYS AS (char_length(text)) STORED;
CREATE INDEX quotes_length_idx ON quotes (text_length);

-- Name prefixes (`q=`, case-insensitive ILIKE) use the trigram indexes from 001.
