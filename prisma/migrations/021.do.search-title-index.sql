-- Article search (src/modules/search/repository.ts), one word typed: ts_rank puts every story
-- with the word in its title above every story without (weight A against at most B), so when
-- enough stories have it in their title, stage one ranks only those. A common word is in a
-- few thousand titles, against several times as many heads (title and summary): fewer rows read.
CREATE INDEX articles_search_title_idx ON articles USING gin (to_tsvector('english'::regconfig, title));
