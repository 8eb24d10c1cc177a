-- Lists sort by nullable times with NULLS LAST (an undated story goes after dated ones);
-- an index only serves ORDER BY ... DESC NULLS LAST when it is built that way.
-- schema.prisma cannot express NULLS LAST, so it declares these indexes without it.
DROP INDEX articles_status_published_idx;
CREATE INDEX articles_status_published_idx ON articles (status, published_at DESC NULLS LAST, id DESC);
CREATE INDEX articles_published_idx ON articles (published_at DESC NULLS LAST, id DESC);
DROP INDEX articles_section_published_idx;
CREATE INDEX articles_section_published_idx ON articles (section, published_at DESC NULLS LAST, id DESC);
CREATE INDEX articles_title_idx ON articles (title, id);
DROP INDEX quotes_speaker_said_idx;
CREATE INDEX quotes_speaker_said_idx ON quotes (speaker_id, said_at DESC NULLS LAST, id DESC);
DROP INDEX quotes_said_idx;
CREATE INDEX quotes_said_idx ON quotes (said_at DESC NULLS LAST, id DESC);
