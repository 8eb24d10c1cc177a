-- Link tables are part of what a story or quote shows, so a write to one is a change to it.
-- Until now a statement on article_topics, quote_topics or article_authors alone (psql, a
-- script: every API path writes the story or quote first) left a revision (migration 013)
-- but no change event: no feed entry, webhook, cache invalidation or CDN purge. Now such a
-- statement records an `updated` event of its parent, in its transaction, naming the field
-- (`topics`, `authors`). Deduplicated as migration 014 does for authors: a parent that already
-- has an event in this transaction (the API's save, which writes the row first) keeps that one
-- event, which the commit (topics, migration 005) or migration 014's trigger (authors) completes.

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
    SELECT a.id, a.slug, a.version, newsdesk_article_public(a.status, a.published_at) AS is_public
      FROM articles a
     WHERE a.id IN (SELECT article_id FROM delta) AND NOT newsdesk_has_event('article', a.id)
  ), before_links AS (
    (SELECT l.article_id, l.topic_id FROM article_topics l JOIN fresh f ON f.id = l.article_id
     EXCEPT SELECT article_id, topic_id FROM delta WHERE added)
    UNION SELECT d.article_id, d.topic_id FROM delta d JOIN fresh f ON f.id = d.article_id WHERE NOT d.added
  )
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, changed, topics_before)
  SELECT 'updated', 'article', f.id, f.slug, f.version, f.is_public, f.is_public, ARRAY['topics'],
         coalesce((SELECT array_agg(b.topic_id ORDER BY b.topic_id) FROM before_links b WHERE b.article_id = f.id), '{}')
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
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, changed, author_ids, topics_before)
  SELECT 'updated', 'article', a.id, a.slug, a.version, newsdesk_article_public(a.status, a.published_at), newsdesk_article_public(a.status, a.published_at),
         ARRAY['authors'], l.ids,
         coalesce((SELECT array_agg(t.topic_id ORDER BY t.topic_id) FROM article_topics t WHERE t.article_id = a.id), '{}')
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
