-- One PostgreSQL role per service, each owning its schema (docs/security.md).
--
-- Run as the superuser before the services start, on every start (it is idempotent): by
-- devstack (scripts/run.sh and stack.sh, and the module tests) and by docker compose's db-init.
-- Passwords are not here: whoever runs this sets them afterwards (ALTER ROLE ... PASSWORD).
-- What each role may read in the other schemas is the one list in
-- common/src/main/resources/db/read-grants/afterMigrate__read_grants.sql, applied by each
-- schema's owner after its migrations.
DO $$
DECLARE
    s record;
    obj record;
BEGIN
    FOR s IN SELECT * FROM (VALUES
            ('graph_service',        'graph'),
            ('tweet_service',        'tweets'),
            ('timeline_service',     NULL),   -- no schema: reads graph and tweets
            ('fanout_worker',        NULL),   -- no schema: reads graph and tweets, writes Valkey
            ('trend_service',        'trends'),
            ('notification_service', 'notifications')
        ) AS v(role, schema)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = s.role) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', s.role);
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', s.role);
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), s.role);
        IF s.schema IS NOT NULL THEN
            EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', s.schema, s.role);
            EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s.schema, s.role);
            -- a database made before the roles (everything owned by the superuser): hand the
            -- schema's tables, views and free-standing sequences to its role (a table's own
            -- sequences follow the table)
            FOR obj IN
                SELECT c.relname, c.relkind FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = s.schema AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                  AND pg_get_userbyid(c.relowner) <> s.role
                  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid
                                  AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
            LOOP
                EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                    CASE obj.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                        WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                    s.schema, obj.relname, s.role);
            END LOOP;
        END IF;
    END LOOP;
END $$;

-- nobody creates objects outside their own schema (PostgreSQL 15+ has this by default)
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
