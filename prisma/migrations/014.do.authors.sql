-- Bylines: authors, a fifth resource, and the ordered authors of each article. The free-text
-- `articles.byline` stays for bylines with no author record ("By Staff Reporter", "Reuters").
CREATE TABLE authors (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL,
  name        text NOT NULL,
  bio         text,
  role        text,
  url         text,
  avatar_url  text,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at  timestamptz(3) NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX authors_slug_key ON authors (slug);
CREATE INDEX authors_name_idx ON authors (name, id);
CREATE INDEX authors_created_idx ON authors (created_at DESC, id DESC);

CREATE TABLE article_authors (
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE ON UPDATE CASCADE,
  author_id  uuid NOT NULL REFERENCES authors (id) ON DELETE CASCADE ON UPDATE CASCADE,
  position   integer NOT NULL,
  PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author_idx ON article_authors (author_id, article_id);

-- Authors are in the change feed and, like topics and speakers, public unless only hidden
-- stories use them (an imported draft's byline must not leak before the story is published).
ALTER TABLE change_events DROP CONSTRAINT change_events_resource_check;
ALTER TABLE change_events ADD CONSTRAINT change_events_resource_check CHECK (resource IN ('article', 'quote', 'topic', 'speaker', 'author'));
ALTER TABLE named_visibility DROP CONSTRAINT named_visibility_resource_check;
ALTER TABLE named_visibility ADD CONSTRAINT named_visibility_resource_check CHECK (resource IN ('topic', 'speaker', 'author'));
-- An article event's authors linked or unlinked in its transaction: the ones whose visibility
-- the commit must settle (an unlinked one is no longer in article_authors by then).
ALTER TABLE change_events ADD COLUMN author_ids uuid[] NOT NULL DEFAULT '{}';

-- The rule of newsdesk_speaker_public (migration 010), for authors.
CREATE FUNCTION newsdesk_author_public(author uuid, hidden uuid[] DEFAULT '{}') RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT (NOT EXISTS (SELECT 1 FROM article_authors WHERE author_id = author)
          AND coalesce((SELECT public FROM named_visibility WHERE resource = 'author' AND id = author), true))
    OR EXISTS (SELECT 1 FROM article_authors l JOIN articles a ON a.id = l.article_id
               WHERE l.author_id = author AND newsdesk_article_public(a.status, a.published_at) AND a.id <> ALL (hidden))
$$;

-- Authors use the generic triggers of topics and speakers (migration 005). Their
-- `public_before` on an update or delete is settled at commit (newsdesk_authors_at_commit),
-- from what the public was last told, as for every author event.
CREATE TRIGGER authors_changes_insert AFTER INSERT ON authors REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_named_inserted('author');
CREATE TRIGGER authors_changes_update AFTER UPDATE ON authors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_named_updated('author');
CREATE TRIGGER authors_changes_delete BEFORE DELETE ON authors FOR EACH ROW EXECUTE FUNCTION newsdesk_named_deleting('author');

-- Links written or removed: the story's events in this transaction name those authors, and an
-- update says `authors` changed (the app rewrites the links only when the list differs).
CREATE FUNCTION newsdesk_article_authors_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE change_events e
     SET author_ids = (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(e.author_ids || l.ids) AS x),
         changed = CASE WHEN e.kind IN ('created', 'deleted') OR 'authors' = ANY (e.changed) THEN e.changed ELSE array_append(e.changed, 'authors') END
    FROM (SELECT article_id, array_agg(author_id) AS ids FROM changed_rows GROUP BY article_id) l
   WHERE e.txid = pg_current_xact_id()::text::bigint AND e.resource = 'article' AND e.resource_id = l.article_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER article_authors_changes_insert AFTER INSERT ON article_authors REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_article_authors_changed();
CREATE TRIGGER article_authors_changes_delete AFTER DELETE ON article_authors REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_article_authors_changed();

-- At commit, before the commit is numbered (change_commits_authors sorts before
-- change_commits_sequence, and triggers on one event fire in name order): as migration 010 does
-- for topics and speakers, compare what the public was last told of each author this
-- transaction touched with the truth, and announce any difference.
CREATE FUNCTION newsdesk_authors_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
  is_public boolean;
BEGIN
  FOR touched IN
    WITH candidates AS (
      SELECT resource_id AS id FROM change_events WHERE txid = NEW.txid AND resource = 'author'
      UNION SELECT x.id FROM change_events e, unnest(e.author_ids) AS x(id) WHERE e.txid = NEW.txid AND e.resource = 'article'
      UNION SELECT l.author_id FROM change_events e JOIN article_authors l ON l.article_id = e.resource_id
       WHERE e.txid = NEW.txid AND e.resource = 'article'
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
CREATE CONSTRAINT TRIGGER change_commits_authors AFTER INSERT ON change_commits
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION newsdesk_authors_at_commit();
