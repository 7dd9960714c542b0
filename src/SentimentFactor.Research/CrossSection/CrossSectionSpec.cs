using SentimentFactor.Research.Factors;

namespace SentimentFactor.Research.CrossSection;

/// <summary>What one `sf crosssection` run estimates; stored as sf.crosssection_runs.spec (snake_case JSON).</summary>
public sealed record CrossSectionSpec
{
    /// <summary>Model whose per-symbol sentiment is used; null picks the most recent model with a panel.</summary>
    public string? ModelId { get; init; }

    /// <summary>Symbols; empty = every symbol with both daily sentiment and bars.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>The factor, by name (share_pos, share_neg, net, bullishness, log_volume).</summary>
    public string Factor { get; init; } = "bullishness";

    /// <summary>h of the main results: the factor of day t against each symbol's return of day t + h.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>The IC's decay is reported for h = 1..this.</summary>
    public int MaxHorizon { get; init; } = 10;

    /// <summary>Quantile portfolios: 3 = terciles, 5 = quintiles.</summary>
    public int Quantiles { get; init; } = 5;

    /// <summary>A symbol-day with fewer posts has no factor value.</summary>
    public int MinPostsPerDay { get; init; } = 1;

    /// <summary>Days with fewer symbols (after min posts) have no IC and no Fama–MacBeth slope.</summary>
    public int MinSymbolsPerDay { get; init; } = 5;

    /// <summary>First factor day (inclusive); null = from the first.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last factor day (inclusive); null = to the last.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Also fit the pooled regression with symbol fixed effects.</summary>
    public bool FixedEffects { get; init; }

    /// <summary>Newey–West lag of the IC, long–short and Fama–MacBeth t-statistics; null = automatic.</summary>
    public int? HacLags { get; init; }

    /// <summary>The parsed factor.</summary>
    internal FactorKind FactorKind => Factors.Factor.ParseList(Factor) switch
    {
        [var one] => one,
        _ => throw ResearchException.UnknownFactor(Factor),
    };
}
