namespace SentimentFactor.Storage.Aggregation;

/// <summary>Catalog queries behind `sf sql list` / `sf sql run` (the library is whatever schema sf exposes).</summary>
internal static class QueryLibrarySql
{
    // Set-returning functions and views of schema sf: the researcher-facing queries (sql/queries/*.sql, and
    // views such as sf.trading_days). Input argument names are the first pronargs entries of proargnames.
    public const string List = """
        SELECT p.proname::text AS name,
               'function' AS kind,
               pg_get_function_arguments(p.oid) AS arguments,
               coalesce(p.proargnames[1:p.pronargs], '{}')::text[] AS argument_names,
               coalesce(obj_description(p.oid, 'pg_proc'), '') AS description
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'sf' AND p.prokind = 'f' AND p.proretset
        UNION ALL
        SELECT c.relname::text, 'view', '', '{}'::text[], coalesce(obj_description(c.oid, 'pg_class'), '')
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'sf' AND c.relkind IN ('v', 'm')
        ORDER BY 1
        """;
}
