using Microsoft.Extensions.Logging;

namespace SentimentFactor.Jobs;

/// <summary>Every log message of the jobs (event ids 8000-8999).</summary>
internal static partial class Log
{
    [LoggerMessage(8000, LogLevel.Information, "Nightly chain run {ChainRunId} started ({Trigger}, day {Day}) on {Node}")]
    public static partial void ChainStarted(ILogger logger, long chainRunId, string trigger, string day, string node);

    [LoggerMessage(8001, LogLevel.Information, "Nightly chain run {ChainRunId} {Status} in {ElapsedMs} ms")]
    public static partial void ChainFinished(ILogger logger, long chainRunId, string status, long elapsedMs);

    [LoggerMessage(8002, LogLevel.Warning, "Nightly chain not started: another chain holds advisory lock {LockKey} ({Holder})")]
    public static partial void ChainLocked(ILogger logger, long lockKey, string holder);

    [LoggerMessage(8003, LogLevel.Information, "Stage {Stage} {Status} (attempt {Attempt}) in {ElapsedMs} ms: {Counts}")]
    public static partial void StageFinished(ILogger logger, string stage, string status, int attempt, long elapsedMs, string counts);

    [LoggerMessage(8004, LogLevel.Warning, "Stage {Stage} failed (attempt {Attempt} of {MaxAttempts}), retrying in {DelayMs} ms: {Error}")]
    public static partial void StageRetrying(ILogger logger, string stage, int attempt, int maxAttempts, long delayMs, string error);

    [LoggerMessage(8005, LogLevel.Error, "Stage {Stage} failed after {Attempts} attempt(s); the chain stops here: {Error}")]
    public static partial void StageGaveUp(ILogger logger, string stage, int attempts, string error, Exception exception);

    [LoggerMessage(8006, LogLevel.Information, "Stage {Stage} cancelled (attempt {Attempt}); the next run resumes where it stopped")]
    public static partial void StageCancelled(ILogger logger, string stage, int attempt);

    [LoggerMessage(8009, LogLevel.Information, "Nightly scheduler: cron '{Cron}' in {TimeZone}, next fire {NextFire}; store {Store}")]
    public static partial void SchedulerReady(ILogger logger, string cron, string timeZone, string nextFire, string store);

    [LoggerMessage(8010, LogLevel.Information, "Nightly trigger fired (scheduled {ScheduledAt}, fired {FiredAt}{Misfire})")]
    public static partial void TriggerFired(ILogger logger, string scheduledAt, string firedAt, string misfire);

    [LoggerMessage(8011, LogLevel.Information, "Nightly trigger rescheduled: stored cron '{OldCron}', now '{Cron}' in {TimeZone}")]
    public static partial void TriggerRescheduled(ILogger logger, string oldCron, string cron, string timeZone);

    [LoggerMessage(8013, LogLevel.Warning, "Nightly chain run {ChainRunId} of {Node} was abandoned (its host stopped, its lease ran out): marked failed")]
    public static partial void ChainAbandoned(ILogger logger, long chainRunId, string node);

    [LoggerMessage(8014, LogLevel.Warning, "Nightly chain run {ChainRunId} taken over by {Node} after its host stopped ({Attempts} attempt(s) it left running marked failed)")]
    public static partial void ChainRecovered(ILogger logger, long chainRunId, string node, int attempts);

    [LoggerMessage(8015, LogLevel.Warning, "Could not renew the lease of chain run {ChainRunId}: {Error}")]
    public static partial void LeaseRenewFailed(ILogger logger, long chainRunId, string error);

    [LoggerMessage(8016, LogLevel.Information, "Nightly chain run {ChainRunId}: stage {Stage} done, next stage {Next} queued")]
    public static partial void StageHandedOff(ILogger logger, long chainRunId, string stage, string next);

    [LoggerMessage(8017, LogLevel.Error, "Nightly chain run {ChainRunId}: could not queue stage {Next}; the chain stops (its lease runs out, the next run catches up)")]
    public static partial void HandOffFailed(ILogger logger, long chainRunId, string next, Exception exception);

    [LoggerMessage(8018, LogLevel.Warning, "Nightly chain run {ChainRunId} is over (superseded or finished elsewhere): stage {Stage} not run")]
    public static partial void ChainGone(ILogger logger, long chainRunId, string stage);

    [LoggerMessage(8012, LogLevel.Warning, "Nightly fire of {MissedAt} was missed (last chain run started {LastRun}): running the chain once now")]
    public static partial void MissedNight(ILogger logger, DateTimeOffset missedAt, DateTimeOffset lastRun);
}
