-- A topic or speaker is public unless only hidden stories use it (migration 005), so it can
-- appear or disappear through a change to something else: a story published or unpublished,
-- a published story retagged, a quote added to one or given to another speaker. Remember
-- what the feed last told the public about each, and at commit compare that with the truth
-- for every topic and speaker the transaction touched: any difference is announced as a
-- `published` or `unpublished` event. (Migration 005 handled only a story's own publication.)
CREATE TABLE named_visibility (
  resource text NOT NULL CHECK (resource IN ('topic', 'speaker')),
  id       uuid NOT NULL,
  public   boolean NOT NULL,
  PRIMARY KEY (resource, id)
);

-- One that nothing uses any more keeps what the public was last told: a topic only a deleted
-- draft used stays hidden; one a deleted public story used stays public. One nothing has ever
-- used (an editor made it on its own) is public.
CREATE OR REPLACE FUNCTION newsdesk_topic_public(topic uuid, hidden uuid[] DEFAULT '{}') RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT (NOT EXISTS (SELECT 1 FROM article_topics WHERE topic_id = topic) AND NOT EXISTS (SELECT 1 FROM quote_topics WHERE topic_id = topic)
          AND coalesce((SELECT public FROM named_visibility WHERE resource = 'topic' AND id = topic), true))
    OR EXISTS (SELECT 1 FROM article_topics l JOIN articles a ON a.id = l.article_id
               WHERE l.topic_id = topic AND newsdesk_article_public(a.status, a.published_at) AND a.id <> ALL (hidden))
    OR EXISTS (SELECT 1 FROM quote_topics l JOIN quotes q ON q.id = l.quote_id JOIN articles a ON a.id = q.article_id
               WHERE l.topic_id = topic AND newsdesk_article_public(a.status, a.published_at) AND a.id <> ALL (hidden))
$$;

CREATE OR REPLACE FUNCTION newsdesk_speaker_public(speaker uuid, hidden uuid[] DEFAULT '{}') RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT (NOT EXISTS (SELECT 1 FROM quotes WHERE speaker_id = speaker)
          AND coalesce((SELECT public FROM named_visibility WHERE resource = 'speaker' AND id = speaker), true))
    OR EXISTS (SELECT 1 FROM quotes q JOIN articles a ON a.id = q.article_id
               WHERE q.speaker_id = speaker AND newsdesk_article_public(a.status, a.published_at) AND a.id <> ALL (hidden))
$$;

INSERT INTO named_visibility SELECT 'topic', id, newsdesk_topic_public(id) FROM topics;
INSERT INTO named_visibility SELECT 'speaker', id, newsdesk_speaker_public(id) FROM speakers;

-- A reattributed quote touches the speaker it leaves as well as the one it goes to.
ALTER TABLE change_events ADD COLUMN speaker_before uuid;

CREATE OR REPLACE FUNCTION newsdesk_quotes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id, speaker_before, changed)
  SELECT 'updated', 'quote', n.id, n.version,
         newsdesk_article_public(oa.status, oa.published_at), newsdesk_article_public(na.status, na.published_at),
         n.article_id, n.speaker_id, CASE WHEN o.speaker_id IS DISTINCT FROM n.speaker_id THEN o.speaker_id END,
         array_remove(ARRAY[
           CASE WHEN o.text IS DISTINCT FROM n.text THEN 'text' END,
           CASE WHEN o.speaker_id IS DISTINCT FROM n.speaker_id THEN 'speaker' END,
           CASE WHEN o.speaker_role IS DISTINCT FROM n.speaker_role THEN 'speakerRole' END,
           CASE WHEN o.speaker_organization IS DISTINCT FROM n.speaker_organization THEN 'speakerOrganization' END,
           CASE WHEN o.speaker_description IS DISTINCT FROM n.speaker_description THEN 'speakerDescription' END,
           CASE WHEN o.article_id IS DISTINCT FROM n.article_id THEN 'article' END,
           CASE WHEN o.position IS DISTINCT FROM n.position THEN 'position' END,
           CASE WHEN o.said_at IS DISTINCT FROM n.said_at THEN 'saidAt' END,
           CASE WHEN o.context IS DISTINCT FROM n.context THEN 'context' END
         ], NULL)
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN articles na ON na.id = n.article_id
    JOIN articles oa ON oa.id = o.article_id
   WHERE n.version <> o.version
      OR (o.text, o.speaker_id, o.speaker_role, o.speaker_organization, o.speaker_description, o.article_id, o.position, o.said_at, o.context)
         IS DISTINCT FROM (n.text, n.speaker_id, n.speaker_role, n.speaker_organization, n.speaker_description, n.article_id, n.position, n.said_at, n.context)
   ORDER BY n.id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION newsdesk_sequence_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
  touched record;
  is_public boolean;
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

  PERFORM pg_advisory_xact_lock(7305003); -- held until this commit is visible: seq follows commit order
  next_seq := nextval('change_commit_seq');
  UPDATE change_commits SET seq = next_seq, committed_at = clock_timestamp() WHERE txid = NEW.txid;
  PERFORM pg_notify('newsdesk_changes', next_seq::text);
  RETURN NULL;
END
$$;
