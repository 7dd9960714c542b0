-- 032: sf_reader, the read-only role researchers use: it can read every table and view in schema sf and run
-- every function of the query library, and can write nothing there. Roles are cluster-wide, so it is created
-- only when missing (several databases of one cluster share it); grants are per database and always applied.
-- It is a group role without login: give a person access with  CREATE ROLE alice LOGIN IN ROLE sf_reader;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sf_reader') THEN
        CREATE ROLE sf_reader NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA sf TO sf_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA sf TO sf_reader;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA sf TO sf_reader;

-- Tables, views and functions that later migrations create (as the same migrating role) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA sf GRANT SELECT ON TABLES TO sf_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA sf GRANT EXECUTE ON FUNCTIONS TO sf_reader;
