using Microsoft.Extensions.Options;

namespace SentimentFactor.Aggregation;

/// <summary>Settings of daily aggregation and the SQL factor library (appsettings.json section "Aggregation").</summary>
public sealed class AggregationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Aggregation";

    /// <summary>Trading days recomputed per transaction (delete + insert of those days).</summary>
    public int DaysPerBatch { get; set; } = 1_000;

    /// <summary>PostgreSQL work_mem for a recompute transaction, in MiB (hash join and aggregate stay in memory).</summary>
    public int WorkMemMegabytes { get; set; } = 512;

    /// <summary>Limit for one batch's statement.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether retweets count as posts of their own in n_pos/n_neu/n_neg/n_total (false: each distinct post once;
    /// retweets are reported in n_retweets either way). docs/aggregation.md, "Retweets".
    /// </summary>
    public bool CountRetweets { get; set; }
}

/// <summary>Checks <see cref="AggregationOptions"/>, naming every bad key with its bound and value.</summary>
public sealed class AggregationOptionsValidator : IValidateOptions<AggregationOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AggregationOptions options)
    {
        var failures = new List<string>();
        if (options.DaysPerBatch is < 1 or > 100_000)
        {
            failures.Add($"{AggregationOptions.Section}:DaysPerBatch must be between 1 and 100000, was {options.DaysPerBatch}.");
        }

        if (options.WorkMemMegabytes is < 1 or > 65_536)
        {
            failures.Add($"{AggregationOptions.Section}:WorkMemMegabytes must be between 1 and 65536, was {options.WorkMemMegabytes}.");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromHours(24))
        {
            failures.Add($"{AggregationOptions.Section}:CommandTimeout must be between 00:00:01 and 1.00:00:00, was {options.CommandTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
