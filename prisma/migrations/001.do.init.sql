-- Initial schema. Mirrors prisma/schema.prisma; test/db/schema-drift.test.ts keeps them in step.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TYPE "ContentStatus" AS ENUM ('draft', 'scheduled', 'published', 'archived');

-- Weighted document for ranked search: title above summary above body.
-- Wrapped in an IMMUTABLE function because array_to_string is only STABLE,
-- and generated columns accept immutable expressions only.
CREATE FUNCTION newsdesk_article_document(title text, summary text, body text[])
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
      || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(body, ' '), '')), 'C')
$$;

CREATE TABLE articles (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug          text NOT NULL,
  external_id   text,
  title         text NOT NULL,
  summary       text,
  body          text[] NOT NULL DEFAULT '{}',
  section       text,
  byline        text,
  source_url    text,
  status        "ContentStatus" NOT NULL DEFAULT 'draft',
  published_at  timestamptz(3),
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1,
  search_vector tsvector GENERATED ALWAYS AS (newsdesk_article_document(title, summary, body)) STORED
);
CREATE UNIQUE INDEX articles_slug_key ON articles (slug);
CREATE UNIQUE INDEX articles_external_id_key ON articles (external_id);
CREATE INDEX articles_status_published_idx ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_section_published_idx ON articles (section, published_at DESC, id DESC);
CREATE INDEX articles_updated_idx ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_created_idx ON articles (created_at DESC, id DESC);
CREATE INDEX articles_search_idx ON articles USING gin (search_vector);

CREATE TABLE topics (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL,
  name        text NOT NULL,
  description text,
  aliases     text[] NOT NULL DEFAULT '{}',
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at  timestamptz(3) NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX topics_slug_key ON topics (slug);
CREATE INDEX topics_name_idx ON topics (name, id);
CREATE INDEX topics_name_trgm_idx ON topics USING gin (name gin_trgm_ops);
CREATE INDEX topics_aliases_idx ON topics USING gin (aliases);

CREATE TABLE speakers (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug         text NOT NULL,
  name         text NOT NULL,
  role         text,
  organization text,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  updated_at   timestamptz(3) NOT NULL DEFAULT now(),
  version      integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX speakers_slug_key ON speakers (slug);
CREATE INDEX speakers_name_idx ON speakers (name, id);
CREATE INDEX speakers_name_trgm_idx ON speakers USING gin (name gin_trgm_ops);

CREATE TABLE quotes (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  text          text NOT NULL,
  speaker_id    uuid NOT NULL REFERENCES speakers (id) ON DELETE RESTRICT ON UPDATE CASCADE,
  article_id    uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE ON UPDATE CASCADE,
  position      integer NOT NULL DEFAULT 0,
  said_at       timestamptz(3),
  context       text,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1,
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED
);
CREATE INDEX quotes_article_position_idx ON quotes (article_id, position);
CREATE INDEX quotes_speaker_said_idx ON quotes (speaker_id, said_at DESC, id DESC);
CREATE INDEX quotes_said_idx ON quotes (said_at DESC, id DESC);
CREATE INDEX quotes_search_idx ON quotes USING gin (search_vector);

CREATE TABLE article_topics (
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE ON UPDATE CASCADE,
  topic_id   uuid NOT NULL REFERENCES topics (id) ON DELETE CASCADE ON UPDATE CASCADE,
  PRIMARY KEY (article_id, topic_id)
);
CREATE INDEX article_topics_topic_idx ON article_topics (topic_id, article_id);

CREATE TABLE quote_topics (
  quote_id uuid NOT NULL REFERENCES quotes (id) ON DELETE CASCADE ON UPDATE CASCADE,
  topic_id uuid NOT NULL REFERENCES topics (id) ON DELETE CASCADE ON UPDATE CASCADE,
  PRIMARY KEY (quote_id, topic_id)
);
CREATE INDEX quote_topics_topic_idx ON quote_topics (topic_id, quote_id);

CREATE TABLE slug_redirects (
  resource   text NOT NULL,
  slug       text NOT NULL,
  target_id  uuid NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (resource, slug)
);
CREATE INDEX slug_redirects_target_idx ON slug_redirects (resource, target_id);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  prefix       text NOT NULL,
  hash         text NOT NULL,
  scopes       text[] NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  last_used_at timestamptz(3),
  revoked_at   timestamptz(3)
);
CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (hash);
