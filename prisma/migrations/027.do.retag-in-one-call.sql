-- An editor's retag (PATCH /v1/articles/{a} with `topics`, by slug or by name, with or without
-- text columns) as one function call, so one round trip (src/modules/articles/retag.ts): the
-- Prisma transaction it replaces took about ten, each queuing for CPU under a newsroom's reads.
-- The statements are those of that transaction, in its order, so the triggers record the same
-- events, revisions and visibility changes: the story's UPDATE first (its `updated` event takes
-- the topics before from the links still there), then the topics created by name, then the
-- links deleted and inserted (migration 026 finds the event and leaves it; the commit names
-- `topics`, migration 024). Any error (an unknown slug) undoes all of it, as the transaction did.
--
-- actor, actor_key: who acts (src/lib/write-path.ts), set before any write.
-- by_id / article_key: the story by id or by current slug; expected_version: If-Match (or null);
-- live_key: write only while this API key is live (or null).
-- cols: the text columns sent (title, summary, body, section, byline, sourceUrl), as JSON.
-- topic_slugs: the links by slug; new_slugs, new_names, new_descriptions, new_aliases (a JSON
-- array of arrays): the links by name, each with the slug it has or would be created with.
-- No row back: no story matched (not found, changed since If-Match, or the key revoked), nothing written.
CREATE FUNCTION newsdesk_retag_article(actor text, actor_key text, by_id boolean, article_key text, expected_version integer, live_key uuid,
  cols jsonb, saved_at timestamptz, topic_slugs text[], new_slugs text[], new_names text[], new_descriptions text[], new_aliases jsonb)
RETURNS SETOF articles LANGUAGE plpgsql AS $$
DECLARE
  story uuid;
  missing text;
  topic_ids uuid[];
BEGIN
  PERFORM set_config('newsdesk.actor', actor, true), set_config('newsdesk.actor_key', actor_key, true);
  UPDATE articles a
     SET title = CASE WHEN cols ? 'title' THEN cols->>'title' ELSE a.title END,
         summary = CASE WHEN cols ? 'summary' THEN cols->>'summary' ELSE a.summary END,
         body = CASE WHEN cols ? 'body' THEN ARRAY(SELECT jsonb_array_elements_text(cols->'body')) ELSE a.body END,
         section = CASE WHEN cols ? 'section' THEN cols->>'section' ELSE a.section END,
         byline = CASE WHEN cols ? 'byline' THEN cols->>'byline' ELSE a.byline END,
         source_url = CASE WHEN cols ? 'sourceUrl' THEN cols->>'sourceUrl' ELSE a.source_url END,
         version = a.version + 1,
         updated_at = saved_at
   WHERE (CASE WHEN by_id THEN a.id = article_key::uuid ELSE a.slug = article_key END)
     AND (expected_version IS NULL OR a.version = expected_version)
     AND (live_key IS NULL OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = live_key AND k.revoked_at IS NULL))
  RETURNING a.id INTO story;
  IF story IS NULL THEN
    RETURN;
  END IF;
  -- The first slug no topic has, in the order sent.
  SELECT s.slug INTO missing FROM unnest(topic_slugs) WITH ORDINALITY AS s(slug, n)
   WHERE NOT EXISTS (SELECT 1 FROM topics t WHERE t.slug = s.slug) ORDER BY s.n LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'Topic "%" does not exist; give its name to create it.', missing USING ERRCODE = 'NDT22', DETAIL = missing;
  END IF;
  -- Created unless it exists, one statement each as resolveTopics does (src/modules/articles/save-graph.ts).
  FOR i IN 1 .. coalesce(cardinality(new_slugs), 0) LOOP
    INSERT INTO topics (slug, name, description, aliases, created_at, updated_at)
    VALUES (new_slugs[i], new_names[i], new_descriptions[i], ARRAY(SELECT jsonb_array_elements_text(new_aliases->(i - 1))), clock_timestamp(), clock_timestamp())
    ON CONFLICT (slug) DO NOTHING;
  END LOOP;
  SELECT coalesce(array_agg(t.id), '{}') INTO topic_ids FROM topics t WHERE t.slug = ANY (topic_slugs || coalesce(new_slugs, '{}'));
  DELETE FROM article_topics WHERE article_id = story;
  INSERT INTO article_topics (article_id, topic_id) SELECT story, x FROM unnest(topic_ids) AS x;
  RETURN QUERY SELECT * FROM articles WHERE id = story;
END
$$;
