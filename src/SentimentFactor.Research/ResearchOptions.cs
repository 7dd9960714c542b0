namespace SentimentFactor.Research;

/// <summary>Defaults of `sf regress`, bound from the "Research" section (every key has a matching CLI option; the benchmark is Market:Benchmark).</summary>
public sealed class ResearchOptions
{
    /// <summary>The appsettings.json section.</summary>
    public const string Section = "Research";

    /// <summary>Model id (or a unique prefix of it); empty = the most recent model with daily sentiment rows.</summary>
    public string ModelId { get; set; } = "";

    /// <summary>Sentiment symbol in sf.daily_sentiment: "*" = all posts.</summary>
    public string Symbol { get; set; } = "*";

    /// <summary>Comma-separated factors: share_pos, share_neg, net, bullishness, log_volume.</summary>
    public string Factors { get; set; } = "bullishness";

    /// <summary>Horizon h in trading days: the factor of day t explains the return of day t + h (0 = same day).</summary>
    public int Horizon { get; set; } = 1;

    /// <summary>Lagged benchmark returns (known at the close of t) added as controls.</summary>
    public int ReturnLags { get; set; }

    /// <summary>First factor day (inclusive); null = from the first day with data.</summary>
    public DateOnly? From { get; set; }

    /// <summary>Last factor day (inclusive); null = to the last day with data.</summary>
    public DateOnly? To { get; set; }

    /// <summary>Days with fewer scored posts are left out.</summary>
    public int MinPostsPerDay { get; set; } = 1;

    /// <summary>Newey–West truncation lag; null = floor(4(n/100)^(2/9)).</summary>
    public int? HacLags { get; set; }

    /// <summary>The main regression refuses to run on fewer observations.</summary>
    public int MinObservations { get; set; } = 30;

    /// <summary>Training days before the first out-of-sample prediction.</summary>
    public int OosMinTrainingDays { get; set; } = 60;

    /// <summary>Granger tests run for lags 1..this.</summary>
    public int GrangerMaxLag { get; set; } = 5;

    /// <summary>Seed study's "mostly positive" rule: "net" (n_pos &gt; n_neg, the default) or "majority" (n_pos &gt; n_total / 2).</summary>
    public string SeedRule { get; set; } = Statistics.SeedRule.Net;

    /// <summary>Reports go to &lt;this&gt;/&lt;run_id&gt;/ (relative to the working directory).</summary>
    public string ReportDirectory { get; set; } = ".sf/reports";

    /// <summary>The spec these defaults describe, against <paramref name="benchmark"/> (Market:Benchmark or --benchmark).</summary>
    public RegressionSpec ToSpec(string benchmark) => new()
    {
        Benchmark = benchmark,
        ModelId = string.IsNullOrWhiteSpace(ModelId) ? null : ModelId,
        Symbol = Symbol,
        Factors = Factors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Horizon = Horizon,
        ReturnLags = ReturnLags,
        From = From,
        To = To,
        MinPostsPerDay = MinPostsPerDay,
        HacLags = HacLags,
        MinObservations = MinObservations,
        OosMinTrainingDays = OosMinTrainingDays,
        GrangerMaxLag = GrangerMaxLag,
        SeedRule = SeedRule,
    };
}
