-- The quote columns of migration 007 (role, organisation and description of the speaker when
-- the quote was said) count as changes in a quote's `updated` event, like its other fields.
CREATE OR REPLACE FUNCTION newsdesk_quotes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_events (kind, resource, resource_id, version, public_before, public_after, article_id, speaker_id, changed)
  SELECT 'updated', 'quote', n.id, n.version,
         newsdesk_article_public(oa.status, oa.published_at), newsdesk_article_public(na.status, na.published_at),
         n.article_id, n.speaker_id,
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
