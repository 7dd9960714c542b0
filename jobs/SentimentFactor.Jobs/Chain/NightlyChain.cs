using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Jobs.Chain;

/// <summary>
/// The nightly chain: ingest → score → aggregate → regress, each stage only after the one before succeeded. Holds a
/// PostgreSQL advisory lock for the whole run, so two chains never overlap (threads, processes or hosts). Every
/// attempt of every stage, and the run itself, is a row in sf.job_runs. A failing stage is retried with exponential
/// backoff (Jobs:MaxAttempts, Jobs:RetryBaseDelay); then the chain stops and says where. Cancelling lets the
/// running stage stop at its next clean point and records 'cancelled'.
/// </summary>
public sealed class NightlyChain
{
    /// <summary>job_runs.job of a chain run; stages are "nightly.&lt;stage&gt;".</summary>
    public const string JobName = "nightly";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly IReadOnlyList<INightlyStage> _stages;
    private readonly JobsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NightlyChain> _logger;

    /// <summary>Creates the chain over the registered stages, in registration order.</summary>
    public NightlyChain(IEnumerable<INightlyStage> stages, IOptions<JobsOptions> options, TimeProvider timeProvider, ILogger<NightlyChain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _stages = [.. stages];
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The stages in the order they run.</summary>
    public IReadOnlyList<string> StageNames => [.. _stages.Select(s => s.Name)];

    /// <summary>job_runs.job of a stage.</summary>
    public static string StageJob(string stage) => JobName + "." + stage;

    /// <summary>Runs the chain once on <paramref name="dataSource"/> (not owned).</summary>
    /// <returns>The outcome; <see cref="ChainStatus.Locked"/> when another chain is running (nothing is run then).</returns>
    public async Task<ChainResult> RunAsync(NpgsqlDataSource dataSource, NightlyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(request);
        var started = _timeProvider.GetTimestamp();
        var store = new JobRunStore(dataSource);
        var day = request.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lockConnection = await store.TryLockAsync(_options.LockKey, cancellationToken);
        if (lockConnection is null)
        {
            var holder = await store.LockHolderAsync(_options.LockKey, cancellationToken);
            var who = holder is null ? "holder already gone" : $"server pid {holder.Pid}, {holder.ApplicationName}, client {holder.ClientAddress ?? "local"}";
            Log.ChainLocked(_logger, _options.LockKey, who);
            var message = JobsException.Locked(_options.LockKey, who).Message;
            var lockedId = await store.StartAsync(JobName, _timeProvider.GetUtcNow(), Serialize(new() { ["trigger"] = request.Trigger, ["day"] = day }), cancellationToken);
            await store.FinishAsync(lockedId, _timeProvider.GetUtcNow(), "skipped", Serialize(new() { ["trigger"] = request.Trigger, ["day"] = day, ["locked"] = true }), message);
            return new ChainResult(ChainStatus.Locked, [], null, message, _timeProvider.GetElapsedTime(started));
        }

        try
        {
            Log.ChainStarted(_logger, request.Trigger, day ?? "latest");
            var chainCounts = new Dictionary<string, object?> { ["trigger"] = request.Trigger, ["day"] = day };
            if (request.ScheduledAt is { } scheduledAt)
            {
                chainCounts["scheduled_at"] = scheduledAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                chainCounts["node"] = request.Node;
            }

            var chainId = await store.StartAsync(JobName, _timeProvider.GetUtcNow(), Serialize(chainCounts), cancellationToken);
            // Read before any stage runs: this run's own attempts must not count as "the last success".
            var context = new StageContext(
                dataSource,
                request.Day,
                await store.LastSucceededDayAsync(StageJob(Stages.AggregateStage.StageName), cancellationToken),
                await store.LastSucceededStartAsync(StageJob(Stages.ScoreStage.StageName), cancellationToken));
            var results = new List<StageResult>();
            var status = ChainStatus.Succeeded;
            string? failedStage = null, error = null;
            foreach (var stage in _stages)
            {
                var result = await RunStageAsync(store, stage, context, cancellationToken);
                results.Add(result);
                if (result.Status == "cancelled")
                {
                    status = ChainStatus.Cancelled;
                    error = $"Cancelled during stage '{stage.Name}'.";
                    break;
                }

                if (result.Status == "failed")
                {
                    status = ChainStatus.Failed;
                    failedStage = stage.Name;
                    error = JobsException.StageFailed(stage.Name, result.Attempts, result.Error ?? "").Message;
                    break;
                }
            }

            chainCounts["stages"] = results.ToDictionary(r => r.Stage, r => (object?)r.Status);
            if (failedStage is not null)
            {
                chainCounts["failed_stage"] = failedStage;
            }

            await store.FinishAsync(chainId, _timeProvider.GetUtcNow(), StatusText(status), Serialize(chainCounts), error);
            var elapsed = _timeProvider.GetElapsedTime(started);
            Log.ChainFinished(_logger, StatusText(status), (long)elapsed.TotalMilliseconds);
            return new ChainResult(status, results, failedStage, error, elapsed);
        }
        finally
        {
            await JobRunStore.UnlockAsync(lockConnection, _options.LockKey);
        }
    }

    private async Task<StageResult> RunStageAsync(JobRunStore store, INightlyStage stage, StageContext context, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var job = StageJob(stage.Name);
        for (var attempt = 1; ; attempt++)
        {
            var attemptStarted = _timeProvider.GetTimestamp();
            var runId = await store.StartAsync(job, _timeProvider.GetUtcNow(), Serialize(new() { ["attempt"] = attempt }), cancellationToken);
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
            await store.FinishAsync(runId, _timeProvider.GetUtcNow(), status, countsJson, error);
            var attemptMs = (long)_timeProvider.GetElapsedTime(attemptStarted).TotalMilliseconds;
            if (status == "cancelled")
            {
                Log.StageCancelled(_logger, stage.Name, attempt);
                return new StageResult(stage.Name, status, attempt, counts, error, _timeProvider.GetElapsedTime(started));
            }

            if (failure is null)
            {
                Log.StageFinished(_logger, stage.Name, status, attempt, attemptMs, countsJson);
                return new StageResult(stage.Name, status, attempt, counts, error, _timeProvider.GetElapsedTime(started));
            }

            if (attempt >= _options.MaxAttempts)
            {
                Log.StageGaveUp(_logger, stage.Name, attempt, error!, failure);
                return new StageResult(stage.Name, status, attempt, counts, error, _timeProvider.GetElapsedTime(started));
            }

            var delay = RetryDelay(attempt);
            Log.StageRetrying(_logger, stage.Name, attempt, _options.MaxAttempts, (long)delay.TotalMilliseconds, error!);
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Log.StageCancelled(_logger, stage.Name, attempt);
                return new StageResult(stage.Name, "cancelled", attempt, counts, "Cancelled while waiting to retry.", _timeProvider.GetElapsedTime(started));
            }
        }
    }

    /// <summary>Wait before attempt <paramref name="failedAttempt"/> + 1: base × 2^(failedAttempt − 1), at most Jobs:MaxRetryDelay.</summary>
    public TimeSpan RetryDelay(int failedAttempt)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        var ticks = Math.Min(_options.RetryBaseDelay.Ticks * factor, _options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private static string StatusText(ChainStatus status) => status switch
    {
        ChainStatus.Succeeded => "succeeded",
        ChainStatus.Failed => "failed",
        ChainStatus.Cancelled => "cancelled",
        _ => "skipped",
    };

    private static string Serialize(Dictionary<string, object?> counts) => JsonSerializer.Serialize(counts, Json);
}
