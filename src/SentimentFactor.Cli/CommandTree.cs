using SentimentFactor.Cli.Commands.Bench;
using SentimentFactor.Cli.Commands.Db;
using SentimentFactor.Cli.Commands.Ingest;
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
        config.AddBranch("ingest", ingest =>
        {
            ingest.SetDescription("Posts (files, X, StockTwits) and daily market bars into the database.");
            ingest.AddCommand<IngestFileCommand>("file").WithDescription("Load JSONL/CSV post files (gzip ok) by binary COPY; bad records go to sf.ingest_rejects.");
            ingest.AddCommand<IngestXCommand>("x").WithDescription("Pull X API v2 recent search (SF_X_BEARER_TOKEN) from the saved cursor.");
            ingest.AddCommand<IngestStockTwitsCommand>("stocktwits").WithDescription("Pull StockTwits symbol streams from the saved cursor.");
            ingest.AddCommand<IngestBarsCommand>("bars").WithDescription("Load daily bars (Stooq/Yahoo CSV file or HTTP endpoint) into sf.market_bars.");
        });
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks that measure a stage against its baseline in the same run.");
            bench.AddCommand<BenchIngestCommand>("ingest").WithDescription("COPY path vs row-by-row INSERT for generated posts.");
        });
        config.AddCommand<Commands.TestCommand>("test").WithDescription("Run every test (starts the database if needed) and print the summary.");
    }
}
