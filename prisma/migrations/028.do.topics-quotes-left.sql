-- A topic is public unless every story using it, directly or through one of its quotes, is
-- hidden. The commit (newsdesk_sequence_commit) rechecks the topics of the quotes a transaction
-- changed, but only those the quotes still have: a topic a quote left (its links replaced, the
-- quote deleted, or its story deleted with it) was never rechecked, so a topic that only a draft
-- still used stayed public in caches and the change feed told no one. The links a transaction
-- removes are noted here for its commit, which rechecks them and clears its notes.
CREATE TABLE change_topics_left (
  txid     bigint NOT NULL,
  topic_id uuid NOT NULL,
  PRIMARY KEY (txid, topic_id)
);

-- Migration 026's, noting the topics of the links removed.
CREATE OR REPLACE FUNCTION newsdesk_quote_topics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO change_topics_left (txid, topic_id) SELECT DISTINCT pg_current_xact_id()::text::bigint, topic_id FROM old_rows
    ON CONFLICT DO NOTHING;
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

-- Migration 024's, with the topics quotes left among the candidates.
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
      UNION SELECT 'topic', l.topic_id FROM change_topics_left l WHERE l.txid = NEW.txid
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

  DELETE FROM change_topics_left WHERE txid = NEW.txid;

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

