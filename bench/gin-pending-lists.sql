-- bench/RESULTS.md, session 15: one-row UPDATEs of a story's summary (what an editor's save writes),
-- each timed, on a loaded newsroom archive, with or without the background merge of the
-- full-text indexes' pending lists (migration 029). Usage, on a copy of the archive:
--   psql <url> -f bench/gin-pending-lists.sql -c "SELECT newsdesk_clean_search_lists()" -c "SELECT * FROM pg_temp.save_times(3000, 0)"
-- then with 20 (a merge before every 20th row: 2000 ms at 10 saves/s). It writes to the archive.
CREATE OR REPLACE FUNCTION pg_temp.save_times(n int, merge_every int) RETURNS TABLE (p50 numeric, p99 numeric, max numeric, over_100ms int, merge_ms numeric) LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[] := ARRAY(SELECT id FROM articles ORDER BY md5(id::text) LIMIT n);
  times numeric[] := '{}';
  merges numeric := 0;
  t0 timestamptz;
BEGIN
  FOR i IN 1..n LOOP
    IF merge_every > 0 AND i % merge_every = 0 THEN
      t0 := clock_timestamp();
      PERFORM newsdesk_clean_search_lists();
      merges := merges + extract(epoch FROM clock_timestamp() - t0) * 1000;
    END IF;
    t0 := clock_timestamp();
    UPDATE articles SET summary = coalesce(summary, '') || ' Edited ' || i WHERE id = ids[i];
    times := times || (extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric;
  END LOOP;
  RETURN QUERY SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY x)::numeric, 2), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY x)::numeric, 2),
                      round(max(x), 1), count(*) FILTER (WHERE x > 100)::int, round(merges / greatest(1, n / greatest(merge_every, 1)), 2)
                 FROM unnest(times) x;
END $$;
