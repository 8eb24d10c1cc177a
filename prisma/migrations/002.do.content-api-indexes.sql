-- Content API: indexes for every list filter and sort, and a stored quote length.

-- Newest-first lists order by published_at DESC NULLS LAST (an unknown date sorts last);
-- an index in the default DESC (NULLS FIRST) order cannot feed that ORDER BY ... LIMIT.
DROP INDEX articles_status_published_idx;
CREATE INDEX articles_status_published_idx ON articles (status, published_at DESC NULLS LAST, id DESC);
DROP INDEX articles_section_published_idx;
CREATE INDEX articles_section_published_idx ON articles (section, published_at DESC NULLS LAST, id DESC);
-- The public rule spans two statuses, so the default list walks this one and filters.
CREATE INDEX articles_published_idx ON articles (published_at DESC NULLS LAST, id DESC);
CREATE INDEX articles_title_idx ON articles (title, id);

DROP INDEX quotes_speaker_said_idx;
CREATE INDEX quotes_speaker_said_idx ON quotes (speaker_id, said_at DESC NULLS LAST, id DESC);
DROP INDEX quotes_said_idx;
CREATE INDEX quotes_said_idx ON quotes (said_at DESC NULLS LAST, id DESC);
CREATE INDEX quotes_created_idx ON quotes (created_at DESC, id DESC);
-- Length in characters, for minLength/maxLength on quote lists and the random quote.
ALTER TABLE quotes ADD COLUMN text_length integer GENERATED ALWAYS AS (char_length(text)) STORED;
-- Lets the planner find rare lengths without reading every quote.
CREATE INDEX quotes_length_idx ON quotes (text_length);

CREATE INDEX topics_created_idx ON topics (created_at DESC, id DESC);
CREATE INDEX speakers_created_idx ON speakers (created_at DESC, id DESC);
-- Name prefixes (`q=`, case-insensitive ILIKE) use the trigram indexes from 001.
