-- The full-text GIN indexes (migrations 001, 017, 021) keep fastupdate on: a new or changed
-- story's entries go to the index's pending list, and the list is merged into the index when
-- it outgrows gin_pending_list_limit (4 MB by default) or autovacuum gets to it. The merge is
-- paid by whichever insert overflows the list, so now and then an editor's save waited for a
-- merge of thousands of other stories' entries (save p99 of 231-414 ms at 10 saves/s, issue 15).
-- Turning fastupdate off made bulk imports 2.2x slower, so instead each instance merges the
-- lists in the background, a little at a time (src/plugins/app/search-lists.ts).
--
-- Returns the pending-list pages merged, or NULL when another session was merging already:
-- one merge at a time is enough, and a second would only wait for the first's page lock.
-- SECURITY DEFINER: gin_clean_pending_list needs the index's owner (the role that ran the
-- migrations), which need not be the role the API connects as. The search path is fixed, so
-- the index names below cannot be made to mean another schema's (or a temporary) relation;
-- pg_temp is named last for the same reason. EXECUTE stays granted to PUBLIC (the default):
-- there is no separate API role to grant it to (the API connects as the migrating role), and
-- all a caller can do with it is one merge at a time, work the indexes owe anyway.
-- The lock is a transaction-level one: an error in a merge (a statement timeout, a cancelled
-- query) cannot leave a session-level lock held on a pooled connection, which would have
-- turned every later merge, from any instance, into a no-op until that connection closed.
CREATE FUNCTION newsdesk_clean_search_lists() RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  merged bigint := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7305004) THEN
    RETURN NULL; -- another instance (or this one's last call, still running) is merging
  END IF;
  merged := merged + gin_clean_pending_list('articles_search_idx'::regclass);
  merged := merged + gin_clean_pending_list('articles_search_head_idx'::regclass);
  merged := merged + gin_clean_pending_list('articles_search_title_idx'::regclass);
  merged := merged + gin_clean_pending_list('quotes_search_idx'::regclass);
  RETURN merged;
END
$$;
