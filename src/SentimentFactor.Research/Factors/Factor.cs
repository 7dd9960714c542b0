namespace SentimentFactor.Research.Factors;

/// <summary>Names and formulas of the factors (docs/architecture.md: bullishness and net as defined there).</summary>
public static class Factor
{
    private static readonly (FactorKind Kind, string Name)[] Names =
    [
        (FactorKind.SharePos, "share_pos"),
        (FactorKind.ShareNeg, "share_neg"),
        (FactorKind.Net, "net"),
        (FactorKind.Bullishness, "bullishness"),
        (FactorKind.LogVolume, "log_volume"),
    ];

    /// <summary>The name used in specs, tables and JSON ("share_pos", ...).</summary>
    public static string Name(FactorKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>Parses a comma-separated list such as "bullishness,log_volume" (case-insensitive, no duplicates).</summary>
    /// <exception cref="ResearchException">An unknown name, or an empty list.</exception>
    public static IReadOnlyList<FactorKind> ParseList(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var kinds = new List<FactorKind>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Names.Where(n => string.Equals(n.Name, part, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0)
            {
                throw ResearchException.UnknownFactor(part);
            }

            if (!kinds.Contains(match[0].Kind))
            {
                kinds.Add(match[0].Kind);
            }
        }

        return kinds.Count > 0 ? kinds : throw ResearchException.UnknownFactor(value);
    }

    /// <summary>The factor's value for a day with these counts; null when the day has no posts.</summary>
    public static double? Value(FactorKind kind, int nPos, int nNeg, int nTotal, double? storedBullishness)
    {
        if (nTotal <= 0)
        {
            return kind switch
            {
                FactorKind.LogVolume => 0.0,
                FactorKind.Bullishness => storedBullishness ?? 0.0,
                _ => null,
            };
        }

        return kind switch
        {
            FactorKind.SharePos => nPos / (double)nTotal,
            FactorKind.ShareNeg => nNeg / (double)nTotal,
            FactorKind.Net => (nPos - nNeg) / (double)nTotal,
            // Antweiler & Frank (2004); the aggregated column is the reference, the counts the fallback.
            FactorKind.Bullishness => storedBullishness ?? Math.Log((1.0 + nPos) / (1.0 + nNeg)),
            FactorKind.LogVolume => Math.Log(1.0 + nTotal),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
