using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Aggregation;
using SentimentFactor.Cli.Commands.CrossSection;
using SentimentFactor.Cli.Commands.Generate;
using SentimentFactor.Cli.Commands.Regress;
using SentimentFactor.Core.Synthetic;
using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Market;
using SentimentFactor.Ingest.Sources.Files;
using SentimentFactor.Research;
using SentimentFactor.Research.CrossSection;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Runs;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Cli.Commands.Demo;

/// <summary>
/// `sf demo`: the whole pipeline on embedded defaults against a synthetic market: generate → fresh demo database →
/// ingest → default model → score → aggregate → regress → report, then set the result beside the planted truth.
/// Then the multi-symbol world (own posts and bars per symbol, in the days before the index world) goes through the
/// same pipeline into `sf crosssection`, whose result is set beside its planted cross-sectional effect.
/// </summary>
internal sealed class DemoCommand(
    IAnsiConsole console,
    SfDatabase database,
    IngestService ingest,
    ScoringService scoring,
    AggregationService aggregation,
    RegressionService regression,
    CrossSectionService crossSection,
    IOptions<ResearchOptions> researchOptions,
    IOptions<MarketOptions> marketOptions,
    IOptions<DemoOptions> demoOptions,
    ILoggerFactory loggerFactory) : AsyncCommand<DemoSettings>
{
    public const string PostSource = "demo";
    public const string UrlFile = "database.url";

    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var options = demoOptions.Value;
        var directory = settings.Directory is { } typed ? Path.GetFullPath(typed) : options.Directory;
        var databaseName = settings.Database ?? options.Database;
        var spec = settings.ToSpec(options);
        var device = settings.Device is null ? (ExecutionDevice?)null : ExecutionDeviceParser.Parse(settings.Device);
        var benchmark = marketOptions.Value.Benchmark;

        console.Write(new Rule("[bold]SentimentFactor demo[/]").LeftJustified());
        console.MarkupLine(
            "[yellow]All data in this demo is synthetic[/]: a made-up market whose hidden daily mood drives both the posts and the next "
            + "day's index return. It shows the pipeline working and checks that it recovers the planted effect; it says nothing about real markets.");
        console.WriteLine();

        SyntheticWorld world = null!;
        DatabaseTarget target = null!;
        IngestResult posts = null!;
        long barsLoaded = 0;
        string modelDirectory = null!;
        ScoreRunResult scores = null!;
        IReadOnlyList<ModelAggregation> aggregated = [];
        RegressionRun run = null!;
        string modelId = null!, modelName = null!, provider = null!;

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var generateTask = progress.AddTask("1 generate", maxValue: 1);
                var databaseTask = progress.AddTask("2 database", autoStart: false, maxValue: 1);
                var ingestTask = progress.AddTask("3 ingest", autoStart: false, maxValue: 1);
                var modelTask = progress.AddTask("4 model", autoStart: false, maxValue: 1);
                var scoreTask = progress.AddTask("5 score", autoStart: false, maxValue: 1);
                var aggregateTask = progress.AddTask("6 aggregate", autoStart: false, maxValue: 1);
                var regressTask = progress.AddTask("7 regress + report", autoStart: false, maxValue: 1);

                world = SyntheticMarket.Generate(spec);
                await SyntheticMarketFiles.WriteAsync(world, Path.Combine(directory, "data"), cancellationToken);
                Done(generateTask, $"1 generate: {world.Days.Count} trading days, {world.Posts.Count:N0} posts");

                databaseTask.StartTask();
                var server = await database.ResolveAsync(cancellationToken);
                target = await DatabaseProvisioner.RecreateAsync(server, databaseName, migrate: true, loggerFactory, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(directory, UrlFile), target.Uri + "\n", cancellationToken);
                Done(databaseTask, $"2 database: fresh {databaseName}");
                await using var dataSource = NpgsqlDataSource.Create(target.Connection.ConnectionString);

                ingestTask.StartTask();
                var (postsPath, barsPath, _) = SyntheticMarketFiles.Paths(Path.Combine(directory, "data"));
                var source = ingest.CreateFileSource(postsPath, PostSource, FileFormat.Jsonl, []);
                ingestTask.MaxValue = Math.Max(1, source.Length ?? 1);
                posts = await ingest.CreateRunner(dataSource).RunAsync(
                    source, new Progress<IngestProgress>(p => ingestTask.Value = Math.Min(ingestTask.MaxValue, p.Bytes)), cancellationToken);
                var bars = await ingest.CreateBarsIngester(dataSource).LoadFileAsync(barsPath, benchmark, cancellationToken);
                barsLoaded = bars.Inserted + bars.Updated + bars.Unchanged;
                Done(ingestTask, $"3 ingest: {posts.Accepted:N0} posts, {posts.Rejected} rejected, {barsLoaded} {benchmark} bars");

                modelTask.StartTask();
                using var classifier = await scoring.OpenClassifierAsync(modelPath: null, device, cancellationToken);
                modelDirectory = classifier.Files.Directory;
                (modelId, modelName, provider) = (classifier.ModelId, classifier.Name, $"{classifier.Provider}, {classifier.Config.Precision}");
                Done(modelTask, $"4 model: {modelName} {modelId[..12]} on {provider}");

                scoreTask.StartTask();
                scoreTask.MaxValue = Math.Max(1, posts.Accepted);
                scores = await scoring.ScoreAsync(
                    classifier, dataSource, since: null, new Progress<long>(n => scoreTask.Value = n), stopAfterChunk: CancellationToken.None, cancellationToken);
                Done(scoreTask, $"5 score: {scores.Posts:N0} posts, {scores.PostsPerSecond:F0} posts/s");

                aggregateTask.StartTask();
                aggregated = await aggregation.RunAsync(dataSource, new AggregationRequest(ModelId: modelId), cancellationToken);
                Done(aggregateTask, $"6 aggregate: {aggregated.Sum(a => a.TradingDays)} trading days, {aggregated.Sum(a => a.Rows):N0} rows");

                regressTask.StartTask();
                var researchSpec = researchOptions.Value.ToSpec(benchmark) with { ModelId = modelId };
                run = await regression.RunAsync(dataSource, researchSpec, writeReport: true, Path.Combine(directory, "reports"), cancellationToken);
                Done(regressTask, $"7 regress: run {run.RunId}, n = {run.Results.Observations}");
            });

        console.WriteLine();
        RegressTables.Write(console, run);
        await using (var dataSource = NpgsqlDataSource.Create(target.Connection.ConnectionString))
        {
            await WriteTruthAsync(dataSource, world, run, modelId, cancellationToken);
        }

        CrossSectionRun? panelRun = null;
        if (settings.ToPanelSpec(options, world.Days[0].Day) is { } panelSpec)
        {
            panelRun = await CrossSectionStageAsync(panelSpec, directory, target, modelDirectory, device, cancellationToken);
        }

        console.WriteLine();
        var summary = new Grid().AddColumn().AddColumn();
        summary.AddRow("Data", $"SYNTHETIC, seed {world.Spec.Seed}: {directory}/data (truth.json holds the mood and the planted coefficient)");
        summary.AddRow("Database", $"{target.Display} (sf db url/psql use the main database; this one is {databaseName})");
        summary.AddRow("Posts", $"{posts.Accepted:N0} ingested, {posts.Rejected} malformed lines in sf.ingest_rejects, {posts.Duplicates} duplicates");
        summary.AddRow("Days", $"{world.Days.Count} trading days {world.Days[0].Day:yyyy-MM-dd}..{world.Days[^1].Day:yyyy-MM-dd}; {barsLoaded} {benchmark} bars");
        summary.AddRow("Model", $"{modelName} {modelId[..12]} on {provider} ({modelDirectory})");
        summary.AddRow("Scoring", $"{scores.Posts:N0} posts in {scores.Elapsed.TotalSeconds:F1} s ({scores.PostsPerSecond:F0} posts/s)");
        summary.AddRow("Report", run.ReportPath ?? "(none)");
        if (panelRun is not null)
        {
            summary.AddRow("Cross-section", $"{panelRun.Results.Symbols.Count} symbols x {panelRun.Results.Coverage.Days} days: {panelRun.ReportPath ?? "(no report)"}");
        }

        console.Write(new Panel(summary).Header("demo summary"));
        console.Profile.Out.Writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"demo: posts={posts.Accepted} rejected={posts.Rejected} days={world.Days.Count} model={modelId[..12]} run={run.RunId} report={run.ReportPath}"));
        return 0;
    }

    private async Task WriteTruthAsync(NpgsqlDataSource dataSource, SyntheticWorld world, RegressionRun run, string modelId, CancellationToken cancellationToken)
    {
        var factor = (await regression.DailyBullishnessAsync(dataSource, modelId, "*", cancellationToken)).ToDictionary(r => r.Day, r => r.Bullishness);
        var pairs = world.Days.Where(d => factor.ContainsKey(d.Day)).Select(d => (d.Mood, Factor: factor[d.Day])).ToList();
        var correlation = pairs.Count > 2 ? MathNet.Numerics.Statistics.Correlation.Pearson(pairs.Select(p => p.Mood), pairs.Select(p => p.Factor)) : double.NaN;

        var term = run.Results.Ols.Coefficients.FirstOrDefault(c => c.Name != "const");
        var planted = world.Spec.ReturnOnMood;
        var recovered = term is not null && Math.Sign(term.Estimate) == Math.Sign(planted) && term.HacPValue < 0.05;
        console.WriteLine();
        console.Write(new Rule("[bold]Truth check[/]").LeftJustified());
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Planted: next-day log return = {world.Spec.Drift} + {planted} x mood(t) + noise (s.d. {world.Spec.ReturnNoise})."));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Measured factor vs hidden mood: Pearson r = {correlation:F3} over {pairs.Count} days."));
        if (term is null)
        {
            console.MarkupLine("[red]The regression has no factor term to compare.[/]");
            return;
        }

        var verdict = recovered ? "[green]recovered[/]" : "[red]NOT recovered[/]";
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Estimated: {Markup.Escape(term.Name)} coefficient {term.Estimate:G4} (HAC t = {term.HacTStatistic:F2}, p = {term.HacPValue:G3}): planted effect {verdict} (same sign, p < 0.05)."));
    }

    /// <summary>Stage 8: the multi-symbol world through ingest (posts, one bars file per symbol), score, aggregate and `sf crosssection`.</summary>
    private async Task<CrossSectionRun> CrossSectionStageAsync(
        SyntheticPanelSpec spec, string directory, DatabaseTarget target, string modelDirectory, ExecutionDevice? device, CancellationToken cancellationToken)
    {
        var world = SyntheticPanel.Generate(spec);
        var data = Path.Combine(directory, "data");
        await SyntheticPanelFiles.WriteAsync(world, data, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(target.Connection.ConnectionString);
        var (postsPath, barsFolder, _) = SyntheticPanelFiles.Paths(data);
        var source = ingest.CreateFileSource(postsPath, PostSource + "-panel", FileFormat.Jsonl, []);
        var posts = await ingest.CreateRunner(dataSource).RunAsync(source, null, cancellationToken);
        var loader = ingest.CreateBarsIngester(dataSource);
        foreach (var (file, symbol) in BarFiles.Resolve([barsFolder], null, marketOptions.Value.Benchmark))
        {
            await loader.LoadFileAsync(file, symbol, cancellationToken);
        }

        using (var classifier = await scoring.OpenClassifierAsync(modelPath: modelDirectory, device, cancellationToken))
        {
            await scoring.ScoreAsync(classifier, dataSource, since: null, null, stopAfterChunk: CancellationToken.None, cancellationToken);
            await aggregation.RunAsync(dataSource, new AggregationRequest(ModelId: classifier.ModelId), cancellationToken);
        }

        var crossSpec = new CrossSectionSpec { From = world.Days[0].Day, To = world.Days[^1].Day, Quantiles = Math.Min(5, world.Symbols.Count), MinSymbolsPerDay = Math.Min(5, world.Symbols.Count) };
        var run = await crossSection.RunAsync(dataSource, crossSpec, writeReport: true, Path.Combine(directory, "reports"), cancellationToken);

        console.WriteLine();
        console.Write(new Rule("[bold]Cross-section: each symbol's sentiment against its own next-day return[/]").LeftJustified());
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"8 cross-section: {posts.Accepted:N0} posts about {world.Symbols.Count} symbols over {spec.TradingDays} trading days {world.Days[0].Day:yyyy-MM-dd}..{world.Days[^1].Day:yyyy-MM-dd}, one bars file per symbol ({barsFolder})"));
        CrossSectionTables.Write(console, run);
        var r = run.Results;
        var slope = r.Pooled[r.Factor];
        var recovered = r.Ic.MeanIc > 0 && r.Ic.Test.HacPValue < 0.05;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Planted: r(s, t+1) = market(t+1) + {spec.ReturnOnMood} x mood(s, t) + noise (s.d. {spec.ReturnNoise}); each symbol's posts follow its own mood."));
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Estimated: mean IC {r.Ic.MeanIc:F3} (Newey-West t = {r.Ic.Test.HacTStatistic:F2}), two-way clustered slope t = {slope.TwoWayT ?? double.NaN:F2}: planted cross-sectional effect {(recovered ? "[green]recovered[/]" : "[red]NOT recovered[/]")} (mean IC > 0, p < 0.05)."));
        console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"demo cross-section: symbols={r.Symbols.Count} days={r.Coverage.Days} symbol_days={r.Coverage.SymbolDays} mean_ic={r.Ic.MeanIc:F4} ic_nw_t={r.Ic.Test.HacTStatistic:F2} run={run.RunId}"));
        return run;
    }

    private void Done(ProgressTask task, string description)
    {
        task.Description = Markup.Escape(description);
        task.Value = task.MaxValue;
        task.StopTask();
        if (!console.Profile.Capabilities.Interactive)
        {
            // Piped or logged: the live display never redraws its finished rows, so say each stage's result once.
            console.WriteLine(description);
        }
    }
}
