using System.Globalization;
using System.Reflection;
using SentimentFactor.Research.Factors;
using SentimentFactor.Research.Statistics;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research;

/// <summary>
/// The statistics of one run, from the factor series to the results (no I/O). The timing rule of docs/architecture.md:
/// the factor of day t (posts before the close of t) explains the return of day t + h; lagged returns are those known at the
/// close of t; out-of-sample fits only use rows whose outcome day is not after the day the forecast is made.
/// </summary>
public static class RegressionAnalysis
{
    /// <summary>Version of this code, stored with every run.</summary>
    public static string CodeVersion { get; } =
        typeof(RegressionAnalysis).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Runs every estimator of the spec on the series.</summary>
    /// <param name="spec">The spec (its ModelId may be null; <paramref name="model"/> is what was resolved).</param>
    /// <param name="model">The model the rows belong to.</param>
    /// <param name="rows">Benchmark bars with the model's daily sentiment, any order.</param>
    /// <exception cref="ResearchException">Too few observations, a degenerate design, a bad spec.</exception>
    public static RegressionResults Run(RegressionSpec spec, RegressionModelInfo model, IReadOnlyList<FactorSeriesRow> rows) =>
        Analyze(spec, model, rows).Results;

    internal static (RegressionResults Results, ResearchDataset Dataset) Analyze(
        RegressionSpec spec, RegressionModelInfo model, IReadOnlyList<FactorSeriesRow> rows)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        if (spec.From is { } from && spec.To is { } to && from > to)
        {
            throw ResearchException.EmptyDateRange(from, to);
        }

        var kinds = spec.FactorKinds;
        var data = ResearchDataset.Build(rows, spec);
        var outcome = ResearchDataset.OutcomeName(spec.Horizon);
        var names = kinds.Select(Factor.Name).Concat(ResearchDataset.ControlNames(spec.Horizon, spec.ReturnLags)).ToList();
        var observations = data.Observations(kinds, spec.Horizon, spec.ReturnLags);
        var required = Math.Max(spec.MinObservations, names.Count + 2);
        if (observations.Count < required)
        {
            throw ResearchException.TooFewObservations(
                $"the regression of {outcome} on {string.Join(", ", names)} (model {model.ModelId}, {spec.Benchmark}{RangeText(spec)})",
                observations.Count, required,
                "Widen the date range (--from/--to), lower --min-posts, or check that the benchmark's bars cover the sentiment days.");
        }

        var regressors = names.Select((name, f) => new Regressor(name, observations.Select(o => o.Features[f]).ToArray())).ToList();
        var y = observations.Select(o => o.Outcome).ToArray();
        var ols = OrdinaryLeastSquares.Fit(outcome, y, regressors, spec.HacLags);
        var logistic = LogisticRegression.Fit($"{outcome} > 0", y.Select(v => v > 0).ToArray(), regressors);

        var notes = new List<string>();
        if (logistic.Status != LogisticStatus.Converged)
        {
            notes.Add($"Logistic regression: {logistic.Message}");
        }

        var granger = new List<GrangerResult>();
        var returns = data.RestrictToRange(data.Returns);
        foreach (var kind in kinds)
        {
            var factor = data.RestrictToRange(data.FactorSeries(kind));
            for (var lags = 1; lags <= spec.GrangerMaxLag; lags++)
            {
                AddGranger(granger, notes, Factor.Name(kind), factor, "r", returns, lags);
                AddGranger(granger, notes, "r", returns, Factor.Name(kind), factor, lags);
            }
        }

        OutOfSampleResult? outOfSample = null;
        try
        {
            var featureNames = kinds.Select(Factor.Name).Concat(ResearchDataset.ControlNames(1, spec.ReturnLags)).ToList();
            outOfSample = OutOfSampleDirection.Run(data.DirectionObservations(kinds, spec.ReturnLags), featureNames, Math.Max(spec.OosMinTrainingDays, featureNames.Count + 2));
        }
        catch (ResearchException e)
        {
            notes.Add($"Out-of-sample: {e.Message}");
        }

        var seed = SeedStudy(data, spec.SeedRule);
        if (seed is null)
        {
            notes.Add("Seed study: no day in range has both post counts and a next-day return.");
        }

        var first = observations[0];
        var last = observations[^1];
        var results = new RegressionResults(
            model.ModelId, model.Name, spec.Benchmark, spec.Symbol, data.PriceField,
            data.Days[first.InformationIndex], data.Days[last.InformationIndex], data.Days[last.OutcomeIndex],
            observations.Count, CodeVersion, Alignment(spec, data.PriceField),
            ols, logistic, granger, outOfSample, seed, notes);
        return (results, data);
    }

    /// <summary>The timing rule, in words, for the report and the stored results.</summary>
    public static string Alignment(RegressionSpec spec, string priceField)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var target = spec.Horizon == 0
            ? "the log return of the same day t (close t-1 to close t)"
            : string.Create(CultureInfo.InvariantCulture, $"the log return of trading day t+{spec.Horizon} (close {(spec.Horizon == 1 ? "t" : $"t+{spec.Horizon - 1}")} to close t+{spec.Horizon})");
        return $"Factor of trading day t (posts before the 16:00 New York close of t, min {spec.MinPostsPerDay} per day) vs {target}, from {priceField}; "
            + "controls and out-of-sample fits use only data known at the close of t.";
    }

    private static void AddGranger(
        List<GrangerResult> results, List<string> notes, string causeName, double?[] cause, string effectName, double?[] effect, int lags)
    {
        try
        {
            results.Add(GrangerCausality.Test(causeName, cause, effectName, effect, lags));
        }
        catch (ResearchException e)
        {
            notes.Add($"Granger {causeName} -> {effectName}, {lags} lag(s): {e.Message}");
        }
    }

    /// <summary>
    /// Days t in range with at least the minimum posts and a next-day return r[t+1], split by the rule: the same
    /// days sf.seed_study counts for the same rule and p_min_posts.
    /// </summary>
    private static SeedStudyResult? SeedStudy(ResearchDataset data, string rule)
    {
        int positiveDays = 0, positiveUp = 0, other = 0, otherUp = 0;
        for (var i = 0; i + 1 < data.Count; i++)
        {
            if (!data.InRange[i] || data.Totals[i] is not { } total || data.Positives[i] is not { } positive
                || data.Negatives[i] is not { } negative || data.Returns[i + 1] is not { } next)
            {
                continue;
            }

            if (SeedRule.IsPositive(rule, positive, negative, total))
            {
                positiveDays++;
                positiveUp += next > 0 ? 1 : 0;
            }
            else
            {
                other++;
                otherUp += next > 0 ? 1 : 0;
            }
        }

        return positiveDays + other == 0 ? null : SeedStudyResult.FromCounts(rule, positiveDays, positiveUp, other, otherUp);
    }

    private static string RangeText(RegressionSpec spec) =>
        spec.From is null && spec.To is null
            ? ", all days"
            : $", {spec.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "start"}..{spec.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "end"}";
}
