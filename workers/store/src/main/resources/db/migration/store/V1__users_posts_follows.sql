-- The store's own copy of users: filled from user.signed-up and from the ids and names that
-- commands carry. Auth owns the truth; the store only needs id <-> username.
CREATE TABLE store.users (
  id         text COLLATE "C" PRIMARY KEY,
  username   text NOT NULL UNIQUE,
  first_seen timestamptz NOT NULL DEFAULT now()
);

-- Ids are assigned by the web (see PostIds); created_at is the order of every page, id breaks
-- ties, so pages are cursors on (created_at, id). COLLATE "C": byte order, the same everywhere.
CREATE TABLE store.posts (
  id         text COLLATE "C" PRIMARY KEY,
  author_id  text COLLATE "C" NOT NULL REFERENCES store.users (id),
  text       text NOT NULL,
  created_at timestamptz NOT NULL,
  -- 'simple': lower-cased words, no stemming or stop words, so any word of any language matches.
  search     tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED
);

CREATE INDEX posts_author_newest ON store.posts (author_id, created_at DESC, id DESC);
CREATE INDEX posts_newest ON store.posts (created_at DESC, id DESC);
CREATE INDEX posts_search ON store.posts USING gin (search);

CREATE TABLE store.follows (
  follower_id text COLLATE "C" NOT NULL REFERENCES store.users (id),
  followee_id text COLLATE "C" NOT NULL REFERENCES store.users (id),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (follower_id, followee_id),
  CONSTRAINT follows_not_self CHECK (follower_id <> followee_id)
);

CREATE INDEX follows_followee ON store.follows (followee_id);

-- For the messaging library's idempotency helper: one row per message already applied.
CREATE TABLE store.processed_messages (
  message_id   text PRIMARY KEY,
  endpoint     text,
  processed_at timestamptz NOT NULL DEFAULT now()
);

-- Old rows are pruned by age.
CREATE INDEX processed_messages_age ON store.processed_messages (processed_at);
