-- Notify's own read model of who follows whom, built from user.followed / user.unfollowed.
-- A row per pair ever seen; "following" is the latest state by issued_at, so events that
-- are handled out of order (consumer threads, retries, replicas) cannot resurrect an old state.
CREATE TABLE follows (
  follower_id text NOT NULL,
  followee_id text NOT NULL,
  following boolean NOT NULL,
  issued_at timestamptz NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_by_followee ON follows (followee_id) WHERE following;

-- Posts already fanned out: store may publish post.created again after a redelivery.
CREATE TABLE fanned_out_posts (
  post_id text PRIMARY KEY,
  fanned_out_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhooks (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  url text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered bigint NOT NULL DEFAULT 0,
  failed bigint NOT NULL DEFAULT 0,
  last_error text,
  UNIQUE (user_id, url)
);

-- Deliveries that reached their target, so a redelivered command is not POSTed twice.
CREATE TABLE webhook_deliveries (
  delivery_id text PRIMARY KEY,
  webhook_id text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  delivered_at timestamptz NOT NULL DEFAULT now()
);
