-- Every committed change to public content notifies listeners on channel newsdesk_content,
-- whoever made it (an API instance, the CLI, psql). API instances flush their response
-- caches on it. Statement-level, and Postgres folds identical notifications within a
-- transaction into one, so a bulk import costs one notification per batch.
CREATE FUNCTION newsdesk_notify_content_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('newsdesk_content', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER articles_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON articles FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_notify_content_change();
CREATE TRIGGER quotes_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON quotes FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_notify_content_change();
CREATE TRIGGER topics_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON topics FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_notify_content_change();
CREATE TRIGGER speakers_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON speakers FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_notify_content_change();
CREATE TRIGGER article_topics_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_topics FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_notify_content_change();
CREATE TRIGGER quote_topics_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON quote_topics FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_notify_content_change();
CREATE TRIGGER slug_redirects_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slug_redirects FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_notify_content_change();
