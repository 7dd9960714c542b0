using SentimentFactor.Cli.Commands.Db;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli;

/// <summary>
/// Every `sf` command and branch, in the order `sf --help` lists them. Each stage adds its own lines here;
/// the commands themselves live in Commands/&lt;Area&gt;/.
/// </summary>
internal static class CommandTree
{
    public static void Configure(IConfigurator config)
    {
        config.AddBranch("db", db =>
        {
            db.SetDescription("The database: the managed local PostgreSQL cluster, or the server SF_DB names.");
            db.AddCommand<DbStatusCommand>("status").WithDescription("Where the database is, server version, applied migrations, row counts.");
            db.AddCommand<DbStartCommand>("start").WithDescription("Create (first time) and start the managed cluster; apply migrations.");
            db.AddCommand<DbStopCommand>("stop").WithDescription("Stop the managed cluster (data is kept).");
            db.AddCommand<DbMigrateCommand>("migrate").WithDescription("Apply pending migrations from sql/schema.");
            db.AddCommand<DbUrlCommand>("url").WithDescription("Print a postgresql:// connection URI that psql accepts.");
            db.AddCommand<DbPsqlCommand>("psql").WithDescription("Open psql on the database (extra arguments go to psql).");
        });
        config.AddCommand<Commands.Aggregate.AggregateCommand>("aggregate").WithDescription("Recompute sf.daily_sentiment per model and trading day (--from, --to, --model).");
        config.AddBranch("calendar", calendar =>
        {
            calendar.SetDescription("The NASDAQ trading calendar (2000-2030).");
            calendar.AddCommand<Commands.Calendar.CalendarCheckCommand>("check").WithDescription("List days where the calendar and the benchmark's bars disagree.");
        });
        config.AddBranch("sql", sql =>
        {
            sql.SetDescription("The SQL factor library (sql/queries, installed in schema sf).");
            sql.AddCommand<Commands.Sql.SqlListCommand>("list").WithDescription("List the library's queries with their parameters.");
            sql.AddCommand<Commands.Sql.SqlRunCommand>("run").WithDescription("Run a query: sf sql run NAME [--param k=v] [--csv].");
        });
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks of each stage; each ends with one 'bench <stage>: ...' line.");
            bench.AddCommand<Commands.Bench.BenchAggregateCommand>("aggregate").WithDescription("Time a full recompute of 5,000,000 scored posts over 1,000 trading days.");
        });
        config.AddCommand<Commands.TestCommand>("test").WithDescription("Run every test (starts the database if needed) and print the summary.");
    }
}
