-- The change-event backbone (a transactional outbox). Every change to an article, quote,
-- topic or speaker writes a row in change_events in the same transaction, from triggers,
-- so no writer (API, bulk, importer, CLI, psql) can bypass it. The app names who made the
-- change with set_config('newsdesk.actor'/'newsdesk.actor_key', ..., true) (src/lib/write-path.ts).
--
-- Commit order: at commit, a deferred trigger takes a lock and gives the transaction the
-- next change_commits.seq; the lock is held until the commit is visible, so a reader that
-- sees commit N sees every commit before N. Readers page by (seq, event id) and never skip
-- an event when transactions commit in another order than they began.

-- What a public caller may see of an article (the same rule as publicArticlesCondition), as
-- of the statement that asks: a story published "now" by the app (its clock read before the
-- statement was sent) is public for the statement that writes it, not only for the next transaction.
CREATE FUNCTION newsdesk_article_public(status "ContentStatus", published_at timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce((status = 'published' AND (published_at IS NULL OR published_at <= statement_timestamp()))
    OR (status = 'scheduled' AND published_at <= statement_timestamp()), false)
$$;

-- A topic or speaker is public unless every story that uses it is hidden (one nothing uses is public).
-- `hidden`: stories to count as not public (used at commit to tell what a publication changed).
CREATE FUNCTION newsdesk_topic_public(topic uuid, hidden uuid[] DEFAULT '{}') RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT (NOT EXISTS (SELECT 1 FROM article_topics WHERE topic_id = topic) AND NOT EXISTS (SELECT 1 FROM quote_topics WHERE topic_id = topic))
    OR EXISTS (SELECT 1 FROM article_topics l JOIN articles a ON a.id = l.article_id
               WHERE l.topic_id = topic AND newsdesk_article_public(a.status, a.published_at) AND a.id <> ALL (hidden))
    OR EXISTS (SELECT 1 FROM quote_topics l JOIN quotes q ON q.id = l.quote_id JOIN articles a ON a.id = q.article_id
               WHERE l.topic_id = topic AND newsdesk_article_public(a.status, a.published_at) AND a.id <> ALL (hidden))
$$;

CREATE FUNCTION newsdesk_speaker_public(speaker uuid, hidden uuid[] DEFAULT '{}') RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT NOT EXISTS (SELECT 1 FROM quotes WHERE speaker_id = speaker)
    OR EXISTS (SELECT 1 FROM quotes q JOIN articles a ON a.id = q.article_id
               WHERE q.speaker_id = speaker AND newsdesk_article_public(a.status, a.published_at) AND a.id <> ALL (hidden))
$$;

CREATE TABLE change_commits (
  txid         bigint PRIMARY KEY,
  seq          bigint,
  committed_at timestamptz(3)
);
CREATE UNIQUE INDEX change_commits_seq_key ON change_commits (seq);
CREATE SEQUENCE change_commit_seq;

CREATE TABLE change_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txid          bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
  kind          text NOT NULL CHECK (kind IN ('created', 'updated', 'published', 'unpublished', 'deleted')),
  resource      text NOT NULL CHECK (resource IN ('article', 'quote', 'topic', 'speaker')),
  resource_id   uuid NOT NULL,
  slug          text,
  version       integer,
  actor         text NOT NULL DEFAULT coalesce(nullif(current_setting('newsdesk.actor', true), ''), 'sql'),
  actor_key_id  uuid DEFAULT nullif(current_setting('newsdesk.actor_key', true), '')::uuid,
  public_before boolean NOT NULL,
  public_after  boolean NOT NULL,
  article_id    uuid,
  speaker_id    uuid,
  section       text,
  topic_ids     uuid[] NOT NULL DEFAULT '{}',
  -- Topic links of an updated article when the update began, to tell at commit whether they changed.
  topics_before uuid[] NOT NULL DEFAULT '{}',
  changed       text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX change_events_txid_idx ON change_events (txid, id);
CREATE INDEX change_events_resource_idx ON change_events (resource_id, id);

-- Stories whose publication time is still to come; the scheduler (src/modules/changes/scheduler.ts)
-- claims due rows with SKIP LOCKED and writes their `published` events, once, whatever the
-- number of instances.
CREATE TABLE scheduled_publications (
  article_id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  due_at     timestamptz(3) NOT NULL
);
CREATE INDEX scheduled_publications_due_idx ON scheduled_publications (due_at);

-- Claims due stories (SKIP LOCKED: instances running this together take disjoint rows) and
-- writes their `published` events in the caller's transaction. Returns how many were due.
CREATE FUNCTION newsdesk_publish_due(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  due uuid[];
BEGIN
  WITH claimed AS (
    DELETE FROM scheduled_publications
     WHERE article_id IN (SELECT article_id FROM scheduled_publications WHERE due_at <= statement_timestamp()
                           ORDER BY due_at, article_id LIMIT max_rows FOR UPDATE SKIP LOCKED)
    RETURNING article_id
  )
  SELECT coalesce(array_agg(article_id), '{}') INTO due FROM claimed;
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, topics_before)
  SELECT 'published', 'article', a.id, a.slug, a.version, false, true,
         coalesce((SELECT array_agg(l.topic_id ORDER BY l.topic_id) FROM article_topics l WHERE l.article_id = a.id), '{}')
    FROM articles a WHERE a.id = ANY (due) AND newsdesk_article_public(a.status, a.published_at)
   ORDER BY a.published_at, a.id;
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id)
  SELECT 'published', 'quote', q.id, q.version, false, true, q.article_id, q.speaker_id
    FROM quotes q JOIN articles a ON a.id = q.article_id
   WHERE a.id = ANY (due) AND newsdesk_article_public(a.status, a.published_at)
   ORDER BY q.article_id, q.position, q.id;
  RETURN cardinality(due);
END
$$;

-- Every statement that writes events registers its transaction once.
CREATE FUNCTION newsdesk_register_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_commits (txid) VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER change_events_register AFTER INSERT ON change_events FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_register_commit();

-- At commit: complete the events with what only the final state knows, then number the commit.
CREATE FUNCTION newsdesk_sequence_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
  published_now uuid[];
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
  UPDATE change_events
     SET public_after = CASE resource WHEN 'topic' THEN newsdesk_topic_public(resource_id) ELSE newsdesk_speaker_public(resource_id) END
   WHERE txid = NEW.txid AND resource IN ('topic', 'speaker') AND kind <> 'deleted';

  -- Topics and speakers that only hidden stories used appear with the story that makes them
  -- public, and disappear with the last public story that used them.
  SELECT coalesce(array_agg(resource_id), '{}') INTO published_now
    FROM change_events WHERE txid = NEW.txid AND resource = 'article' AND kind = 'published';
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
  SELECT CASE WHEN v.is_public THEN 'published' ELSE 'unpublished' END, v.resource, v.id, v.slug, v.version, NOT v.is_public, v.is_public
    FROM (
      SELECT 'topic' AS resource, t.id, t.slug, t.version, newsdesk_topic_public(t.id) AS is_public,
             bool_or(f.kind = 'published') AS publishing, newsdesk_topic_public(t.id, published_now) AS public_anyway
        FROM change_events f
        JOIN LATERAL (SELECT topic_id FROM article_topics WHERE article_id = f.resource_id
                      UNION SELECT qt.topic_id FROM quote_topics qt JOIN quotes q ON q.id = qt.quote_id WHERE q.article_id = f.resource_id) l ON true
        JOIN topics t ON t.id = l.topic_id
       WHERE f.txid = NEW.txid AND f.resource = 'article' AND f.kind IN ('published', 'unpublished')
       GROUP BY t.id
      UNION ALL
      SELECT 'speaker', s.id, s.slug, s.version, newsdesk_speaker_public(s.id),
             bool_or(f.kind = 'published'), newsdesk_speaker_public(s.id, published_now)
        FROM change_events f
        JOIN quotes q ON q.article_id = f.resource_id
        JOIN speakers s ON s.id = q.speaker_id
       WHERE f.txid = NEW.txid AND f.resource = 'article' AND f.kind IN ('published', 'unpublished')
       GROUP BY s.id
    ) v
   -- published: public now and through this transaction's stories only; unpublished: hidden now.
   WHERE (v.is_public AND v.publishing AND NOT v.public_anyway OR NOT v.is_public AND NOT v.publishing)
     AND NOT EXISTS (SELECT 1 FROM change_events e WHERE e.txid = NEW.txid AND e.resource_id = v.id)
   ORDER BY v.resource, v.id;

  PERFORM pg_advisory_xact_lock(7305003); -- held until this commit is visible: seq follows commit order
  next_seq := nextval('change_commit_seq');
  UPDATE change_commits SET seq = next_seq, committed_at = clock_timestamp() WHERE txid = NEW.txid;
  PERFORM pg_notify('newsdesk_changes', next_seq::text);
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER change_commits_sequence AFTER INSERT ON change_commits
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION newsdesk_sequence_commit();

-- Articles -----------------------------------------------------------------------------

CREATE FUNCTION newsdesk_articles_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
  SELECT k.kind, 'article', n.id, n.slug, n.version, false, newsdesk_article_public(n.status, n.published_at)
    FROM new_rows n
    CROSS JOIN LATERAL (VALUES (1, 'created'), (2, 'published')) AS k(ord, kind)
   WHERE k.kind = 'created' OR newsdesk_article_public(n.status, n.published_at)
   ORDER BY n.id, k.ord;
  INSERT INTO scheduled_publications (article_id, due_at)
  SELECT id, published_at FROM new_rows
   WHERE status IN ('published', 'scheduled') AND published_at > statement_timestamp()
  ON CONFLICT (article_id) DO UPDATE SET due_at = EXCLUDED.due_at;
  RETURN NULL;
END
$$;
CREATE TRIGGER articles_changes_insert AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_articles_inserted();

CREATE FUNCTION newsdesk_articles_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, changed, topics_before)
  SELECT CASE WHEN NOT p.was_public AND p.is_public THEN 'published' WHEN p.was_public AND NOT p.is_public THEN 'unpublished' ELSE 'updated' END,
         'article', p.id, p.slug, p.version, p.was_public, p.is_public, p.changed,
         coalesce((SELECT array_agg(l.topic_id ORDER BY l.topic_id) FROM article_topics l WHERE l.article_id = p.id), '{}')
    FROM (
      SELECT n.id, n.slug, n.version, o.version AS old_version,
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
CREATE TRIGGER articles_changes_update AFTER UPDATE ON articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_articles_updated();

-- Per row and BEFORE: the story's topic links and quotes are still there to describe (a
-- statement trigger AFTER DELETE runs once the cascades have removed them).
CREATE FUNCTION newsdesk_article_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_public boolean := newsdesk_article_public(OLD.status, OLD.published_at);
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, section, topic_ids)
  VALUES ('deleted', 'article', OLD.id, OLD.slug, NULL, was_public, false, OLD.section,
          coalesce((SELECT array_agg(topic_id ORDER BY topic_id) FROM article_topics WHERE article_id = OLD.id), '{}'));
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id)
  SELECT 'deleted', 'quote', q.id, NULL, was_public, false, q.article_id, q.speaker_id
    FROM quotes q WHERE q.article_id = OLD.id ORDER BY q.position, q.id;
  RETURN OLD;
END
$$;
CREATE TRIGGER articles_changes_delete BEFORE DELETE ON articles FOR EACH ROW EXECUTE FUNCTION newsdesk_article_deleting();

-- Quotes -------------------------------------------------------------------------------

CREATE FUNCTION newsdesk_quotes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id)
  SELECT 'created', 'quote', n.id, n.version, false, newsdesk_article_public(a.status, a.published_at), n.article_id, n.speaker_id
    FROM new_rows n JOIN articles a ON a.id = n.article_id
   ORDER BY n.article_id, n.position, n.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER quotes_changes_insert AFTER INSERT ON quotes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_quotes_inserted();

CREATE FUNCTION newsdesk_quotes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id, changed)
  SELECT 'updated', 'quote', n.id, n.version,
         newsdesk_article_public(oa.status, oa.published_at), newsdesk_article_public(na.status, na.published_at),
         n.article_id, n.speaker_id,
         array_remove(ARRAY[
           CASE WHEN o.text IS DISTINCT FROM n.text THEN 'text' END,
           CASE WHEN o.speaker_id IS DISTINCT FROM n.speaker_id THEN 'speaker' END,
           CASE WHEN o.article_id IS DISTINCT FROM n.article_id THEN 'article' END,
           CASE WHEN o.position IS DISTINCT FROM n.position THEN 'position' END,
           CASE WHEN o.said_at IS DISTINCT FROM n.said_at THEN 'saidAt' END,
           CASE WHEN o.context IS DISTINCT FROM n.context THEN 'context' END
         ], NULL)
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN articles na ON na.id = n.article_id
    JOIN articles oa ON oa.id = o.article_id
   WHERE n.version <> o.version OR (o.text, o.speaker_id, o.article_id, o.position, o.said_at, o.context)
                                IS DISTINCT FROM (n.text, n.speaker_id, n.article_id, n.position, n.said_at, n.context)
   ORDER BY n.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER quotes_changes_update AFTER UPDATE ON quotes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_quotes_updated();

-- Quotes deleted with their story were described by newsdesk_article_deleting.
CREATE FUNCTION newsdesk_quotes_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id)
  SELECT 'deleted', 'quote', o.id, NULL, newsdesk_article_public(a.status, a.published_at), false, o.article_id, o.speaker_id
    FROM old_rows o JOIN articles a ON a.id = o.article_id
   ORDER BY o.article_id, o.position, o.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER quotes_changes_delete AFTER DELETE ON quotes REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_quotes_deleted();

-- Topics and speakers: whether the public may see them is settled at commit, when the
-- transaction's links are in place (newsdesk_sequence_commit).

CREATE FUNCTION newsdesk_named_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
  SELECT 'created', TG_ARGV[0], n.id, n.slug, n.version, false, true FROM new_rows n ORDER BY n.id;
  RETURN NULL;
END
$$;

CREATE FUNCTION newsdesk_named_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
  SELECT 'updated', TG_ARGV[0], n.id, n.slug, n.version,
         CASE TG_ARGV[0] WHEN 'topic' THEN newsdesk_topic_public(n.id) ELSE newsdesk_speaker_public(n.id) END, true
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE n.version <> o.version
   ORDER BY n.id;
  RETURN NULL;
END
$$;

-- BEFORE, per row: a topic's links are cascaded away before any AFTER statement trigger runs.
CREATE FUNCTION newsdesk_named_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
  VALUES ('deleted', TG_ARGV[0], OLD.id, OLD.slug, NULL,
          CASE TG_ARGV[0] WHEN 'topic' THEN newsdesk_topic_public(OLD.id) ELSE newsdesk_speaker_public(OLD.id) END, false);
  RETURN OLD;
END
$$;

CREATE TRIGGER topics_changes_insert AFTER INSERT ON topics REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_named_inserted('topic');
CREATE TRIGGER topics_changes_update AFTER UPDATE ON topics REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_named_updated('topic');
CREATE TRIGGER topics_changes_delete BEFORE DELETE ON topics FOR EACH ROW EXECUTE FUNCTION newsdesk_named_deleting('topic');
CREATE TRIGGER speakers_changes_insert AFTER INSERT ON speakers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_named_inserted('speaker');
CREATE TRIGGER speakers_changes_update AFTER UPDATE ON speakers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_named_updated('speaker');
CREATE TRIGGER speakers_changes_delete BEFORE DELETE ON speakers FOR EACH ROW EXECUTE FUNCTION newsdesk_named_deleting('speaker');

-- The content that exists already becomes the feed's first commit, so a partner that reads
-- the feed from the start mirrors everything.
SELECT set_config('newsdesk.actor', 'migration', true);
INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
SELECT 'created', 'topic', id, slug, version, false, true FROM topics ORDER BY created_at, id;
INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
SELECT 'created', 'speaker', id, slug, version, false, true FROM speakers ORDER BY created_at, id;
INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after)
SELECT 'created', 'article', id, slug, version, false, newsdesk_article_public(status, published_at) FROM articles ORDER BY created_at, id;
INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id)
SELECT 'created', 'quote', q.id, q.version, false, newsdesk_article_public(a.status, a.published_at), q.article_id, q.speaker_id
  FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY q.article_id, q.position, q.id;
INSERT INTO scheduled_publications (article_id, due_at)
SELECT id, published_at FROM articles WHERE status IN ('published', 'scheduled') AND published_at > statement_timestamp();
