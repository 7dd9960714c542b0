using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Jobs.Chain;

/// <summary>
/// Runs one stage of a chain run until it succeeds or Jobs:MaxAttempts are spent, waiting with exponential backoff
/// (Jobs:RetryBaseDelay, doubled per retry, at most Jobs:MaxRetryDelay) between attempts. Every attempt is a row in
/// sf.job_runs linked to its chain run. Cancelling lets the stage stop at its next clean point and records 'cancelled'.
/// </summary>
public sealed class StageAttempts(IOptions<JobsOptions> options, TimeProvider timeProvider, ILogger<StageAttempts> logger)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Runs <paramref name="stage"/> for chain run <paramref name="chainRunId"/>; the result says how its last attempt ended.</summary>
    public async Task<StageResult> RunAsync(
        JobRunStore store, INightlyStage stage, StageContext context, long chainRunId, string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(stage);
        var started = timeProvider.GetTimestamp();
        var job = NightlyJobs.StageJob(stage.Name);
        var maxAttempts = options.Value.MaxAttempts;
        for (var attempt = 1; ; attempt++)
        {
            var attemptStarted = timeProvider.GetTimestamp();
            var runId = await store.StartAsync(job, timeProvider.GetUtcNow(), Serialize(new() { ["attempt"] = attempt }), cancellationToken, chainRunId, node);
            string status;
            Dictionary<string, object?> counts;
            string? error;
            Exception? failure = null;
            try
            {
                var outcome = await stage.RunAsync(context, cancellationToken);
                counts = outcome.Counts;
                status = outcome.Skipped ? "skipped" : "succeeded";
                error = outcome.Note;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                counts = [];
                status = "cancelled";
                error = "Cancelled (shutdown or Ctrl+C); the next run resumes where this one stopped.";
            }
            catch (Exception ex)
            {
                counts = [];
                status = "failed";
                error = ex.Message;
                failure = ex;
            }

            counts["attempt"] = attempt;
            var countsJson = Serialize(counts);
            await store.FinishAsync(runId, timeProvider.GetUtcNow(), status, countsJson, error);
            var attemptMs = (long)timeProvider.GetElapsedTime(attemptStarted).TotalMilliseconds;
            if (status == "cancelled")
            {
                Log.StageCancelled(logger, stage.Name, attempt);
                return new StageResult(stage.Name, status, attempt, counts, error, timeProvider.GetElapsedTime(started));
            }

            if (failure is null)
            {
                Log.StageFinished(logger, stage.Name, status, attempt, attemptMs, countsJson);
                return new StageResult(stage.Name, status, attempt, counts, error, timeProvider.GetElapsedTime(started));
            }

            if (attempt >= maxAttempts)
            {
                Log.StageGaveUp(logger, stage.Name, attempt, error!, failure);
                return new StageResult(stage.Name, status, attempt, counts, error, timeProvider.GetElapsedTime(started));
            }

            var delay = RetryDelay(attempt);
            Log.StageRetrying(logger, stage.Name, attempt, maxAttempts, (long)delay.TotalMilliseconds, error!);
            try
            {
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Log.StageCancelled(logger, stage.Name, attempt);
                return new StageResult(stage.Name, "cancelled", attempt, counts, "Cancelled while waiting to retry.", timeProvider.GetElapsedTime(started));
            }
        }
    }

    /// <summary>Wait before attempt <paramref name="failedAttempt"/> + 1: base × 2^(failedAttempt − 1), at most Jobs:MaxRetryDelay.</summary>
    public TimeSpan RetryDelay(int failedAttempt)
    {
        var settings = options.Value;
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        var ticks = Math.Min(settings.RetryBaseDelay.Ticks * factor, settings.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    internal static string Serialize(Dictionary<string, object?> counts) => JsonSerializer.Serialize(counts, Json);
}
