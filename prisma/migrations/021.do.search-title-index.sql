-- Article search (src/modules/search/repository.ts), one word typed: ts_rank puts every story
-- with the word in its title above every story without (weight A against at most B), so when
-- enough stories have it in their title, stage one ranks only those. A common word is in a
-- few thousand titles, against several times as many heads (title and summary): fewer rows
-- read. A stored generated column, as search_head (017), so every write path keeps it and
-- schema.prisma can declare its index.
ALTER TABLE articles ADD COLUMN search_title tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, title)) STORED;
CREATE INDEX articles_search_title_idx ON articles USING gin (search_title);
