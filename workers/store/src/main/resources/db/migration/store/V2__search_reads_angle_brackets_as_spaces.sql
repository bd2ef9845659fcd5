-- to_tsvector's parser takes "<...>" for an HTML tag and drops every word inside it, so
-- "x<y and z>w" was found by neither "y" nor "and". Posts are plain text: the brackets are read as
-- spaces. A generated column's expression cannot be altered before PostgreSQL 17, so the column
-- (and its index with it) is made again.
ALTER TABLE store.posts DROP COLUMN search;
ALTER TABLE store.posts
  ADD COLUMN search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', translate(text, '<>', '  '))) STORED;
CREATE INDEX posts_search ON store.posts USING gin (search);
