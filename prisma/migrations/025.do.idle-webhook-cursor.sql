-- With no subscription to serve, the webhook fan-out (src/modules/webhooks/dispatcher.ts)
-- moved its cursor to the newest commit after every commit: a transaction, a row write and a
-- WAL flush per save, on every instance, for nobody. The cursor only has to be at the end when
-- a subscription starts to be served: one is made, or one is enabled again, while no other is
-- served. Triggers move it then, in the subscription's own transaction; the fan-out leaves
-- it alone while nobody subscribes. A subscription is owed the commits after the ones this
-- statement sees, as it was when the cursor moved at every commit.
-- Statement triggers, so subscriptions made together in one statement see each other as new.
CREATE FUNCTION newsdesk_webhook_cursor_to_end(starting uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(starting) = 0
     OR EXISTS (SELECT 1 FROM webhook_subscriptions WHERE status <> 'disabled' AND id <> ALL (starting)) THEN
    RETURN; -- none starts, or the fan-out is serving another: the cursor moves with it
  END IF;
  UPDATE webhook_dispatch_cursor SET commit_seq = last.seq, event_id = last.id, updated_at = now()
    FROM (
      SELECT c.seq, (SELECT max(e.id) FROM change_events e WHERE e.txid = c.txid) AS id
        FROM change_commits c WHERE c.seq IS NOT NULL ORDER BY c.seq DESC LIMIT 1
    ) last
   WHERE webhook_dispatch_cursor.id = 1 AND last.id IS NOT NULL AND (last.seq, last.id) > (commit_seq, event_id);
END
$$;

CREATE FUNCTION newsdesk_webhook_subscriptions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsdesk_webhook_cursor_to_end(ARRAY(SELECT id FROM new_rows WHERE status <> 'disabled'));
  RETURN NULL;
END
$$;
CREATE TRIGGER webhook_subscriptions_cursor_insert AFTER INSERT ON webhook_subscriptions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_webhook_subscriptions_inserted();

CREATE FUNCTION newsdesk_webhook_subscriptions_enabled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM newsdesk_webhook_cursor_to_end(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status <> 'disabled' AND o.status = 'disabled'));
  RETURN NULL;
END
$$;
CREATE TRIGGER webhook_subscriptions_cursor_update AFTER UPDATE ON webhook_subscriptions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_webhook_subscriptions_enabled();
