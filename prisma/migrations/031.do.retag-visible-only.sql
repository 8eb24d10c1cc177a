-- A key that may write but not read drafts (content:write without content:read-drafts) may
-- retag only a story GET shows it, and link only topics GET shows it: for such a key a topic
-- only hidden stories use is as unknown as a slug no topic has (the same 422, nothing written),
-- so the link neither makes it public nor tells the key it exists. Until now such a key's retag
-- took the Prisma transaction (about ten round trips, 4x the time of this one call) because
-- migration 027's function had no such rule; it now takes this one call too
-- (src/modules/articles/retag.ts). Links by name from such a key still take the transaction,
-- which decides what a name taken by a hidden topic gives.
--
-- The same function with `visible_only`, the last argument; migration 027's thirteen-argument
-- one stays, for instances of the previous release during a rolling deploy, and calls this one.
CREATE FUNCTION newsdesk_retag_article(actor text, actor_key text, by_id boolean, article_key text, expected_version integer, live_key uuid,
  cols jsonb, saved_at timestamptz, topic_slugs text[], new_slugs text[], new_names text[], new_descriptions text[], new_aliases jsonb,
  visible_only boolean)
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
     AND (NOT visible_only OR newsdesk_article_public(a.status, a.published_at))
  RETURNING a.id INTO story;
  IF story IS NULL THEN
    RETURN;
  END IF;
  -- For a key that sees only public items, each topic linked by slug is kept public until the
  -- commit: one published story that uses it is locked (as lockPublicNamed does for the other
  -- writes, src/lib/visibility.ts), and the next statement, with a new snapshot, checks it.
  IF visible_only THEN
    PERFORM 1 FROM topics x CROSS JOIN LATERAL (
      SELECT a.id FROM articles a
       WHERE a.id IN (SELECT l.article_id FROM article_topics l WHERE l.topic_id = x.id
                      UNION ALL SELECT q.article_id FROM quote_topics l JOIN quotes q ON q.id = l.quote_id WHERE l.topic_id = x.id)
         AND newsdesk_article_public(a.status, a.published_at)
       LIMIT 1 FOR SHARE OF a) used
     WHERE x.slug = ANY (topic_slugs);
  END IF;
  -- The first slug no topic has (or, for such a key, none it may see), in the order sent.
  SELECT s.slug INTO missing FROM unnest(topic_slugs) WITH ORDINALITY AS s(slug, n)
   WHERE NOT EXISTS (SELECT 1 FROM topics t WHERE t.slug = s.slug AND (NOT visible_only OR newsdesk_topic_public(t.id))) ORDER BY s.n LIMIT 1;
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

CREATE OR REPLACE FUNCTION newsdesk_retag_article(actor text, actor_key text, by_id boolean, article_key text, expected_version integer, live_key uuid,
  cols jsonb, saved_at timestamptz, topic_slugs text[], new_slugs text[], new_names text[], new_descriptions text[], new_aliases jsonb)
RETURNS SETOF articles LANGUAGE sql AS $$
  SELECT * FROM newsdesk_retag_article(actor, actor_key, by_id, article_key, expected_version, live_key,
    cols, saved_at, topic_slugs, new_slugs, new_names, new_descriptions, new_aliases, false)
$$;
