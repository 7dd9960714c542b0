using System.Globalization;
using Microsoft.Extensions.Options;
using SentimentFactor.Research.Factors;

namespace SentimentFactor.Research;

/// <summary>Checks every "Research" key, naming key, bound and value of each failure.</summary>
public sealed class ResearchOptionsValidator : IValidateOptions<ResearchOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ResearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Range(string key, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"Research:{key} must be between {min} and {max}, was {value}."));
            }
        }

        if (string.IsNullOrWhiteSpace(options.Symbol))
        {
            failures.Add("Research:Symbol must be \"*\" (all posts) or a ticker, was empty.");
        }

        try
        {
            Factor.ParseList(options.Factors);
        }
        catch (ResearchException e)
        {
            failures.Add($"Research:Factors is invalid, was \"{options.Factors}\": {e.Message}");
        }

        Range(nameof(options.Horizon), options.Horizon, 0, 20);
        Range(nameof(options.ReturnLags), options.ReturnLags, 0, 10);
        Range(nameof(options.MinPostsPerDay), options.MinPostsPerDay, 0, 1_000_000);
        Range(nameof(options.MinObservations), options.MinObservations, 10, 1_000_000);
        Range(nameof(options.OosMinTrainingDays), options.OosMinTrainingDays, 20, 1_000_000);
        Range(nameof(options.GrangerMaxLag), options.GrangerMaxLag, 1, 10);
        if (options.HacLags is { } lags)
        {
            Range(nameof(options.HacLags), lags, 0, 100);
        }

        if (!Statistics.SeedRule.Names.Contains(options.SeedRule))
        {
            failures.Add($"Research:SeedRule must be one of {string.Join(", ", Statistics.SeedRule.Names)}, was \"{options.SeedRule}\".");
        }

        if (options.From is { } from && options.To is { } to && from > to)
        {
            failures.Add($"Research:From must not be after Research:To, was {from:yyyy-MM-dd} > {to:yyyy-MM-dd}.");
        }

        if (string.IsNullOrWhiteSpace(options.ReportDirectory))
        {
            failures.Add("Research:ReportDirectory must be a directory path, was empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
