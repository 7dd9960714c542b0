using SentimentFactor.Cli.Commands.Bench;
using SentimentFactor.Cli.Commands.Db;
using SentimentFactor.Cli.Commands.Regress;
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
        config.AddBranch("model", model =>
        {
            model.SetDescription("Models: convert Megatron-BERT / BERT checkpoints to ONNX, inspect them, create random ones.");
            model.AddCommand<Commands.Model.ModelConvertCommand>("convert").WithDescription("Convert a Hugging Face Megatron-BERT / BERT safetensors checkpoint to an ONNX classifier folder.");
            model.AddCommand<Commands.Model.ModelInfoCommand>("info").WithDescription("Architecture, parameters, inputs/outputs, labels, opset and SHA-256 of a model or checkpoint.");
            model.AddCommand<Commands.Model.ModelInitCommand>("init").WithDescription("Write a randomly initialised checkpoint in Hugging Face layout.");
        });
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks: each measures its baseline in the same run and ends with one summary line.");
            bench.AddCommand<Commands.Bench.BenchModelCommand>("model").WithDescription("Plain vs fused ONNX graph of a random Megatron-BERT (BERT-base shape): posts/s and ratio.");
        });
        config.AddCommand<RegressCommand>("regress").WithDescription("Regress the daily sentiment factor on the benchmark's moves; store the run and write a report.");
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
