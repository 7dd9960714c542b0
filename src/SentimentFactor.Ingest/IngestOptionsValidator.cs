using Microsoft.Extensions.Options;

namespace SentimentFactor.Ingest;

/// <summary>Checks every <see cref="IngestOptions"/> key and names key, bound and value of each failure.</summary>
public sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    private static readonly HashSet<string> MappableFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "created_at", "text", "author_id", "lang", "symbols", "user_label",
    };

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var failures = new List<string>();
        AtLeast(failures, nameof(options.MaxTextBytes), options.MaxTextBytes, 1024);
        AtLeast(failures, nameof(options.MaxFieldBytes), options.MaxFieldBytes, 16);
        AtLeast(failures, nameof(options.MaxLineBytes), options.MaxLineBytes, 4096);
        AtLeast(failures, nameof(options.MaxRejectPayloadBytes), options.MaxRejectPayloadBytes, 256);
        AtLeast(failures, nameof(options.FileBatchSize), options.FileBatchSize, 100);
        AtLeast(failures, nameof(options.XMaxPages), options.XMaxPages, 1);
        AtLeast(failures, nameof(options.StockTwitsMaxPages), options.StockTwitsMaxPages, 1);
        AtLeast(failures, nameof(options.MaxRetries), options.MaxRetries, 0);
        if (options.XWindowMargin < TimeSpan.Zero || options.XWindowMargin > TimeSpan.FromDays(1))
        {
            failures.Add($"{IngestOptions.Section}:XWindowMargin must be between 00:00:00 and 1.00:00:00, was {options.XWindowMargin}.");
        }

        if (options.XMaxResults is < 10 or > 100)
        {
            failures.Add($"{IngestOptions.Section}:{nameof(options.XMaxResults)} must be between 10 and 100, was {options.XMaxResults}.");
        }

        if (options.MaxLineBytes < options.MaxTextBytes)
        {
            failures.Add($"{IngestOptions.Section}:{nameof(options.MaxLineBytes)} must be at least {nameof(options.MaxTextBytes)} ({options.MaxTextBytes}), was {options.MaxLineBytes}.");
        }

        Positive(failures, nameof(options.RetryBaseDelay), options.RetryBaseDelay);
        Positive(failures, nameof(options.MaxRateLimitWait), options.MaxRateLimitWait);
        Positive(failures, nameof(options.RequestTimeout), options.RequestTimeout);
        Absolute(failures, nameof(options.XBaseUrl), options.XBaseUrl);
        Absolute(failures, nameof(options.StockTwitsBaseUrl), options.StockTwitsBaseUrl);
        if (!options.BarsUrlTemplate.Contains("{symbol}", StringComparison.Ordinal)
            || !Uri.TryCreate(options.BarsUrlTemplate.Replace("{symbol}", "X", StringComparison.Ordinal), UriKind.Absolute, out _))
        {
            failures.Add($"{IngestOptions.Section}:{nameof(options.BarsUrlTemplate)} must be an absolute URL containing {{symbol}}, was '{options.BarsUrlTemplate}'.");
        }

        foreach (var (field, path) in options.FieldMap)
        {
            if (!MappableFields.Contains(field) || string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"{IngestOptions.Section}:{nameof(options.FieldMap)}:{field} must map one of {string.Join(", ", MappableFields)} to a field name, was '{path}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True when <paramref name="field"/> is a post field a mapping may name.</summary>
    public static bool IsMappable(string field) => MappableFields.Contains(field);

    private static void AtLeast(List<string> failures, string key, int value, int min)
    {
        if (value < min)
        {
            failures.Add($"{IngestOptions.Section}:{key} must be at least {min}, was {value}.");
        }
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{IngestOptions.Section}:{key} must be positive, was {value}.");
        }
    }

    private static void Absolute(List<string> failures, string key, Uri? value)
    {
        if (value is null || !value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttp && value.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{IngestOptions.Section}:{key} must be an absolute http(s) URL, was '{value}'.");
        }
    }
}
