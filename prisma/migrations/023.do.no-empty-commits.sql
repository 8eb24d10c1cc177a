-- A statement that records no change event registered a commit all the same: an UPDATE that
-- matched no row (a save of a story that does not exist, or that lost a race to another
-- editor and answered 412) still fires the statement-level triggers, whose INSERT of no event
-- registered the transaction in change_commits, so it was numbered, took the commit lock and
-- was announced to every cache with nothing in it. A commit is now registered only by a
-- statement that inserted at least one event; one that did stays registered whatever follows.
CREATE OR REPLACE FUNCTION newsdesk_register_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_events) THEN
    INSERT INTO change_commits (txid) VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER change_events_register ON change_events;
CREATE TRIGGER change_events_register AFTER INSERT ON change_events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_register_commit();
