using SentimentFactor.Cli.Commands.Bench;
using SentimentFactor.Cli.Commands.Db;
using SentimentFactor.Cli.Commands.Model;
using SentimentFactor.Cli.Commands.Score;
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
        config.AddCommand<ScoreCommand>("score").WithDescription("Score posts that have no score of the model yet (default: the built-in MiniLM model); killable, a rerun finishes the rest.");
        config.AddBranch("model", model =>
        {
            model.SetDescription("Sentiment models: train, evaluate, try.");
            model.AddCommand<ModelTrainCommand>("train").WithDescription("Fit a softmax head on MiniLM embeddings of labeled JSONL; write one ONNX classifier + config.json + vocab.txt.");
            model.AddCommand<ModelEvalCommand>("eval").WithDescription("Accuracy, macro-F1, per-class F1 and confusion matrix of a model on labeled JSONL.");
            model.AddCommand<ModelPredictCommand>("predict").WithDescription("Label and probabilities of each given text.");
        });
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks: each measures its baseline in the same run and ends with one 'bench <stage>:' line.");
            bench.AddCommand<BenchScoreCommand>("score").WithDescription("Scoring throughput: one-by-one, padded batches, the engine, the ceiling; tokenizer vs HF.");
        });
        config.AddCommand<Commands.TestCommand>("test").WithDescription("Run every test (starts the database if needed) and print the summary.");
    }
}
