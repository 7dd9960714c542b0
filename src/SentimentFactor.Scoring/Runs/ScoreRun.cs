using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Storage.Scoring;

namespace SentimentFactor.Scoring.Runs;

/// <summary>
/// One resumable scoring pass: registers the model in sf.models, then claims unscored posts of that model chunk by
/// chunk, scores them and commits their rows. Cancelling (Ctrl+C, a kill) loses at most the chunk in flight; the
/// next pass finishes the rest, and every post ends with exactly one row per model.
/// </summary>
public sealed class ScoreRun(ILogger<ScoreRun> logger)
{
    /// <summary>Scores every unscored post (created at or after <paramref name="since"/> when given).</summary>
    /// <param name="classifier">The open model.</param>
    /// <param name="dataSource">The database.</param>
    /// <param name="since">Only posts created at or after this instant; null for all.</param>
    /// <param name="chunkSize">Posts per claim and transaction.</param>
    /// <param name="progress">Receives the posts written so far after each chunk.</param>
    /// <param name="cancellationToken">Stops the pass; the chunk in flight is rolled back.</param>
    public Task<ScoreRunResult> RunAsync(
        SentimentClassifier classifier, NpgsqlDataSource dataSource, DateTimeOffset? since, int chunkSize,
        IProgress<long>? progress, CancellationToken cancellationToken) =>
        RunAsync(classifier, dataSource, since, chunkSize, progress, stopAfterChunk: CancellationToken.None, cancellationToken);

    /// <summary>
    /// As the other overload, and <paramref name="stopAfterChunk"/> asks for a graceful stop: the chunk in flight is
    /// finished and committed, no new one is claimed, and the pass returns what it wrote (a service shutting down).
    /// </summary>
    public async Task<ScoreRunResult> RunAsync(
        SentimentClassifier classifier, NpgsqlDataSource dataSource, DateTimeOffset? since, int chunkSize,
        IProgress<long>? progress, CancellationToken stopAfterChunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var watch = Stopwatch.StartNew();
        await new ModelStore(dataSource).RegisterAsync(
            new ModelRecord(classifier.ModelId, classifier.Name, "onnx", [.. classifier.Config.Labels], classifier.Config.Raw.ToJsonString()),
            cancellationToken);
        var store = new PostScoreStore(dataSource);
        long posts = 0, empty = 0;
        var chunks = 0;
        (string Source, string PostId)? after = null;
        try
        {
            while (true)
            {
                // Checked between chunks only: a stop that arrives mid-chunk lets that chunk finish and commit.
                if (stopAfterChunk.IsCancellationRequested)
                {
                    Log.ScoreRunStopped(logger, posts, classifier.ModelId);
                    break;
                }

                var chunkWatch = Stopwatch.StartNew();
                var (claimed, last) = await store.ScoreChunkAsync(
                    classifier.ModelId, since, after, chunkSize,
                    async (batch, token) =>
                    {
                        var scores = await classifier.ScoreAsync(batch.Select(p => p.Text).ToList(), token);
                        var rows = new PostScoreRow[batch.Count];
                        for (var i = 0; i < rows.Length; i++)
                        {
                            var s = scores[i];
                            rows[i] = new PostScoreRow(batch[i].Source, batch[i].PostId, SentimentLabels.ToName(s.Label), s.PNeg, s.PNeu, s.PPos);
                        }

                        empty += batch.Count(p => string.IsNullOrWhiteSpace(p.Text));
                        return rows;
                    },
                    cancellationToken);
                if (claimed == 0)
                {
                    break;
                }

                posts += claimed;
                chunks++;
                after = last;
                Log.ChunkWritten(logger, claimed, chunkWatch.ElapsedMilliseconds);
                progress?.Report(posts);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.ScoreRunCancelled(logger, posts, classifier.ModelId);
            throw;
        }

        var result = new ScoreRunResult(classifier.ModelId, posts, empty, chunks, watch.Elapsed);
        Log.ScoreRunFinished(logger, posts, classifier.ModelId, watch.ElapsedMilliseconds, result.PostsPerSecond, empty);
        return result;
    }
}
