using SentimentFactor.Cli.Commands;
using SentimentFactor.Cli.Commands.Aggregate;
using SentimentFactor.Cli.Commands.Bench;
using SentimentFactor.Cli.Commands.Calendar;
using SentimentFactor.Cli.Commands.CrossSection;
using SentimentFactor.Cli.Commands.Db;
using SentimentFactor.Cli.Commands.Demo;
using SentimentFactor.Cli.Commands.Generate;
using SentimentFactor.Cli.Commands.Ingest;
using SentimentFactor.Cli.Commands.Jobs;
using SentimentFactor.Cli.Commands.Model;
using SentimentFactor.Cli.Commands.Regress;
using SentimentFactor.Cli.Commands.Score;
using SentimentFactor.Cli.Commands.Sql;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli;

/// <summary>
/// Every `sf` command and branch, in the order `sf --help` lists them: the pipeline's stages in the order they
/// run, then the tools around them. The commands themselves live in Commands/&lt;Area&gt;/.
/// </summary>
internal static class CommandTree
{
    public static void Configure(IConfigurator config)
    {
        config.AddCommand<DemoCommand>("demo").WithDescription("The whole pipeline on a synthetic market in its own database: generate, ingest, score, aggregate, regress, report.");
        config.AddCommand<GenerateCommand>("generate").WithDescription("Write a reproducible synthetic market: posts.jsonl, index bars and the planted truth.");
        config.AddBranch("ingest", ingest =>
        {
            ingest.SetDescription("Posts (files, X, StockTwits) and daily market bars into the database.");
            ingest.AddCommand<IngestFileCommand>("file").WithDescription("Load JSONL/CSV post files (gzip ok) by binary COPY; bad records go to sf.ingest_rejects.");
            ingest.AddCommand<IngestXCommand>("x").WithDescription("Pull X API v2 recent search (SF_X_BEARER_TOKEN) from the saved cursor.");
            ingest.AddCommand<IngestStockTwitsCommand>("stocktwits").WithDescription("Pull StockTwits symbol streams from the saved cursor.");
            ingest.AddCommand<IngestBarsCommand>("bars").WithDescription("Load daily bars (Stooq/Yahoo CSV file or HTTP endpoint) into sf.market_bars.");
        });
        config.AddCommand<ScoreCommand>("score").WithDescription("Score posts that have no score of the model yet (default: the built-in MiniLM model); killable, a rerun finishes the rest.");
        config.AddCommand<AggregateCommand>("aggregate").WithDescription("Recompute sf.daily_sentiment per model and trading day (--from, --to, --model).");
        config.AddCommand<RegressCommand>("regress").WithDescription("Regress the daily sentiment factor on the benchmark's moves; store the run and write a report.");
        config.AddCommand<CrossSectionCommand>("crosssection").WithDescription("Each symbol's sentiment against its own returns: daily rank IC and decay, quantile portfolios, clustered panel OLS, Fama-MacBeth; store the run and write a report.");
        config.AddBranch("run", run =>
        {
            run.SetDescription("Run a scheduled job once, now.");
            run.AddCommand<RunNightlyCommand>("nightly").WithDescription("The nightly chain once: ingest, score, aggregate, regress (--date D to backfill); one chain at a time.");
        });
        config.AddBranch("schedule", schedule =>
        {
            schedule.SetDescription("The Quartz scheduler of the nightly chain (Jobs section).");
            schedule.AddCommand<ScheduleRunCommand>("run").WithDescription("Host the scheduler in the foreground; Ctrl+C / SIGTERM stops it cleanly.");
        });
        config.AddCommand<JobsListCommand>("jobs").WithDescription("The last nightly chain runs and stage attempts (sf.job_runs).");
        config.AddBranch("model", model =>
        {
            model.SetDescription("Sentiment models: fine-tune an encoder, train a head, evaluate, predict, quantize to int8; convert Megatron-BERT / BERT checkpoints to ONNX.");
            model.AddCommand<ModelTrainCommand>("train").WithDescription("Fit a softmax head on MiniLM embeddings of labeled JSONL; write one ONNX classifier + config.json + vocab.txt.");
            model.AddCommand<ModelFinetuneCommand>("finetune").WithDescription("Fine-tune MiniLM or a BERT / Megatron-BERT checkpoint on labeled JSONL; write an HF checkpoint + ONNX classifier (killable, resumable).");
            model.AddCommand<ModelAverageCommand>("average").WithDescription("Average the weights of several fine-tunes of one base (a model soup) into one model; offsets are re-tuned with finetune --epochs 0.");
            model.AddCommand<ModelPackCommand>("pack").WithDescription("Write the shipped default model from a fine-tuned MiniLM: what it changed (int8 row deltas, float16 vectors) + training.json with probe predictions.");
            model.AddCommand<ModelEvalCommand>("eval").WithDescription("Accuracy, macro-F1, per-class F1 and confusion matrix of a model on labeled JSONL.");
            model.AddCommand<ModelPredictCommand>("predict").WithDescription("Label and probabilities of each given text.");
            model.AddCommand<ModelTokenizeCommand>("tokenize").WithDescription("Token ids of each given text, as the scoring engine feeds them to the model.");
            model.AddCommand<ModelConvertCommand>("convert").WithDescription("Convert a Hugging Face Megatron-BERT / BERT safetensors checkpoint to an ONNX classifier folder.");
            model.AddCommand<ModelQuantizeCommand>("quantize").WithDescription("Quantise a float32 classifier folder to dynamic int8 (per-channel weights) for faster CPU scoring.");
            model.AddCommand<ModelInfoCommand>("info").WithDescription("Architecture, parameters, inputs/outputs, labels, opset and SHA-256 of a model or checkpoint.");
            model.AddCommand<ModelInitCommand>("init").WithDescription("Write a randomly initialised checkpoint in Hugging Face layout.");
        });
        config.AddBranch("calendar", calendar =>
        {
            calendar.SetDescription("The NASDAQ trading calendar (2000-2030).");
            calendar.AddCommand<CalendarCheckCommand>("check").WithDescription("List days where the calendar and the benchmark's bars disagree.");
        });
        config.AddBranch("sql", sql =>
        {
            sql.SetDescription("The SQL factor library (sql/queries, installed in schema sf).");
            sql.AddCommand<SqlListCommand>("list").WithDescription("List the library's queries with their parameters.");
            sql.AddCommand<SqlRunCommand>("run").WithDescription("Run a query: sf sql run NAME [[--param k=v]] [[--csv]].");
        });
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
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks: each measures its baseline in the same run and ends with one 'bench <stage>: ...' line.");
            bench.AddCommand<BenchIngestCommand>("ingest").WithDescription("COPY path vs row-by-row INSERT for generated posts.");
            bench.AddCommand<BenchScoreCommand>("score").WithDescription("Scoring throughput: HF pipeline-style batches, length-sorted batches, the engine, the exact-length ceiling; tokenizer vs HF.");
            bench.AddCommand<BenchQuantizeCommand>("quantize").WithDescription("Float32 vs int8 build of a model on CPU: posts/s of both on the same posts, macro-F1 change, CPU flags.");
            bench.AddCommand<BenchAggregateCommand>("aggregate").WithDescription("Time a full recompute of 5,000,000 scored posts over 1,000 trading days.");
            bench.AddCommand<BenchFinetuneCommand>("finetune").WithDescription("MiniLM fine-tuning tokens/s vs ONNX Runtime forward tokens/s on the same batches: ratio.");
            bench.AddCommand<BenchModelCommand>("model").WithDescription("Plain vs fused ONNX graph of a random Megatron-BERT (BERT-base shape): posts/s and ratio.");
        });
        config.AddCommand<TestCommand>("test").WithDescription("Run every test (starts the database if needed) and print the summary.");
    }
}
