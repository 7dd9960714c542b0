using SentimentFactor.Scoring;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Runs;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Scoring;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Cli.Commands.Score;

/// <summary>`sf score`: scores every post that has no score of the model yet; killable, a rerun finishes the rest.</summary>
internal sealed class ScoreCommand(
    IAnsiConsole console, SfDatabase database, ScoringService scoring) : AsyncCommand<ScoreSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ScoreSettings settings, CancellationToken cancellationToken)
    {
        var device = settings.Device is null ? (ExecutionDevice?)null : ExecutionDeviceParser.Parse(settings.Device);
        using var classifier = await scoring.OpenClassifierAsync(settings.Model, device, cancellationToken);
        var dataSource = await database.OpenAsync(cancellationToken);
        var since = settings.SinceInstant;
        var pending = await new PostScoreStore(dataSource).CountUnscoredAsync(classifier.ModelId, since, cancellationToken);
        console.MarkupLineInterpolated($"Model [bold]{classifier.Name}[/] {classifier.ModelId[..12]} on {classifier.Provider}: {pending:N0} posts to score.");
        ScoreRunResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("scoring", maxValue: Math.Max(pending, 1));
                var started = DateTime.UtcNow;
                var report = new Progress<long>(done =>
                {
                    task.Value = done;
                    var seconds = Math.Max((DateTime.UtcNow - started).TotalSeconds, 1e-3);
                    task.Description = $"{done:N0} / {pending:N0} posts, {done / seconds:F0} posts/s";
                });
                result = await scoring.ScoreAsync(classifier, dataSource, since, report, stopAfterChunk: CancellationToken.None, cancellationToken);
                task.Value = task.MaxValue;
            });
        var r = result!;
        console.Profile.Out.Writer.WriteLine(
            $"score: model={r.ModelId[..12]} posts={r.Posts} empty={r.Empty} chunks={r.Chunks} seconds={r.Elapsed.TotalSeconds:F1} posts_per_s={r.PostsPerSecond:F1}");
        return 0;
    }
}
