using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Runs;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring;

/// <summary>
/// The scoring stage's one entry point for the CLI, the nightly job and the demo: find the model (--model,
/// Scoring:ModelPath or the default model), open its classifier with Scoring's runtime settings, and run scoring
/// passes over the database. The classifier logs under its own category, not the caller's.
/// </summary>
public sealed class ScoringService(
    ModelResolver resolver, ScoreRun run, IOptions<ScoringOptions> options, ILogger<SentimentClassifier> classifierLogger)
{
    /// <summary>
    /// Opens the classifier of <paramref name="modelPath"/> (null: Scoring:ModelPath, else the default model, assembled
    /// on first use) on <paramref name="device"/> (null: Scoring:Device). The caller owns it.
    /// </summary>
    public async Task<SentimentClassifier> OpenClassifierAsync(string? modelPath, ExecutionDevice? device, CancellationToken cancellationToken)
    {
        var directory = await resolver.ResolveAsync(modelPath, device, cancellationToken);
        return SentimentClassifier.Open(directory, ScoringRuntimeOptions.From(options.Value, device), classifierLogger);
    }

    /// <summary>Opens the classifier of a model directory already resolved (as <see cref="ModelResolver"/> does). The caller owns it.</summary>
    public SentimentClassifier OpenClassifier(string directory, ExecutionDevice device) =>
        SentimentClassifier.Open(directory, ScoringRuntimeOptions.From(options.Value, device), classifierLogger);

    /// <summary>The model resolver: float32 directories and int8 builds, for commands comparing them.</summary>
    public ModelResolver Models => resolver;

    /// <summary>
    /// Scores every post without a score of <paramref name="classifier"/>'s model (created at or after
    /// <paramref name="since"/> when given), Scoring:ClaimChunkSize posts per transaction. <paramref name="stopAfterChunk"/>
    /// finishes and commits the chunk in flight, then returns; <paramref name="cancellationToken"/> rolls it back.
    /// </summary>
    public Task<ScoreRunResult> ScoreAsync(
        SentimentClassifier classifier, NpgsqlDataSource dataSource, DateTimeOffset? since, IProgress<long>? progress,
        CancellationToken stopAfterChunk, CancellationToken cancellationToken) =>
        run.RunAsync(classifier, dataSource, since, options.Value.ClaimChunkSize, progress, stopAfterChunk, cancellationToken);
}
