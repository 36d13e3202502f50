-- Every stored image, so that it can be counted against its uploader's quota, removed when no
-- tweet took it within a day, hidden with its tweet's soft delete and removed with its purge.
-- The file (in the media directory) and the row are written together: a file whose row never
-- committed is removed by the cleanup too (MediaCatalog).
CREATE TABLE media (
    name       VARCHAR(40) PRIMARY KEY,             -- <32 hex>.<ext>, the file's name
    owner_id   BIGINT      NOT NULL,                -- the uploader (graph.users)
    size_bytes BIGINT      NOT NULL CHECK (size_bytes >= 0),
    tweet_id   BIGINT REFERENCES tweets (id) ON DELETE CASCADE, -- NULL until a tweet attaches it
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX media_owner ON media (owner_id);
CREATE INDEX media_tweet ON media (tweet_id) WHERE tweet_id IS NOT NULL;
CREATE INDEX media_unattached ON media (created_at) WHERE tweet_id IS NULL;

-- images attached before this table existed belong to their tweet's author (size unknown: not
-- counted); an image two tweets carried goes with the one not deleted, else the oldest
INSERT INTO media (name, owner_id, size_bytes, tweet_id, created_at)
SELECT DISTINCT ON (name) name, author_id, 0, id, created_at
  FROM (SELECT substring(url FROM 8) AS name, t.author_id, t.id, t.created_at, t.deleted_at
          FROM tweets t, unnest(t.media_urls) AS url
         WHERE url ~ '^/media/[0-9a-f]{32}\.(jpg|png|gif|webp)$') attached
 ORDER BY name, deleted_at IS NOT NULL, id;
