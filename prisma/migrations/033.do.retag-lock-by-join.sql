-- A retag by a key that sees only public items locked, for each topic named, one public story that
-- uses it with `a.id IN (the topic's links UNION ALL its quotes' stories)`: Postgres made the IN a
-- hashed set of every story on the topic (~5,800 for a topic holding 6% of the archive, 14 ms of
-- CPU each, ~45 ms a retag of three topics, the costliest statement of a save under the newsroom
-- mix). A join from the links stops at the first public story: the same lock (a story that is
-- found twice is still one row to lock, and LIMIT 1 takes one), ~10 buffers instead of ~220.
-- src/lib/visibility.ts (lockPublicNamed) changes the same way. Migration 031's function, that
-- statement alone changed.
CREATE OR REPLACE FUNCTION newsdesk_retag_article(actor text, actor_key text, by_id boolean, article_key text, expected_version integer, live_key uuid,
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
      SELECT a.id FROM (SELECT l.article_id FROM article_topics l WHERE l.topic_id = x.id
                        UNION ALL SELECT q.article_id FROM quote_topics l JOIN quotes q ON q.id = l.quote_id WHERE l.topic_id = x.id) u
        JOIN articles a ON a.id = u.article_id
       WHERE newsdesk_article_public(a.status, a.published_at)
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
