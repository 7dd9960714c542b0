using SentimentFactor.Research.Factors;

namespace SentimentFactor.Research;

/// <summary>What one `sf regress` run estimates; stored as sf.regression_runs.spec (snake_case JSON).</summary>
public sealed record RegressionSpec
{
    /// <summary>Benchmark symbol in sf.market_bars, e.g. ^IXIC.</summary>
    public required string Benchmark { get; init; }

    /// <summary>Model whose daily sentiment is regressed; null picks the most recent model with rows.</summary>
    public string? ModelId { get; init; }

    /// <summary>Sentiment symbol in sf.daily_sentiment: "*" for all posts, or one ticker.</summary>
    public required string Symbol { get; init; }

    /// <summary>Factors, by name (share_pos, share_neg, net, bullishness, log_volume).</summary>
    public required IReadOnlyList<string> Factors { get; init; }

    /// <summary>h: the factor of day t explains the log return of day t + h (0 = same day, close t-1 to close t).</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>Lagged benchmark returns added as controls (the most recent ones known at the close of day t).</summary>
    public int ReturnLags { get; init; }

    /// <summary>First factor day used (inclusive); null = from the first row.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last factor day used (inclusive); null = to the last row.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Days with fewer scored posts have no factor value (they are left out, and break lags).</summary>
    public int MinPostsPerDay { get; init; } = 1;

    /// <summary>Newey–West lag; null = floor(4(n/100)^(2/9)).</summary>
    public int? HacLags { get; init; }

    /// <summary>The main regression refuses to run on fewer observations.</summary>
    public int MinObservations { get; init; } = 30;

    /// <summary>Training days before the first out-of-sample prediction.</summary>
    public int OosMinTrainingDays { get; init; } = 60;

    /// <summary>Granger tests run for lags 1..this.</summary>
    public int GrangerMaxLag { get; init; } = 5;

    /// <summary>Seed study's "mostly positive" rule: "net" (n_pos &gt; n_neg) or "majority" (n_pos &gt; n_total / 2).</summary>
    public string SeedRule { get; init; } = Statistics.SeedRule.Net;

    /// <summary>The parsed factor kinds.</summary>
    internal IReadOnlyList<FactorKind> FactorKinds => Factor.ParseList(string.Join(',', Factors));
}
