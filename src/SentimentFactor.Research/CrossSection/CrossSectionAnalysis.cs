using System.Globalization;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.CrossSection;

/// <summary>
/// The statistics of one cross-section run, from the panel to the results (no I/O): daily rank IC and its decay,
/// quantile portfolios, pooled OLS with clustered errors (and symbol fixed effects), Fama–MacBeth, coverage.
/// </summary>
public static class CrossSectionAnalysis
{
    /// <summary>Runs every estimator of the spec on the panel.</summary>
    /// <exception cref="ResearchException">Too few symbols, days or observations; a bad spec.</exception>
    public static CrossSectionResults Run(
        CrossSectionSpec spec, RegressionModelInfo model, IReadOnlyList<PanelSentimentRow> sentiment, IReadOnlyList<PanelBarRow> bars) =>
        Run(spec, model, CrossSectionPanel.Build(spec, sentiment, bars));

    /// <summary>Runs every estimator of the spec on a built panel.</summary>
    public static CrossSectionResults Run(CrossSectionSpec spec, RegressionModelInfo model, CrossSectionPanel panel)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(panel);
        var observations = panel.Observations(spec.Horizon);
        var symbols = observations.Select(o => o.Symbol).Distinct().Count();
        var days = observations.Select(o => o.Day).Distinct().Count();
        if (symbols < 2 || days < 2)
        {
            throw ResearchException.TooFewObservations(
                $"the cross-section of {spec.Factor} at h = {spec.Horizon} (model {model.ModelId})", observations.Count, 2,
                $"It has {symbols} symbol(s) and {days} day(s) with a factor and a return; it needs at least 2 of each. Load each symbol's bars ('sf ingest bars <folder>') and score posts that name them.");
        }

        var notes = new List<string>();
        var daily = InformationCoefficient.Daily(observations, spec.MinSymbolsPerDay);
        if (daily.Count < 2)
        {
            throw ResearchException.TooFewObservations(
                $"the daily IC (days with at least {spec.MinSymbolsPerDay} symbols)", daily.Count, 2,
                "Lower --min-symbols or --min-posts, or add symbols.");
        }

        var ic = InformationCoefficient.Summarize(spec.Horizon, daily, spec.HacLags);
        var decay = new List<IcSummary>();
        for (var h = 1; h <= spec.MaxHorizon; h++)
        {
            var atH = InformationCoefficient.Daily(panel.Observations(h), spec.MinSymbolsPerDay);
            if (atH.Count >= 2 && (spec.HacLags is null || spec.HacLags <= atH.Count / 4))
            {
                decay.Add(InformationCoefficient.Summarize(h, atH, spec.HacLags));
            }
            else
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"IC decay: h = {h} has {atH.Count} day(s) with an IC; left out."));
            }
        }

        QuantileResult? quantiles = null;
        try
        {
            quantiles = QuantilePortfolios.Build(observations, spec.Quantiles, spec.HacLags);
        }
        catch (ResearchException e)
        {
            notes.Add($"Quantile portfolios: {e.Message}");
        }

        var pooled = PanelRegression.Fit(observations, spec.Factor, fixedEffects: false);
        var fixedEffects = spec.FixedEffects ? PanelRegression.Fit(observations, spec.Factor, fixedEffects: true) : null;
        if ((fixedEffects?.Coefficients ?? []).Concat(pooled.Coefficients).Any(c => c.TwoWaySe is null))
        {
            notes.Add("Two-way clustering: V_symbol + V_day - V_intersection has a non-positive diagonal (too few clusters); no two-way SE is given.");
        }

        FamaMacBethResult? famaMacBeth = null;
        try
        {
            famaMacBeth = FamaMacBeth.Fit(observations, spec.MinSymbolsPerDay, spec.HacLags);
        }
        catch (ResearchException e)
        {
            notes.Add($"Fama-MacBeth: {e.Message}");
        }

        var posts = panel.Posts(observations).Order().ToList();
        var coverage = new Coverage(
            symbols, days, panel.SymbolDaysWithPosts, panel.DroppedByMinPosts,
            panel.SymbolDaysWithFactor - observations.Count,
            observations.Count, posts.Average(), Median(posts), observations.Count / (double)days);
        return new CrossSectionResults(
            model.ModelId, model.Name, spec.Factor, spec.Horizon, observations.Select(o => o.Symbol).Distinct().Order(StringComparer.Ordinal).ToList(),
            observations.Min(o => o.Day), observations.Max(o => o.Day), RegressionAnalysis.CodeVersion, Alignment(spec),
            coverage, ic, daily, decay, quantiles, pooled, fixedEffects, famaMacBeth, notes);
    }

    /// <summary>The timing rule, in words.</summary>
    public static string Alignment(CrossSectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return string.Create(CultureInfo.InvariantCulture,
            $"Factor of symbol s on trading day t (its posts before the 16:00 New York close of t, min {spec.MinPostsPerDay}) vs the log return of s on trading day t+{spec.Horizon} (close t+{spec.Horizon - 1} to close t+{spec.Horizon}), from s's own bars (adj_close when all of s's bars have one, else close); no return across a missing bar.");
    }

    private static double Median(IReadOnlyList<int> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
}
