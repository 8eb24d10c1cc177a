-- Issue 13, wiring: revisions carry the article's ordered authors (migration 014), as
-- GET /v1/articles/{a}?include=authors shows them, and a change to the author list makes a
-- revision, as a change to the topic list does (migration 013).

-- The article as GET /v1/articles/{id}?include=topics,quotes,authors shows it (src/modules/articles/dto.ts).
CREATE OR REPLACE FUNCTION newsdesk_article_snapshot(article uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', a.id, 'slug', a.slug, 'externalId', a.external_id, 'title', a.title, 'summary', a.summary, 'body', to_jsonb(a.body),
    'section', a.section, 'byline', a.byline, 'sourceUrl', a.source_url, 'status', a.status,
    'publishedAt', newsdesk_iso_time(a.published_at), 'createdAt', newsdesk_iso_time(a.created_at),
    'updatedAt', newsdesk_iso_time(a.updated_at), 'version', a.version,
    'topics', coalesce((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY t.name, t.id)
                          FROM article_topics l JOIN topics t ON t.id = l.topic_id WHERE l.article_id = a.id), '[]'),
    'authors', coalesce((SELECT jsonb_agg(jsonb_build_object('id', au.id, 'slug', au.slug, 'name', au.name, 'role', au.role) ORDER BY l.position, au.id)
                          FROM article_authors l JOIN authors au ON au.id = l.author_id WHERE l.article_id = a.id), '[]'),
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

-- Author links, like topic links: the article they belong to. The app rewrites the list as a
-- whole (delete, insert); an UPDATE in SQL (a reorder) counts too, for both articles if moved.
CREATE FUNCTION newsdesk_article_authors_revision_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsdesk_mark_revisions(ARRAY(SELECT article_id FROM new_rows UNION SELECT article_id FROM old_rows));
  RETURN NULL;
END
$$;
CREATE TRIGGER article_authors_revisions_insert AFTER INSERT ON article_authors REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_children_revision_new();
CREATE TRIGGER article_authors_revisions_update AFTER UPDATE ON article_authors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_article_authors_revision_updated();
CREATE TRIGGER article_authors_revisions_delete AFTER DELETE ON article_authors REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_children_revision_old();

-- Revisions written before this migration did not record authors. The newest revision of each
-- article is its present state, authors included (a change of authors alone made no revision
-- until now): it gets the current list, so the next write's `changed` is only what it changed.
-- Older ones keep no `authors` (unknown); restoring one of them leaves the author list as it is.
UPDATE article_revisions r
   SET snapshot = r.snapshot || jsonb_build_object('authors', newsdesk_article_snapshot(r.article_id) -> 'authors')
 WHERE r.number = (SELECT max(o.number) FROM article_revisions o WHERE o.article_id = r.article_id);
