-- What each service may read in another service's schema: the one list (docs/security.md).
-- Read-only (SELECT), table by table; nothing else outside its own schema. The roles and the
-- schemas they own come from devstack/src/main/resources/db/roles.sql.
--
-- Flyway runs this after every migrate of each schema (an afterMigrate callback: the owning
-- services list classpath:db/read-grants in spring.flyway.locations), as the schema's owner, in
-- the migration's transaction. Each run grants the rows for the tables its role owns and revokes
-- anything else the readers below hold on them, so this list is the whole truth. A database
-- without the service roles (one external user for everything) is left as it is.
-- Secret columns (private_columns below: the password hash) are never granted: a reader gets
-- SELECT on the table's other columns only, so a bug or an injection in a reader cannot leak them.
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN
        WITH read_grants (reader, schema_name, table_name) AS (VALUES
            -- tweet-service: users/UserDirectory (authors, mentions)
            ('tweet_service',        'graph',  'users'),
            -- timeline-service: home/TimelineSql and stream/HomeStream (pull path, rebuild), and tweet-views
            ('timeline_service',     'graph',  'users'),
            ('timeline_service',     'graph',  'follows'),
            ('timeline_service',     'tweets', 'tweets'),
            ('timeline_service',     'tweets', 'retweets'),
            ('timeline_service',     'tweets', 'likes'),
            -- fanout-worker: push/SocialGraph (followers, celebrity flag, recent tweets and retweets)
            ('fanout_worker',        'graph',  'users'),
            ('fanout_worker',        'graph',  'follows'),
            ('fanout_worker',        'tweets', 'tweets'),
            ('fanout_worker',        'tweets', 'retweets'),
            -- trend-service: counting/AuthorLocations (the author's location key)
            ('trend_service',        'graph',  'users'),
            -- notification-service: creating/NotificationStore (the tweet's author), and tweet-views
            ('notification_service', 'graph',  'users'),
            ('notification_service', 'tweets', 'tweets'),
            ('notification_service', 'tweets', 'retweets'),
            ('notification_service', 'tweets', 'likes')),
        private_columns (schema_name, table_name, column_name) AS (VALUES
            ('graph', 'users', 'password_hash')),
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
                       AND x.schema_name = t.schema_name AND x.table_name = t.table_name) AS granted,
               -- a table with private columns is granted column by column, without them
               CASE WHEN EXISTS (SELECT FROM private_columns p WHERE p.schema_name = t.schema_name AND p.table_name = t.table_name)
                    THEN (SELECT string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position)
                          FROM information_schema.columns c
                          WHERE c.table_schema = t.schema_name AND c.table_name = t.table_name
                            AND c.column_name NOT IN (SELECT p.column_name FROM private_columns p
                                                      WHERE p.schema_name = t.schema_name AND p.table_name = t.table_name))
               END AS public_columns
        FROM tables t CROSS JOIN readers r
        WHERE NOT pg_has_role(r.reader, t.owner, 'USAGE')
    LOOP
        EXECUTE format('REVOKE ALL ON %I.%I FROM %I', g.schema_name, g.table_name, g.reader);
        IF g.granted THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', g.schema_name, g.reader);
            IF g.public_columns IS NOT NULL THEN
                EXECUTE format('GRANT SELECT (%s) ON %I.%I TO %I', g.public_columns, g.schema_name, g.table_name, g.reader);
            ELSE
                EXECUTE format('GRANT SELECT ON %I.%I TO %I', g.schema_name, g.table_name, g.reader);
            END IF;
        END IF;
    END LOOP;
END $$;
