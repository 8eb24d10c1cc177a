-- Precise cache invalidation (src/plugins/app/response-cache.ts): API instances now read the
-- change events of each announced commit (NOTIFY newsdesk_changes, migration 005) and drop
-- only the answers those changes could alter. The flush-everything notifications of
-- migration 003 have no listener left.
DROP TRIGGER articles_notify ON articles;
DROP TRIGGER quotes_notify ON quotes;
DROP TRIGGER topics_notify ON topics;
DROP TRIGGER speakers_notify ON speakers;
DROP TRIGGER article_topics_notify ON article_topics;
DROP TRIGGER quote_topics_notify ON quote_topics;
DROP TRIGGER slug_redirects_notify ON slug_redirects;
DROP FUNCTION newsdesk_notify_content_change();

-- The CDN purge hook is a subscription of its own kind, made from configuration at start-up
-- (src/modules/webhooks/cdn-purge.ts): the webhook queue delivers its purges, signed and
-- retried like any webhook. The admin routes show only kind 'webhook'.
ALTER TABLE webhook_subscriptions ADD COLUMN kind text NOT NULL DEFAULT 'webhook' CHECK (kind IN ('webhook', 'cdn-purge'));
