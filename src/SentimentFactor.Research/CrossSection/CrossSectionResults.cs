namespace SentimentFactor.Research.CrossSection;

/// <summary>Everything one `sf crosssection` run estimated; stored as sf.crosssection_runs.results (snake_case JSON).</summary>
/// <param name="ModelId">The model.</param>
/// <param name="ModelName">Its name.</param>
/// <param name="Factor">Factor name.</param>
/// <param name="Horizon">h of the main results.</param>
/// <param name="Symbols">Symbols of the panel.</param>
/// <param name="FirstDay">First factor day with an observation.</param>
/// <param name="LastDay">Last factor day with an observation.</param>
/// <param name="CodeVersion">Assembly informational version.</param>
/// <param name="Alignment">The timing rule in words.</param>
/// <param name="Coverage">What the panel holds.</param>
/// <param name="Ic">The daily rank IC at h, summarised.</param>
/// <param name="DailyIc">The daily IC series at h.</param>
/// <param name="IcDecay">The IC summary for h = 1..MaxHorizon (horizons without enough days left out).</param>
/// <param name="Quantiles">Quantile portfolios at h.</param>
/// <param name="Pooled">Pooled OLS with clustered errors.</param>
/// <param name="FixedEffects">The same with symbol fixed effects; null unless asked for.</param>
/// <param name="FamaMacBeth">Fama–MacBeth at h.</param>
/// <param name="Notes">Parts that could not be estimated, and why.</param>
public sealed record CrossSectionResults(
    string ModelId,
    string ModelName,
    string Factor,
    int Horizon,
    IReadOnlyList<string> Symbols,
    DateOnly FirstDay,
    DateOnly LastDay,
    string CodeVersion,
    string Alignment,
    Coverage Coverage,
    IcSummary Ic,
    IReadOnlyList<DailyIc> DailyIc,
    IReadOnlyList<IcSummary> IcDecay,
    QuantileResult? Quantiles,
    PanelRegressionResult Pooled,
    PanelRegressionResult? FixedEffects,
    FamaMacBethResult? FamaMacBeth,
    IReadOnlyList<string> Notes);
