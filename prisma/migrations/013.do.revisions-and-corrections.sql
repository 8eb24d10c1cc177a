-- Issue 13: revisions and corrections (src/modules/revisions, src/modules/corrections).
--
-- Revisions. Every committed write to an article (its row, its topic links, its quotes) stores
-- the article as it then was: a JSON snapshot in the API's shape with `include=topics,quotes`,
-- its version, the time and the actor (newsdesk.actor / newsdesk.actor_key, set by
-- src/lib/write-path.ts). Triggers do it, so the API, bulk import, the importer, the CLI and
-- psql all leave revisions. Statement triggers mark the articles a transaction touched (and
-- lock them, so revision numbers are handed out one writer at a time per article); at
-- commit, a deferred trigger snapshots each marked article once, in its final state.
-- Revisions are numbered 1, 2, 3... per article: a quote edited on its own makes a revision
-- without changing the article's version.

CREATE TABLE article_revisions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  article_id   uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  number       integer NOT NULL,
  version      integer NOT NULL,
  snapshot     jsonb NOT NULL,
  -- Properties of the snapshot that differ from the revision before (empty for the first).
  changed      text[] NOT NULL DEFAULT '{}',
  actor        text NOT NULL DEFAULT coalesce(nullif(current_setting('newsdesk.actor', true), ''), 'sql'),
  actor_key_id uuid DEFAULT nullif(current_setting('newsdesk.actor_key', true), '')::uuid,
  created_at   timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX article_revisions_article_number_key ON article_revisions (article_id, number);

-- Articles written by transactions in flight, snapshotted at their commit.
CREATE TABLE article_revision_marks (
  txid       bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
  article_id uuid NOT NULL,
  PRIMARY KEY (txid, article_id)
);

CREATE FUNCTION newsdesk_iso_time(value timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The article as GET /v1/articles/{id}?include=topics,quotes shows it (src/modules/articles/dto.ts).
CREATE FUNCTION newsdesk_article_snapshot(article uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', a.id, 'slug', a.slug, 'externalId', a.external_id, 'title', a.title, 'summary', a.summary, 'body', to_jsonb(a.body),
    'section', a.section, 'byline', a.byline, 'sourceUrl', a.source_url, 'status', a.status,
    'publishedAt', newsdesk_iso_time(a.published_at), 'createdAt', newsdesk_iso_time(a.created_at),
    'updatedAt', newsdesk_iso_time(a.updated_at), 'version', a.version,
    'topics', coalesce((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY t.name, t.id)
                          FROM article_topics l JOIN topics t ON t.id = l.topic_id WHERE l.article_id = a.id), '[]'),
    'quotes', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'id', q.id, 'text', q.text, 'length', coalesce(q.text_length, char_length(q.text)), 'speakerId', q.speaker_id,
                 'speakerRole', q.speaker_role, 'speakerOrganization', q.speaker_organization, 'speakerDescription', q.speaker_description,
                 'articleId', q.article_id, 'position', q.position, 'saidAt', newsdesk_iso_time(q.said_at), 'context', q.context,
                 'createdAt', newsdesk_iso_time(q.created_at), 'updatedAt', newsdesk_iso_time(q.updated_at), 'version', q.version,
                 'speaker', CASE WHEN s.id IS NULL THEN NULL ELSE jsonb_build_object(
                   'id', s.id, 'slug', s.slug, 'name', s.name, 'kind', s.kind, 'role', s.role, 'organization', s.organization) END
               ) ORDER BY q.position, q.id)
                 FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = a.id), '[]'))
    FROM articles a WHERE a.id = article
$$;

-- Marks articles and locks them until commit (FOR NO KEY UPDATE: quote inserts' key-share
-- locks pass), so two writers of one article number their revisions one after the other.
CREATE FUNCTION newsdesk_mark_revisions(touched uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM articles a WHERE a.id = ANY (touched) ORDER BY a.id FOR NO KEY UPDATE;
  INSERT INTO article_revision_marks (article_id)
  SELECT DISTINCT m.id FROM unnest(touched) AS m(id) WHERE m.id IS NOT NULL
  ON CONFLICT DO NOTHING;
END
$$;

CREATE FUNCTION newsdesk_articles_revision_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsdesk_mark_revisions(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END
$$;
CREATE FUNCTION newsdesk_articles_revision_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsdesk_mark_revisions(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.version <> o.version
        OR (n.slug, n.external_id, n.title, n.summary, n.body, n.section, n.byline, n.source_url, n.status, n.published_at)
           IS DISTINCT FROM (o.slug, o.external_id, o.title, o.summary, o.body, o.section, o.byline, o.source_url, o.status, o.published_at)));
  RETURN NULL;
END
$$;
CREATE TRIGGER articles_revisions_insert AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_articles_revision_inserted();
CREATE TRIGGER articles_revisions_update AFTER UPDATE ON articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_articles_revision_updated();

-- Quotes and topic links: the article they belong to (both, when a quote moves).
CREATE FUNCTION newsdesk_children_revision_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsdesk_mark_revisions(ARRAY(SELECT article_id FROM new_rows));
  RETURN NULL;
END
$$;
CREATE FUNCTION newsdesk_children_revision_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A story being deleted takes its quotes and links with it: nothing left to snapshot.
  PERFORM newsdesk_mark_revisions(ARRAY(SELECT o.article_id FROM old_rows o WHERE EXISTS (SELECT 1 FROM articles a WHERE a.id = o.article_id)));
  RETURN NULL;
END
$$;
CREATE FUNCTION newsdesk_quotes_revision_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsdesk_mark_revisions(ARRAY(
    SELECT x.article_id FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.article_id), (o.article_id)) AS x(article_id)
     WHERE n.version <> o.version
        OR (n.text, n.speaker_id, n.speaker_role, n.speaker_organization, n.speaker_description, n.article_id, n.position, n.said_at, n.context)
           IS DISTINCT FROM (o.text, o.speaker_id, o.speaker_role, o.speaker_organization, o.speaker_description, o.article_id, o.position, o.said_at, o.context)));
  RETURN NULL;
END
$$;
CREATE TRIGGER quotes_revisions_insert AFTER INSERT ON quotes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_children_revision_new();
CREATE TRIGGER quotes_revisions_update AFTER UPDATE ON quotes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_quotes_revision_updated();
CREATE TRIGGER quotes_revisions_delete AFTER DELETE ON quotes REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_children_revision_old();
CREATE TRIGGER article_topics_revisions_insert AFTER INSERT ON article_topics REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_children_revision_new();
CREATE TRIGGER article_topics_revisions_delete AFTER DELETE ON article_topics REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_children_revision_old();

-- At commit: one revision per marked article still there, unless it equals the last one
-- (a write that changed nothing). The first call of the transaction takes every mark.
CREATE FUNCTION newsdesk_write_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH taken AS (
    DELETE FROM article_revision_marks WHERE txid = NEW.txid RETURNING article_id
  ), current AS (
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
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER article_revision_marks_commit AFTER INSERT ON article_revision_marks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION newsdesk_write_revisions();

-- The articles that exist already start with one revision each: themselves.
SELECT set_config('newsdesk.actor', 'migration', true);
INSERT INTO article_revisions (article_id, number, version, snapshot, created_at)
SELECT id, 1, version, newsdesk_article_snapshot(id), updated_at FROM articles;

-- Corrections. Public once their story is, never deleted silently: rows cannot be changed or
-- deleted except with their story; a later correction may supersede an earlier one, which
-- stays visible, marked superseded.
CREATE TABLE corrections (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  article_id   uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('correction', 'clarification', 'update')),
  text         text NOT NULL,
  supersedes   uuid REFERENCES corrections (id) ON DELETE CASCADE,
  actor        text NOT NULL DEFAULT coalesce(nullif(current_setting('newsdesk.actor', true), ''), 'sql'),
  actor_key_id uuid DEFAULT nullif(current_setting('newsdesk.actor_key', true), '')::uuid,
  created_at   timestamptz(3) NOT NULL DEFAULT now()
);
-- Superseded at most once: a chain, never a fork.
CREATE UNIQUE INDEX corrections_supersedes_key ON corrections (supersedes);
CREATE INDEX corrections_created_idx ON corrections (created_at DESC, id DESC);
CREATE INDEX corrections_article_idx ON corrections (article_id, created_at, id);

CREATE FUNCTION newsdesk_corrections_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id) THEN
    RETURN OLD; -- its story is being deleted
  END IF;
  RAISE EXCEPTION 'corrections are never changed or deleted; add one that supersedes it' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER corrections_immutable BEFORE UPDATE OR DELETE ON corrections FOR EACH ROW EXECUTE FUNCTION newsdesk_corrections_immutable();

-- A correction is a change to its story: an `updated` article event with `changed: ["corrections"]`,
-- public when the story is, so the change feed, webhooks and cache invalidation see it.
CREATE FUNCTION newsdesk_corrections_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, slug, version, public_before, public_after, changed, topics_before)
  SELECT 'updated', 'article', a.id, a.slug, a.version, newsdesk_article_public(a.status, a.published_at),
         newsdesk_article_public(a.status, a.published_at), ARRAY['corrections'],
         coalesce((SELECT array_agg(l.topic_id ORDER BY l.topic_id) FROM article_topics l WHERE l.article_id = a.id), '{}')
    FROM articles a WHERE a.id IN (SELECT article_id FROM new_rows)
   ORDER BY a.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER corrections_changes_insert AFTER INSERT ON corrections REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_corrections_inserted();
