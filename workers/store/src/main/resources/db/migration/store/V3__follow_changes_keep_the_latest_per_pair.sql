-- The latest follow or unfollow applied to each pair, by when web accepted it. Follows and
-- unfollows travel on queues of their own and are handled by several threads and replicas, so an
-- unfollow can be handled before the follow it undoes; the older of the two must then change
-- nothing. Rows stay after an unfollow: they are what tells a late follow that it is late.
CREATE TABLE store.follow_changes (
  follower_id text COLLATE "C" NOT NULL,
  followee_id text COLLATE "C" NOT NULL,
  issued_at   timestamptz NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
);

INSERT INTO store.follow_changes (follower_id, followee_id, issued_at)
SELECT follower_id, followee_id, created_at FROM store.follows;
