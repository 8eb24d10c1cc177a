-- Webhooks: subscriptions, their queue of deliveries, and the one cursor that fans change
-- events out to deliveries. See src/modules/webhooks/ and README "Webhooks".

CREATE TABLE webhook_subscriptions (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url                         text NOT NULL,
  description                 text,
  -- Empty means "any": every kind, every resource, every section, every topic.
  kinds                       text[] NOT NULL DEFAULT '{}',
  resources                   text[] NOT NULL DEFAULT '{}',
  sections                    text[] NOT NULL DEFAULT '{}',
  topic_ids                   uuid[] NOT NULL DEFAULT '{}',
  -- public: only what a caller without a key may see (drafts never, tombstones for unpublished);
  -- private: every event.
  audience                    text NOT NULL DEFAULT 'public' CHECK (audience IN ('public', 'private')),
  status                      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
  disabled_reason             text,
  disabled_at                 timestamptz(3),
  -- Deliveries given up in a row; reset by any successful attempt.
  failed_deliveries_in_a_row  integer NOT NULL DEFAULT 0,
  -- whsec_ + base64: Standard Webhooks secrets. The previous one keeps signing until it expires.
  secret                      text NOT NULL,
  previous_secret             text,
  previous_secret_expires_at  timestamptz(3),
  created_at                  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at                  timestamptz(3) NOT NULL DEFAULT now(),
  version                     integer NOT NULL DEFAULT 1
);
CREATE INDEX webhook_subscriptions_created_idx ON webhook_subscriptions (created_at DESC, id DESC);

-- One row per message to send. A subscription's deliveries go out one at a time in `seq`
-- order (the queue's head blocks the rest), which keeps every resource's events in order.
-- A worker claims the head with FOR UPDATE SKIP LOCKED and holds it by a lease: a process
-- killed mid-delivery leaves a lease that expires, and another instance takes it over.
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq              bigint GENERATED ALWAYS AS IDENTITY,
  subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  -- webhook-id: the same for every attempt and for a redelivery, so receivers can deduplicate.
  message_id       text NOT NULL,
  event_type       text NOT NULL,
  event_count      integer NOT NULL,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz(3) NOT NULL DEFAULT now(),
  -- The retry window runs from the first attempt, not from creation: a delivery may wait
  -- behind others in its subscription's queue.
  first_attempt_at timestamptz(3),
  lease_token      uuid,
  lease_expires_at timestamptz(3),
  last_attempt_at  timestamptz(3),
  response_status  integer,
  duration_ms      integer,
  last_error       text,
  redelivery_of    uuid,
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  delivered_at     timestamptz(3),
  failed_at        timestamptz(3)
);
CREATE UNIQUE INDEX webhook_deliveries_seq_key ON webhook_deliveries (seq);
-- The queue: what is still to send, per subscription, in order.
CREATE INDEX webhook_deliveries_queue_idx ON webhook_deliveries (subscription_id, seq) WHERE status IN ('pending', 'delivering');
-- The deliveries list, newest first.
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at DESC, id DESC);

-- Where fan-out from change_events has got to (commit seq, event id). One row; the instance
-- that locks it (FOR UPDATE SKIP LOCKED) turns the next events into deliveries and moves it
-- on in the same transaction, so each event is fanned out exactly once.
CREATE TABLE webhook_dispatch_cursor (
  id         integer PRIMARY KEY CHECK (id = 1),
  commit_seq bigint NOT NULL DEFAULT 0,
  event_id   bigint NOT NULL DEFAULT 0,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
INSERT INTO webhook_dispatch_cursor (id) VALUES (1);
