using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research;

/// <summary>Everything one run found; stored as sf.regression_runs.results (snake_case JSON) and printed.</summary>
/// <param name="ModelId">Model whose sentiment was regressed.</param>
/// <param name="ModelName">Its sf.models.name.</param>
/// <param name="Benchmark">Benchmark symbol.</param>
/// <param name="Symbol">Sentiment symbol ("*" = all posts).</param>
/// <param name="PriceField">"adj_close" when every bar has one, else "close".</param>
/// <param name="FirstDay">First factor day t of the main regression.</param>
/// <param name="LastDay">Last factor day t of the main regression.</param>
/// <param name="LastOutcomeDay">Last day whose return was used (t + h of the last row).</param>
/// <param name="Observations">n of the main regression.</param>
/// <param name="CodeVersion">Informational version of SentimentFactor.Research (with the commit when built from git).</param>
/// <param name="Alignment">The timing rule in words.</param>
/// <param name="Ols">r[t+h] on the factors (and controls): classical and Newey–West.</param>
/// <param name="Logistic">P(r[t+h] > 0) on the same regressors.</param>
/// <param name="Granger">Factor -> return and return -> factor, lags 1..max.</param>
/// <param name="OutOfSample">Expanding-window next-day direction; null when not estimable (see Notes).</param>
/// <param name="SeedStudy">P(up next day | majority positive) vs otherwise; null when not estimable.</param>
/// <param name="Notes">Parts that could not be estimated, and why.</param>
public sealed record RegressionResults(
    string ModelId,
    string ModelName,
    string Benchmark,
    string Symbol,
    string PriceField,
    DateOnly FirstDay,
    DateOnly LastDay,
    DateOnly LastOutcomeDay,
    int Observations,
    string CodeVersion,
    string Alignment,
    OlsResult Ols,
    LogisticResult Logistic,
    IReadOnlyList<GrangerResult> Granger,
    OutOfSampleResult? OutOfSample,
    SeedStudyResult? SeedStudy,
    IReadOnlyList<string> Notes);
