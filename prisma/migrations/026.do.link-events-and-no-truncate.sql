-- Link tables are part of what a story or quote shows, so a write to one is a change to it.
-- Until now a statement on article_topics, quote_topics or article_authors alone (psql, a
-- script: every API path writes the story or quote first) left a revision (migration 013)
-- but no change event: no feed entry, webhook, cache invalidation or CDN purge. Now such a
-- statement records an `updated` event of its parent, in its transaction, naming the field
-- (`topics`, `authors`). Deduplicated as migration 014 does for authors: a parent that already
-- has an event in this transaction (the API's save, which writes the row first) keeps that one
-- event, which the commit (topics, migration 005) or migration 014's trigger (authors) completes.

-- An article event's section before the change, as topics_before holds its topics: a webhook
-- subscription filtered on a section hears of a story that moved out of it, so its mirror can
-- drop the story (src/modules/webhooks/dispatcher.ts). Null where nothing moved it (created,
-- published at its hour, a correction): the section it has is the one it had.
ALTER TABLE change_events ADD COLUMN section_before text;

-- Migration 005's function, recording the section the row had.
CREATE OR REPLACE FUNCTION newsdesk_articles_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, changed, topics_before, section_before)
  SELECT CASE WHEN NOT p.was_public AND p.is_public THEN 'published' WHEN p.was_public AND NOT p.is_public THEN 'unpublished' ELSE 'updated' END,
         'article', p.id, p.slug, p.version, p.was_public, p.is_public, p.changed,
         coalesce((SELECT array_agg(l.topic_id ORDER BY l.topic_id) FROM article_topics l WHERE l.article_id = p.id), '{}'), p.old_section
    FROM (
      SELECT n.id, n.slug, n.version, o.version AS old_version, o.section AS old_section,
             newsdesk_article_public(o.status, o.published_at) AS was_public,
             newsdesk_article_public(n.status, n.published_at) AS is_public,
             array_remove(ARRAY[
               CASE WHEN o.slug IS DISTINCT FROM n.slug THEN 'slug' END,
               CASE WHEN o.external_id IS DISTINCT FROM n.external_id THEN 'externalId' END,
               CASE WHEN o.title IS DISTINCT FROM n.title THEN 'title' END,
               CASE WHEN o.summary IS DISTINCT FROM n.summary THEN 'summary' END,
               CASE WHEN o.body IS DISTINCT FROM n.body THEN 'body' END,
               CASE WHEN o.section IS DISTINCT FROM n.section THEN 'section' END,
               CASE WHEN o.byline IS DISTINCT FROM n.byline THEN 'byline' END,
               CASE WHEN o.source_url IS DISTINCT FROM n.source_url THEN 'sourceUrl' END,
               CASE WHEN o.status IS DISTINCT FROM n.status THEN 'status' END,
               CASE WHEN o.published_at IS DISTINCT FROM n.published_at THEN 'publishedAt' END
             ], NULL) AS changed
        FROM new_rows n JOIN old_rows o ON o.id = n.id
    ) p
   WHERE p.version <> p.old_version OR cardinality(p.changed) > 0
   ORDER BY p.id;

  -- A story's quotes appear and disappear with it.
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id)
  SELECT CASE WHEN f.is_public THEN 'published' ELSE 'unpublished' END, 'quote', q.id, q.version, NOT f.is_public, f.is_public, q.article_id, q.speaker_id
    FROM (
      SELECT n.id, newsdesk_article_public(n.status, n.published_at) AS is_public
        FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE newsdesk_article_public(n.status, n.published_at) <> newsdesk_article_public(o.status, o.published_at)
    ) f
    JOIN quotes q ON q.article_id = f.id
   ORDER BY q.article_id, q.position, q.id;

  DELETE FROM scheduled_publications s USING new_rows n
   WHERE s.article_id = n.id AND NOT (n.status IN ('published', 'scheduled') AND n.published_at > statement_timestamp());
  INSERT INTO scheduled_publications (article_id, due_at)
  SELECT id, published_at FROM new_rows
   WHERE status IN ('published', 'scheduled') AND published_at > statement_timestamp()
  ON CONFLICT (article_id) DO UPDATE SET due_at = EXCLUDED.due_at;
  RETURN NULL;
END
$$;

-- The transaction's change events, for the checks below.
CREATE FUNCTION newsdesk_has_event(kind_of_resource text, resource_uuid uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM change_events e
                  WHERE e.resource_id = resource_uuid AND e.resource = kind_of_resource AND e.txid = pg_current_xact_id()::text::bigint)
$$;

-- Article topic links. `delta`: the links the statement added (added) or removed (not added);
-- a story's topics before the statement are its links now, less those added, plus those removed,
-- so the commit can tell the topics it left (cache tags, filtered webhooks) from those it kept.
CREATE FUNCTION newsdesk_article_topic_events(articles_changed uuid[], topics_changed uuid[], added boolean[]) RETURNS void LANGUAGE sql AS $$
  WITH delta AS (
    SELECT d.article_id, d.topic_id, d.added FROM unnest(articles_changed, topics_changed, added) AS d(article_id, topic_id, added)
  ), fresh AS (
    SELECT a.id, a.slug, a.version, a.section, newsdesk_article_public(a.status, a.published_at) AS is_public
      FROM articles a
     WHERE a.id IN (SELECT article_id FROM delta) AND NOT newsdesk_has_event('article', a.id)
  ), before_links AS (
    (SELECT l.article_id, l.topic_id FROM article_topics l JOIN fresh f ON f.id = l.article_id
     EXCEPT SELECT article_id, topic_id FROM delta WHERE added)
    UNION SELECT d.article_id, d.topic_id FROM delta d JOIN fresh f ON f.id = d.article_id WHERE NOT d.added
  )
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, changed, topics_before, section_before)
  SELECT 'updated', 'article', f.id, f.slug, f.version, f.is_public, f.is_public, ARRAY['topics'],
         coalesce((SELECT array_agg(b.topic_id ORDER BY b.topic_id) FROM before_links b WHERE b.article_id = f.id), '{}'), f.section
    FROM fresh f ORDER BY f.id
$$;

CREATE FUNCTION newsdesk_article_topics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
      FROM (SELECT article_id, topic_id, true AS added FROM new_rows UNION ALL SELECT article_id, topic_id, false FROM old_rows) x;
  END IF;
  IF articles_changed IS NOT NULL THEN
    PERFORM newsdesk_article_topic_events(articles_changed, topics_changed, added);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER article_topics_changes_insert AFTER INSERT ON article_topics REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_article_topics_changed();
CREATE TRIGGER article_topics_changes_update AFTER UPDATE ON article_topics REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_article_topics_changed();
CREATE TRIGGER article_topics_changes_delete AFTER DELETE ON article_topics REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_article_topics_changed();

-- Quote topic links: an `updated` quote event naming `topics`, or `topics` added to the one
-- this transaction already wrote for the quote (PATCH /v1/quotes/{id} with `topics` now says so).
CREATE FUNCTION newsdesk_quote_topics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  quotes_changed uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    quotes_changed := ARRAY(SELECT DISTINCT quote_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    quotes_changed := ARRAY(SELECT DISTINCT quote_id FROM old_rows);
  ELSE
    quotes_changed := ARRAY(SELECT quote_id FROM new_rows UNION SELECT quote_id FROM old_rows);
  END IF;
  UPDATE change_events e SET changed = array_append(e.changed, 'topics')
   WHERE e.txid = pg_current_xact_id()::text::bigint AND e.resource = 'quote' AND e.resource_id = ANY (quotes_changed)
     AND e.kind NOT IN ('created', 'deleted') AND NOT ('topics' = ANY (e.changed));
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id, changed)
  SELECT 'updated', 'quote', q.id, q.version, newsdesk_article_public(a.status, a.published_at), newsdesk_article_public(a.status, a.published_at),
         q.article_id, q.speaker_id, ARRAY['topics']
    FROM quotes q JOIN articles a ON a.id = q.article_id
   WHERE q.id = ANY (quotes_changed) AND NOT newsdesk_has_event('quote', q.id)
   ORDER BY q.article_id, q.position, q.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER quote_topics_changes_insert AFTER INSERT ON quote_topics REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_quote_topics_changed();
CREATE TRIGGER quote_topics_changes_update AFTER UPDATE ON quote_topics REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_quote_topics_changed();
CREATE TRIGGER quote_topics_changes_delete AFTER DELETE ON quote_topics REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_quote_topics_changed();

-- Author links: migration 014's trigger completes the story's events in this transaction; a
-- story with none gets an `updated` event naming `authors` (and the authors, whose visibility
-- the commit settles). A reorder or a relink by UPDATE counts too, with the authors on both sides.
CREATE OR REPLACE FUNCTION newsdesk_article_authors_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  link_articles uuid[];
  link_authors uuid[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(x.article_id), array_agg(x.author_id) INTO link_articles, link_authors
      FROM (SELECT article_id, author_id FROM changed_rows UNION ALL SELECT article_id, author_id FROM old_rows) x;
  ELSE
    SELECT array_agg(article_id), array_agg(author_id) INTO link_articles, link_authors FROM changed_rows;
  END IF;
  IF link_articles IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE change_events e
     SET author_ids = (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(e.author_ids || l.ids) AS x),
         changed = CASE WHEN e.kind IN ('created', 'deleted') OR 'authors' = ANY (e.changed) THEN e.changed ELSE array_append(e.changed, 'authors') END
    FROM (SELECT x.article_id, array_agg(x.author_id) AS ids FROM unnest(link_articles, link_authors) AS x(article_id, author_id) GROUP BY x.article_id) l
   WHERE e.txid = pg_current_xact_id()::text::bigint AND e.resource = 'article' AND e.resource_id = l.article_id;
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, changed, author_ids, topics_before, section_before)
  SELECT 'updated', 'article', a.id, a.slug, a.version, newsdesk_article_public(a.status, a.published_at), newsdesk_article_public(a.status, a.published_at),
         ARRAY['authors'], l.ids,
         coalesce((SELECT array_agg(t.topic_id ORDER BY t.topic_id) FROM article_topics t WHERE t.article_id = a.id), '{}'), a.section
    FROM (SELECT x.article_id, array_agg(DISTINCT x.author_id ORDER BY x.author_id) AS ids
            FROM unnest(link_articles, link_authors) AS x(article_id, author_id) GROUP BY x.article_id) l
    JOIN articles a ON a.id = l.article_id
   WHERE NOT newsdesk_has_event('article', a.id)
   ORDER BY a.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER article_authors_changes_update AFTER UPDATE ON article_authors REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_article_authors_changed();

-- TRUNCATE fires no row or statement trigger that could record it: the feed, webhooks, caches
-- and mirrors would never hear that everything went. It is refused on the content tables. To
-- wipe a database on purpose (a scratch or bench copy), say so in the same session:
--   SET newsdesk.allow_truncate = on; TRUNCATE articles, ... ;
-- and know that nothing downstream is told.
CREATE FUNCTION newsdesk_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('newsdesk.allow_truncate', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'TRUNCATE % would remove content without a change event; delete the rows instead (DELETE records each removal), or SET newsdesk.allow_truncate = on to wipe it unrecorded', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER articles_no_truncate BEFORE TRUNCATE ON articles FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
CREATE TRIGGER quotes_no_truncate BEFORE TRUNCATE ON quotes FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
CREATE TRIGGER topics_no_truncate BEFORE TRUNCATE ON topics FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
CREATE TRIGGER speakers_no_truncate BEFORE TRUNCATE ON speakers FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
CREATE TRIGGER authors_no_truncate BEFORE TRUNCATE ON authors FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
CREATE TRIGGER article_topics_no_truncate BEFORE TRUNCATE ON article_topics FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
CREATE TRIGGER quote_topics_no_truncate BEFORE TRUNCATE ON quote_topics FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
CREATE TRIGGER article_authors_no_truncate BEFORE TRUNCATE ON article_authors FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
CREATE TRIGGER corrections_no_truncate BEFORE TRUNCATE ON corrections FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_refuse_truncate();
