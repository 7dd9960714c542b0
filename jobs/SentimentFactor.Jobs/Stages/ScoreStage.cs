using SentimentFactor.Jobs.Chain;
using SentimentFactor.Scoring;

namespace SentimentFactor.Jobs.Stages;

/// <summary>
/// Scores every post without a score of the configured model (Scoring:ModelPath, else the default model), chunk by
/// chunk. Cancelled (the scheduler shutting down), it finishes and commits the chunk in flight, then stops; the next
/// run scores the rest.
/// </summary>
public sealed class ScoreStage(ScoringService scoring) : INightlyStage
{
    /// <summary>The stage's name.</summary>
    public const string StageName = "score";

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var classifier = await scoring.OpenClassifierAsync(modelPath: null, device: null, cancellationToken);
        // Shutdown (SIGTERM) lets the chunk in flight finish and commit (a few seconds); only a kill rolls it back.
        var result = await scoring.ScoreAsync(classifier, context.DataSource, since: null, progress: null, stopAfterChunk: cancellationToken, CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = new StageOutcome();
        outcome.Counts["model"] = result.ModelId;
        outcome.Counts["posts"] = result.Posts;
        outcome.Counts["empty"] = result.Empty;
        outcome.Counts["chunks"] = result.Chunks;
        outcome.Counts["provider"] = classifier.Provider.ToString();
        return outcome;
    }
}
