using Microsoft.Extensions.Options;
using Quartz;

namespace SentimentFactor.Jobs;

/// <summary>Checks every <see cref="JobsOptions"/> key and names key, bound and value of each failure.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (CronError(options.Cron) is { } cronError)
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.Cron)} is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week), was '{options.Cron}': {cronError}");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone ?? "", out _))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.TimeZone)} must be an IANA time zone id such as 'America/New_York', was '{options.TimeZone}'.");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.MaxAttempts)} must be between 1 and 20, was {options.MaxAttempts}.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.RetryBaseDelay)} must not be negative, was {options.RetryBaseDelay}.");
        }

        if (options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.MaxRetryDelay)} must be at least {nameof(options.RetryBaseDelay)} ({options.RetryBaseDelay}), was {options.MaxRetryDelay}.");
        }

        if (options.MisfireThreshold < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.MisfireThreshold)} must be at least 00:00:01, was {options.MisfireThreshold}.");
        }

        if (options.ClusterCheckinInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.ClusterCheckinInterval)} must be at least 00:00:01, was {options.ClusterCheckinInterval}.");
        }

        if (options.IdleWaitTime < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.IdleWaitTime)} must be at least 00:00:01, was {options.IdleWaitTime}.");
        }

        if (options.ChainLease < TimeSpan.FromSeconds(3) || options.ChainLease > TimeSpan.FromDays(1))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.ChainLease)} must be between 00:00:03 and 1.00:00:00, was {options.ChainLease}.");
        }
        else if (options.Clustered && options.ChainLease <= (2 * options.ClusterCheckinInterval) + options.IdleWaitTime)
        {
            failures.Add(
                $"{JobsOptions.Section}:{nameof(options.ChainLease)} must be longer than 2 × {nameof(options.ClusterCheckinInterval)} + {nameof(options.IdleWaitTime)} " +
                $"({(2 * options.ClusterCheckinInterval) + options.IdleWaitTime}) in clustered mode, so a surviving host resumes a dead host's chain in time, was {options.ChainLease}.");
        }

        if (string.IsNullOrWhiteSpace(options.SchedulerName))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.SchedulerName)} must not be empty, was '{options.SchedulerName}'.");
        }

        if (string.IsNullOrWhiteSpace(options.TablePrefix))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.TablePrefix)} must not be empty, was '{options.TablePrefix}'.");
        }

        if (string.IsNullOrWhiteSpace(options.FileSource))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(options.FileSource)} must not be empty, was '{options.FileSource}'.");
        }

        Entries(failures, nameof(options.XQueries), options.XQueries);
        Entries(failures, nameof(options.StockTwitsSymbols), options.StockTwitsSymbols);
        Entries(failures, nameof(options.BarsSymbols), options.BarsSymbols);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Why <paramref name="cron"/> does not parse, or null when it does.</summary>
    public static string? CronError(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return "it is empty.";
        }

        try
        {
            _ = new CronExpression(cron);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private static void Entries(List<string> failures, string key, string[]? values)
    {
        if (values is null)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                failures.Add($"{JobsOptions.Section}:{key}:{i} must not be empty, was '{values[i]}'.");
            }
        }
    }
}
