-- An instance's webhook worker with no subscription to serve (none made, or every one disabled)
-- now stops following commits: it no longer asks, after every commit, whether one is served
-- (src/modules/webhooks/worker.ts). It has to hear of a subscription that starts to be served
-- (made or re-enabled). That function, as migration 025 wrote it, now also announces each start
-- on the workers' channel (payload 'subscription'), delivered to every instance when the
-- subscription's transaction commits. Paused subscriptions count as served, as before.
CREATE OR REPLACE FUNCTION newsdesk_webhook_cursor_to_end(starting uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(starting) = 0 THEN
    RETURN;
  END IF;
  -- Announced whenever one starts, even while another seems served: under READ COMMITTED a
  -- concurrent transaction may be disabling that other one, and the workers would then stop
  -- following commits with nobody left to wake them. Starts are rare; a spare wake costs a pass.
  PERFORM pg_notify('newsdesk_webhooks', 'subscription');
  IF EXISTS (SELECT 1 FROM webhook_subscriptions WHERE status <> 'disabled' AND id <> ALL (starting)) THEN
    RETURN; -- the fan-out is serving another: the cursor moves with it
  END IF;
  UPDATE webhook_dispatch_cursor SET commit_seq = last.seq, event_id = last.id, updated_at = now()
    FROM (
      SELECT c.seq, (SELECT max(e.id) FROM change_events e WHERE e.txid = c.txid) AS id
        FROM change_commits c WHERE c.seq IS NOT NULL ORDER BY c.seq DESC LIMIT 1
    ) last
   WHERE webhook_dispatch_cursor.id = 1 AND last.id IS NOT NULL AND (last.seq, last.id) > (commit_seq, event_id);
END
$$;
