-- An editor's save (a text-only PATCH) under a busy newsroom spent its commit in work that
-- could not change its outcome, some of it while holding the commit lock that every committing
-- writer waits for (migration 005), and built its revision's snapshot three times:
--
-- 1. Revisions (migration 013) were written by a deferred trigger queued after the commit's
--    numbering, so the snapshot was built inside the lock. The numbering now writes them first
--    (newsdesk_write_revisions_of), before it takes the lock; the deferred trigger still runs
--    for transactions that register no commit, and finds nothing left when one did.
-- 2. At commit, every topic and author of every article event had its visibility recomputed and
--    rewritten in named_visibility (migrations 010, 014). A story's topics and authors can
--    only appear or disappear when the story is created, deleted, published or unpublished, or
--    when its topic or author links change. An `updated` event with the same visibility before
--    and after, the same topics, and no link written in the transaction (the flag below, set
--    by statement triggers on the link tables, whichever order the statements came in) now
--    adds no candidates; everything else is checked as before.

-- Set for the rest of the transaction by any write to a story's topic or author links.
CREATE FUNCTION newsdesk_links_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('newsdesk.links_written', 'on', true);
  RETURN NULL;
END
$$;
CREATE TRIGGER article_topics_links_written AFTER INSERT OR UPDATE OR DELETE ON article_topics
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_links_written();
CREATE TRIGGER article_authors_links_written AFTER INSERT OR UPDATE OR DELETE ON article_authors
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_links_written();

-- Migration 013's revision writing, for one transaction: one revision per marked article still
-- there, unless it equals the last one. The first call takes every mark; later calls find none.
-- Each snapshot is built once (it was built three times: once for each use of the CTE's column).
CREATE FUNCTION newsdesk_write_revisions_of(tx bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH taken AS (
    DELETE FROM article_revision_marks WHERE txid = tx RETURNING article_id
  ), current AS MATERIALIZED (
    -- Materialized: inlined, each of the three uses below built the snapshot again.
    SELECT a.id, a.version, newsdesk_article_snapshot(a.id) AS snapshot,
           (SELECT r.snapshot FROM article_revisions r WHERE r.article_id = a.id ORDER BY r.number DESC LIMIT 1) AS previous,
           coalesce((SELECT max(r.number) FROM article_revisions r WHERE r.article_id = a.id), 0) AS last_number
      FROM taken m JOIN articles a ON a.id = m.article_id
  )
  INSERT INTO article_revisions (article_id, number, version, snapshot, changed)
  SELECT c.id, c.last_number + 1, c.version, c.snapshot,
         CASE WHEN c.previous IS NULL THEN '{}' ELSE ARRAY(
           SELECT k.key FROM jsonb_each(c.snapshot) k
            WHERE k.key NOT IN ('version', 'updatedAt') AND c.previous -> k.key IS DISTINCT FROM k.value ORDER BY k.key) END
    FROM current c
   WHERE c.previous IS DISTINCT FROM c.snapshot
   ORDER BY c.id;
END
$$;

CREATE OR REPLACE FUNCTION newsdesk_write_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsdesk_write_revisions_of(NEW.txid);
  RETURN NULL;
END
$$;

-- Migration 014's, with the authors of an unchanged-visibility update left out.
CREATE OR REPLACE FUNCTION newsdesk_authors_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
  is_public boolean;
  links_written boolean := coalesce(current_setting('newsdesk.links_written', true), '') = 'on';
BEGIN
  FOR touched IN
    WITH candidates AS (
      SELECT resource_id AS id FROM change_events WHERE txid = NEW.txid AND resource = 'author'
      UNION SELECT x.id FROM change_events e, unnest(e.author_ids) AS x(id) WHERE e.txid = NEW.txid AND e.resource = 'article'
      UNION SELECT l.author_id FROM change_events e JOIN article_authors l ON l.article_id = e.resource_id
       WHERE e.txid = NEW.txid AND e.resource = 'article'
         AND (e.kind <> 'updated' OR e.public_before <> e.public_after OR links_written)
    )
    SELECT c.id, v.public AS was_public, au.slug, au.version, au.id IS NOT NULL AS present,
           EXISTS (SELECT 1 FROM change_events e WHERE e.txid = NEW.txid AND e.resource_id = c.id AND e.kind IN ('created', 'deleted')) AS born_or_gone
      FROM candidates c
      LEFT JOIN named_visibility v ON v.resource = 'author' AND v.id = c.id
      LEFT JOIN authors au ON au.id = c.id
     ORDER BY c.id
  LOOP
    IF NOT touched.present THEN
      DELETE FROM named_visibility WHERE resource = 'author' AND id = touched.id;
      UPDATE change_events SET public_before = coalesce(touched.was_public, public_before)
       WHERE txid = NEW.txid AND resource_id = touched.id AND kind = 'deleted';
      CONTINUE;
    END IF;
    is_public := newsdesk_author_public(touched.id);
    UPDATE change_events
       SET public_after = is_public,
           public_before = CASE WHEN kind = 'created' THEN false ELSE coalesce(touched.was_public, is_public) END
     WHERE txid = NEW.txid AND resource = 'author' AND resource_id = touched.id;
    IF touched.was_public IS DISTINCT FROM is_public AND touched.was_public IS NOT NULL AND NOT touched.born_or_gone THEN
      INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
      VALUES (CASE WHEN is_public THEN 'published' ELSE 'unpublished' END, 'author', touched.id, touched.slug, touched.version, touched.was_public, is_public);
    END IF;
    INSERT INTO named_visibility (resource, id, public) VALUES ('author', touched.id, is_public)
    ON CONFLICT (resource, id) DO UPDATE SET public = EXCLUDED.public;
  END LOOP;
  RETURN NULL;
END
$$;

-- Migration 022's, with the topics of an unchanged-visibility update left out and the revisions written before the lock.
CREATE OR REPLACE FUNCTION newsdesk_sequence_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
  touched record;
  is_public boolean;
  described text;
  links_written boolean := coalesce(current_setting('newsdesk.links_written', true), '') = 'on';
BEGIN
  UPDATE change_events e
     SET section = a.section,
         topic_ids = coalesce((SELECT array_agg(l.topic_id ORDER BY l.topic_id) FROM article_topics l WHERE l.article_id = a.id), '{}')
    FROM articles a
   WHERE e.txid = NEW.txid AND e.kind <> 'deleted' AND e.resource IN ('article', 'quote')
     AND a.id = CASE WHEN e.resource = 'article' THEN e.resource_id ELSE e.article_id END;
  UPDATE change_events
     SET changed = array_append(changed, 'topics')
   WHERE txid = NEW.txid AND resource = 'article' AND kind <> 'created' AND kind <> 'deleted'
     AND topic_ids <> topics_before AND NOT ('topics' = ANY (changed));

  -- Every topic and speaker this transaction may have shown or hidden, with what the public
  -- was last told of it and whether it still exists.
  FOR touched IN
    WITH candidates AS (
      SELECT resource, resource_id AS id FROM change_events WHERE txid = NEW.txid AND resource IN ('topic', 'speaker')
      UNION SELECT 'topic', t.id FROM change_events e, unnest(e.topic_ids || e.topics_before) AS t(id)
       WHERE e.txid = NEW.txid AND e.resource = 'article'
         AND (e.kind <> 'updated' OR e.public_before <> e.public_after OR e.topic_ids <> e.topics_before OR links_written)
      UNION SELECT 'topic', qt.topic_id FROM change_events e JOIN quote_topics qt ON qt.quote_id = e.resource_id
       WHERE e.txid = NEW.txid AND e.resource = 'quote'
      UNION SELECT 'speaker', s.id FROM change_events e, unnest(ARRAY[e.speaker_id, e.speaker_before]) AS s(id)
       WHERE e.txid = NEW.txid AND e.resource = 'quote' AND s.id IS NOT NULL
    )
    SELECT c.resource, c.id, v.public AS was_public, coalesce(t.slug, s.slug) AS slug, coalesce(t.version, s.version) AS version,
           (t.id IS NOT NULL OR s.id IS NOT NULL) AS present,
           EXISTS (SELECT 1 FROM change_events e WHERE e.txid = NEW.txid AND e.resource_id = c.id AND e.kind IN ('created', 'deleted')) AS born_or_gone
      FROM candidates c
      LEFT JOIN named_visibility v ON v.resource = c.resource AND v.id = c.id
      LEFT JOIN topics t ON c.resource = 'topic' AND t.id = c.id
      LEFT JOIN speakers s ON c.resource = 'speaker' AND s.id = c.id
     ORDER BY c.resource, c.id
  LOOP
    IF NOT touched.present THEN
      DELETE FROM named_visibility WHERE resource = touched.resource AND id = touched.id;
      UPDATE change_events SET public_before = coalesce(touched.was_public, public_before)
       WHERE txid = NEW.txid AND resource_id = touched.id AND kind = 'deleted';
      CONTINUE;
    END IF;
    is_public := CASE touched.resource WHEN 'topic' THEN newsdesk_topic_public(touched.id) ELSE newsdesk_speaker_public(touched.id) END;
    UPDATE change_events
       SET public_after = is_public,
           public_before = CASE WHEN kind = 'created' THEN false ELSE coalesce(touched.was_public, is_public) END
     WHERE txid = NEW.txid AND resource = touched.resource AND resource_id = touched.id;
    IF touched.was_public IS DISTINCT FROM is_public AND touched.was_public IS NOT NULL AND NOT touched.born_or_gone THEN
      INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
      VALUES (CASE WHEN is_public THEN 'published' ELSE 'unpublished' END, touched.resource, touched.id, touched.slug, touched.version, touched.was_public, is_public);
    END IF;
    INSERT INTO named_visibility (resource, id, public) VALUES (touched.resource, touched.id, is_public)
    ON CONFLICT (resource, id) DO UPDATE SET public = EXCLUDED.public;
  END LOOP;

  -- A small commit's events ride on its announcement, so caches apply them without a read.
  -- Built before the lock below, which every committing writer waits for; the events are final here.
  SELECT CASE WHEN count(*) <= 32 THEN json_agg(x.event)::text END INTO described
    FROM (SELECT json_build_object(
                   'kind', e.kind, 'resource', e.resource, 'resourceId', e.resource_id, 'publicBefore', e.public_before,
                   'publicAfter', e.public_after, 'articleId', e.article_id, 'speakerId', e.speaker_id, 'speakerBefore', e.speaker_before,
                   'topicIds', e.topic_ids, 'topicsBefore', e.topics_before, 'changed', e.changed) AS event
            FROM change_events e WHERE e.txid = NEW.txid LIMIT 33) AS x;

  -- The revisions too: their snapshots are final here, and outside the lock they hold up no other commit.
  PERFORM newsdesk_write_revisions_of(NEW.txid);

  PERFORM pg_advisory_xact_lock(7305003); -- held until this commit is visible: seq follows commit order
  next_seq := nextval('change_commit_seq');
  UPDATE change_commits SET seq = next_seq, committed_at = clock_timestamp() WHERE txid = NEW.txid;
  PERFORM pg_notify('newsdesk_changes', CASE WHEN octet_length(described) <= 7000 THEN next_seq::text || ' ' || described ELSE next_seq::text END);
  RETURN NULL;
END
$$;
