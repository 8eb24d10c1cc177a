-- Two-stage article search (src/modules/search/repository.ts). A long-tail search used to rank
-- every match by the full weighted vector, whose ~2 kB are TOASTed: one detoast per match, and
-- a common word matches tens of thousands of stories. The head vector (title A, summary B) is
-- small enough to stay in the row: it orders the matches cheaply, and only the best few hundred
-- are ranked by the full vector. Generated, so every write path (API, bulk, psql) keeps it.
CREATE FUNCTION newsdesk_article_head(title text, summary text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
$$;

ALTER TABLE articles ADD COLUMN search_head tsvector GENERATED ALWAYS AS (newsdesk_article_head(title, summary)) STORED;
-- A one-word search with enough title or summary hits reads only those (far fewer than all).
CREATE INDEX articles_search_head_idx ON articles USING gin (search_head);
