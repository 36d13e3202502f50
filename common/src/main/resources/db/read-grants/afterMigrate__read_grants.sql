-- What each service may read in another service's schema: the one list (docs/data-ownership.md).
-- Only the views an owner publishes for others (its V<n>__published_views.sql migration), read-
-- only (SELECT); no table of another schema, so a reader cannot come to depend on a column the
-- owner did not publish, and a bug or an injection in a reader cannot reach credentials. The
-- roles and the schemas they own come from devstack/src/main/resources/db/roles.sql.
--
-- Flyway runs this after every migrate of each schema (an afterMigrate callback: the owning
-- services list classpath:db/read-grants in spring.flyway.locations), as the schema's owner, in
-- the migration's transaction. Each run grants the rows for the relations its role owns and
-- revokes anything else the readers below hold on them, so this list is the whole truth. A
-- database without the service roles (one external user for everything) is left as it is.
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN
        WITH read_grants (reader, schema_name, table_name) AS (VALUES
            -- tweet-service: users/UserDirectory (mentions, authors), and tweet-views
            ('tweet_service',        'graph',  'user_summaries'),
            -- timeline-service: home/TimelineSql (following, pulled authors, activity), and tweet-views
            ('timeline_service',     'graph',  'user_summaries'),
            ('timeline_service',     'graph',  'follow_edges'),
            ('timeline_service',     'tweets', 'activity'),
            ('timeline_service',     'tweets', 'visible_tweets'),
            ('timeline_service',     'tweets', 'like_edges'),
            ('timeline_service',     'tweets', 'retweet_edges'),
            -- fanout-worker: push/SocialGraph (followers, celebrity flag, recent activity)
            ('fanout_worker',        'graph',  'user_summaries'),
            ('fanout_worker',        'graph',  'follow_edges'),
            ('fanout_worker',        'tweets', 'activity'),
            -- trend-service: counting/AuthorLocations (the author's location key)
            ('trend_service',        'graph',  'user_summaries'),
            -- notification-service: creating/NotificationStore (a parent tweet's author), and tweet-views
            ('notification_service', 'graph',  'user_summaries'),
            ('notification_service', 'tweets', 'visible_tweets'),
            ('notification_service', 'tweets', 'like_edges'),
            ('notification_service', 'tweets', 'retweet_edges')),
        readers AS (
            SELECT DISTINCT reader FROM read_grants WHERE reader IN (SELECT rolname FROM pg_roles)),
        tables AS (
            SELECT n.nspname AS schema_name, c.relname AS table_name, c.relowner AS owner
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN (SELECT schema_name FROM read_grants)
              AND c.relkind IN ('r', 'p', 'v', 'm')
              AND pg_has_role(current_user, c.relowner, 'USAGE'))
        SELECT t.schema_name, t.table_name, r.reader,
               EXISTS (SELECT FROM read_grants x WHERE x.reader = r.reader
                       AND x.schema_name = t.schema_name AND x.table_name = t.table_name) AS granted
        FROM tables t CROSS JOIN readers r
        WHERE NOT pg_has_role(r.reader, t.owner, 'USAGE')
    LOOP
        EXECUTE format('REVOKE ALL ON %I.%I FROM %I', g.schema_name, g.table_name, g.reader);
        IF g.granted THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', g.schema_name, g.reader);
            EXECUTE format('GRANT SELECT ON %I.%I TO %I', g.schema_name, g.table_name, g.reader);
        END IF;
    END LOOP;
END $$;
