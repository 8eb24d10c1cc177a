-- A topic's page (GET /v1/topics/{slug}/articles, newest first) walked articles_published_idx and
-- probed article_topics for each story until 21 were on the topic: ~350 probes and ~1,340 buffer
-- hits a page for a topic holding 6% of the archive, and under the newsroom mix every save
-- re-renders ~3 such pages. Each link now carries its story's publication time, so the page reads
-- the topic's links in publication order from one index and probes only the stories it shows
-- (src/modules/articles/repository.ts, listText). Kept equal to articles.published_at by two
-- triggers, whatever writes (the API's one write path, the retag function, bulk import, psql):
-- a link takes the time when it is inserted, and a story's new time goes to its links.
ALTER TABLE article_topics ADD COLUMN published_at timestamptz(3);

-- The link's time is always the story's: a value given by the writer is ignored.
CREATE FUNCTION newsdesk_article_topic_published_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.published_at := (SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id);
  RETURN NEW;
END
$$;
CREATE TRIGGER article_topics_published_at BEFORE INSERT OR UPDATE OF article_id, published_at ON article_topics
  FOR EACH ROW EXECUTE FUNCTION newsdesk_article_topic_published_at();

CREATE FUNCTION newsdesk_article_published_at_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE article_topics SET published_at = NEW.published_at WHERE article_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER articles_published_at_to_links AFTER UPDATE OF published_at ON articles
  FOR EACH ROW WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at) EXECUTE FUNCTION newsdesk_article_published_at_moved();

-- That UPDATE changes no link, so it must not count as one: migration 024's flag only for the
-- link columns, and migration 026's events only for links that came or went (a statement
-- trigger with transition tables cannot name columns, so its function compares the rows).
DROP TRIGGER article_topics_links_written ON article_topics;
CREATE TRIGGER article_topics_links_written AFTER INSERT OR UPDATE OF article_id, topic_id OR DELETE ON article_topics
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_links_written();

CREATE OR REPLACE FUNCTION newsdesk_article_topics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  articles_changed uuid[];
  topics_changed uuid[];
  added boolean[];
BEGIN
  -- One query per operation (each may name only its own transition tables), one row order for the three arrays.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(article_id), array_agg(topic_id), array_agg(true) INTO articles_changed, topics_changed, added FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(article_id), array_agg(topic_id), array_agg(false) INTO articles_changed, topics_changed, added FROM old_rows;
  ELSE
    SELECT array_agg(x.article_id), array_agg(x.topic_id), array_agg(x.added) INTO articles_changed, topics_changed, added
      FROM (SELECT n.article_id, n.topic_id, true AS added FROM (SELECT article_id, topic_id FROM new_rows EXCEPT SELECT article_id, topic_id FROM old_rows) n
            UNION ALL
            SELECT o.article_id, o.topic_id, false FROM (SELECT article_id, topic_id FROM old_rows EXCEPT SELECT article_id, topic_id FROM new_rows) o) x;
  END IF;
  IF articles_changed IS NOT NULL THEN
    PERFORM newsdesk_article_topic_events(articles_changed, topics_changed, added);
  END IF;
  RETURN NULL;
END
$$;

-- The links there already (the triggers above now keep them). Same-value updates are no changes
-- for the event function above; the links-written flag is not set (only published_at is named).
UPDATE article_topics l SET published_at = a.published_at FROM articles a WHERE a.id = l.article_id AND a.published_at IS NOT NULL;

-- NULLS LAST as the page's ORDER BY (and articles_published_idx, migration 002).
CREATE INDEX article_topics_published_idx ON article_topics (topic_id, published_at DESC NULLS LAST, article_id DESC);
