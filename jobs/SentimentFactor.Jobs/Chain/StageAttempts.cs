using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Jobs.Chain;

/// <summary>
/// Runs one stage of a chain run until it succeeds, fails with a failure that is not transient (see
/// <see cref="TransientFailures"/>: a bad model file fails at once), or Jobs:MaxAttempts are spent, waiting with
/// exponential backoff (Jobs:RetryBaseDelay, doubled per retry, at most Jobs:MaxRetryDelay) between attempts, through
/// one Polly retry pipeline. Every attempt is a row in sf.job_runs linked to its chain run. Cancelling lets the stage
/// stop at its next clean point and records 'cancelled'.
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
        var maxAttempts = options.Value.MaxAttempts;
        var attempt = 0;
        StageResult? last = null;
        Exception? thrown = null;
        var pipeline = Pipeline(stage.Name, maxAttempts, () => last!.Error!);
        try
        {
            await pipeline.ExecuteAsync(
                async token =>
                {
                    attempt++;
                    var (result, failure) = await AttemptAsync(store, stage, context, chainRunId, node, attempt, started, token);
                    last = result;
                    if (failure is not null)
                    {
                        // Polly decides from the exception whether another attempt is worth it.
                        thrown = failure;
                        ExceptionDispatchInfo.Throw(failure);
                    }
                },
                cancellationToken);
            return last!;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && !ReferenceEquals(ex, thrown) && last is { Status: "failed" })
        {
            Log.StageCancelled(logger, stage.Name, attempt);
            return last with { Status = "cancelled", Error = "Cancelled while waiting to retry.", Elapsed = timeProvider.GetElapsedTime(started) };
        }
        catch (Exception ex) when (ReferenceEquals(ex, thrown) && last is not null)
        {
            Log.StageGaveUp(logger, stage.Name, attempt, last.Error!, ex);
            return last;
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

    // One attempt: its sf.job_runs row, the stage's run, the outcome; a failure is returned for the pipeline to judge.
    private async Task<(StageResult Result, Exception? Failure)> AttemptAsync(
        JobRunStore store, INightlyStage stage, StageContext context, long chainRunId, string node, int attempt, long started,
        CancellationToken cancellationToken)
    {
        var attemptStarted = timeProvider.GetTimestamp();
        var runId = await store.StartAsync(
            NightlyJobs.StageJob(stage.Name), timeProvider.GetUtcNow(), Serialize(new() { ["attempt"] = attempt }), cancellationToken, chainRunId, node);
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
        if (status == "cancelled")
        {
            Log.StageCancelled(logger, stage.Name, attempt);
        }
        else if (failure is null)
        {
            Log.StageFinished(logger, stage.Name, status, attempt, (long)timeProvider.GetElapsedTime(attemptStarted).TotalMilliseconds, countsJson);
        }

        return (new StageResult(stage.Name, status, attempt, counts, error, timeProvider.GetElapsedTime(started)), failure);
    }

    // Retries transient failures only, Jobs:MaxAttempts in all, with this class's backoff; logs each retry.
    private ResiliencePipeline Pipeline(string stage, int maxAttempts, Func<string> lastError)
    {
        if (maxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransient),
                MaxRetryAttempts = maxAttempts - 1,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay(args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    Log.StageRetrying(logger, stage, args.AttemptNumber + 1, maxAttempts, (long)args.RetryDelay.TotalMilliseconds, lastError());
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    internal static string Serialize(Dictionary<string, object?> counts) => JsonSerializer.Serialize(counts, Json);
}
