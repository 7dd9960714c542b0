using SentimentFactor.Cli.Commands.Db;
using SentimentFactor.Cli.Commands.Regress;
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
        config.AddCommand<RegressCommand>("regress").WithDescription("Regress the daily sentiment factor on the benchmark's moves; store the run and write a report.");
        config.AddCommand<Commands.TestCommand>("test").WithDescription("Run every test (starts the database if needed) and print the summary.");
    }
}
