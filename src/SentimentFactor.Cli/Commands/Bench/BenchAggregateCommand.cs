using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using SentimentFactor.Aggregation;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Aggregation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>
/// `sf bench aggregate`: generates scored posts in a throw-away database, times a full recompute of
/// sf.daily_sentiment (the measured figure) and, as the baseline, the same aggregation done client-side
/// (every scored post streamed to this process). Ends with `bench aggregate: posts=N days=N seconds=S`.
/// </summary>
internal sealed class BenchAggregateCommand : AsyncCommand<BenchAggregateSettings>
{
    private const string ModelId = "bench-aggregate";

    private readonly SfDatabase _database;
    private readonly AggregationService _aggregation;
    private readonly IAnsiConsole _console;
    private readonly ILoggerFactory _loggerFactory;

    public BenchAggregateCommand(
        SfDatabase database, AggregationService aggregation, IAnsiConsole console, ILoggerFactory loggerFactory)
    {
        _database = database;
        _aggregation = aggregation;
        _console = console;
        _loggerFactory = loggerFactory;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, BenchAggregateSettings settings, CancellationToken cancellationToken)
    {
        var calendar = NasdaqCalendar.Instance;
        var days = calendar.TradingDays(NasdaqCalendar.FirstDay, new DateOnly(2025, 12, 31)).TakeLast(settings.Days).ToList();
        var windowStart = calendar.PostWindow(days[0]).Start;
        var windowEnd = calendar.PostWindow(days[^1]).End;

        // A database of its own on the same server: millions of synthetic posts never touch the real one.
        var target = await _database.ResolveAsync(cancellationToken);
        var name = (target.Connection.Database ?? "sentimentfactor") + "_bench_aggregate";
        if (!DatabaseProvisioner.IsValidName(name))
        {
            name = "sentimentfactor_bench_aggregate";
        }

        var bench = await DatabaseProvisioner.RecreateAsync(target, name, migrate: true, _loggerFactory, cancellationToken);
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(bench.Connection.ConnectionString);
            await RunAsync(dataSource, settings, days, windowStart, windowEnd, cancellationToken);
        }
        finally
        {
            await DatabaseProvisioner.DropAsync(target, name, CancellationToken.None);
        }

        return 0;
    }

    private async Task RunAsync(
        NpgsqlDataSource dataSource,
        BenchAggregateSettings settings,
        List<DateOnly> days,
        DateTimeOffset windowStart,
        DateTimeOffset windowEnd,
        CancellationToken cancellationToken)
    {
        var calendar = NasdaqCalendar.Instance;
        var bench = new AggregationBenchStore(dataSource);

        var watch = Stopwatch.StartNew();
        var posts = await bench.GenerateAsync(ModelId, settings.Posts, windowStart, windowEnd, cancellationToken);
        var generateSeconds = watch.Elapsed.TotalSeconds;

        // Measured: a full recompute as `sf aggregate --model bench-aggregate` does it (calendar sync included).
        watch.Restart();
        var result = (await _aggregation.RunAsync(
            dataSource, new AggregationRequest(days[0], days[^1], ModelId), cancellationToken)).Single();
        var seconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var groups = await bench.ClientSideAggregateAsync(ModelId, calendar, cancellationToken);
        var baselineSeconds = watch.Elapsed.TotalSeconds;

        var table = new Table().AddColumns("step", "seconds", "result");
        table.AddRow("generate (INSERT .. SELECT generate_series)", F(generateSeconds), $"{posts:N0} scored posts");
        table.AddRow("[bold]full recompute in PostgreSQL[/]", F(seconds), $"{result.Rows:N0} rows, {result.Batches} batches");
        table.AddRow("baseline: stream to C# and aggregate there", F(baselineSeconds), $"{groups:N0} groups (nothing written)");
        _console.Write(table);

        var writer = _console.Profile.Out.Writer;
        await writer.WriteLineAsync(
            $"bench aggregate: posts={posts.ToString(CultureInfo.InvariantCulture)} days={days.Count.ToString(CultureInfo.InvariantCulture)} seconds={F(seconds)}");
        await writer.FlushAsync(cancellationToken);
    }

    private static string F(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);
}
