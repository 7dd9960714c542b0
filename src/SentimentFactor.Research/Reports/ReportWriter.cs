using System.Globalization;
using System.Text;
using SentimentFactor.Research.Factors;
using SentimentFactor.Research.Statistics;
using static SentimentFactor.Research.Reports.MarkdownText;

namespace SentimentFactor.Research.Reports;

/// <summary>Writes a run's report folder: report.md and the PNG plots it links.</summary>
internal static class ReportWriter
{
    public const string ReportFile = "report.md";

    /// <summary>Creates <paramref name="directory"/> and writes the report into it; returns the report's path.</summary>
    public static async Task<string> WriteAsync(
        string directory, long runId, RegressionSpec spec, RegressionResults results, ResearchDataset data, DateTimeOffset createdAt,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var factor = spec.FactorKinds[0];
        ReportPlots.WriteFactorAndBenchmark(Path.Combine(directory, ReportPlots.FactorAndBenchmark), data, factor, results.Benchmark, results.FirstDay, results.LastOutcomeDay);
        cancellationToken.ThrowIfCancellationRequested();
        ReportPlots.WriteFactorVsNextDayReturn(Path.Combine(directory, ReportPlots.FactorVsNextDayReturn), data, factor);
        cancellationToken.ThrowIfCancellationRequested();
        ReportPlots.WriteOutOfSampleHitRate(Path.Combine(directory, ReportPlots.OutOfSampleHitRate), results.OutOfSample);
        var path = Path.Combine(directory, ReportFile);
        await File.WriteAllTextAsync(path, Markdown(runId, spec, results, createdAt), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        return path;
    }

    public static string Markdown(long runId, RegressionSpec spec, RegressionResults r, DateTimeOffset createdAt)
    {
        var md = new StringBuilder();
        var ols = r.Ols;
        md.AppendLine(Inv($"# Sentiment factor regression, run {runId}"));
        md.AppendLine();
        md.AppendLine(Inv($"- Model: `{r.ModelId}` ({r.ModelName})"));
        md.AppendLine(Inv($"- Benchmark: {r.Benchmark} ({r.PriceField}); sentiment symbol `{r.Symbol}`"));
        md.AppendLine(Inv($"- Factor days: {r.FirstDay:yyyy-MM-dd} .. {r.LastDay:yyyy-MM-dd}, outcomes up to {r.LastOutcomeDay:yyyy-MM-dd}; n = {r.Observations}"));
        md.AppendLine(Inv($"- Factors: {string.Join(", ", spec.Factors)}; horizon h = {spec.Horizon}; lagged-return controls: {spec.ReturnLags}; min posts per day: {spec.MinPostsPerDay}"));
        md.AppendLine(Inv($"- Timing: {r.Alignment}"));
        md.AppendLine(Inv($"- Created {createdAt:yyyy-MM-dd HH:mm:ss} UTC by code version {r.CodeVersion}"));
        md.AppendLine();

        md.AppendLine(Inv($"## OLS: {ols.Outcome} on the factors"));
        md.AppendLine();
        md.AppendLine("| term | coef | SE | t | p | HAC SE | HAC t | HAC p | 95% CI (HAC) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var c in ols.Coefficients)
        {
            md.AppendLine(Inv($"| {c.Name} | {G(c.Estimate)} | {G(c.StandardError)} | {F(c.TStatistic, 2)} | {P(c.PValue)} | {G(c.HacStandardError)} | {F(c.HacTStatistic, 2)} | {P(c.HacPValue)} | [{G(c.HacCiLow)}, {G(c.HacCiHigh)}] |"));
        }

        md.AppendLine();
        md.AppendLine(Inv($"n = {ols.Observations}, k = {ols.Parameters}, R² = {F(ols.RSquared, 4)}, adjusted R² = {F(ols.AdjustedRSquared, 4)}, residual SE = {G(ols.ResidualStandardError)}."));
        if (ols.FStatistic is { } f)
        {
            md.AppendLine(Inv($"F({ols.Parameters - 1}, {ols.ResidualDegreesOfFreedom}) = {F(f, 3)}, p = {P(ols.FPValue!.Value)}; HAC Wald F = {(ols.HacWaldF is { } w ? F(w, 3) : "n/a")}, p = {(ols.HacWaldPValue is { } wp ? P(wp) : "n/a")}."));
        }

        md.AppendLine(Inv($"Newey–West: Bartlett kernel, L = {ols.HacLags} ({ols.HacLagRule}), small-sample factor n/(n−k); p-values from t({ols.ResidualDegreesOfFreedom})."));
        md.AppendLine();

        var logit = r.Logistic;
        md.AppendLine(Inv($"## Logistic: P({logit.Outcome})"));
        md.AppendLine();
        md.AppendLine(Inv($"n = {logit.Observations}, up days = {logit.Positives}. {logit.Message}"));
        if (logit.Status == LogisticStatus.Converged)
        {
            md.AppendLine();
            md.AppendLine("| term | coef (log-odds) | SE | z | p |");
            md.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var c in logit.Coefficients)
            {
                md.AppendLine(Inv($"| {c.Name} | {G(c.Estimate)} | {G(c.StandardError)} | {F(c.ZStatistic, 2)} | {P(c.PValue)} |"));
            }

            md.AppendLine();
            md.AppendLine(Inv($"Log-likelihood {F(logit.LogLikelihood, 3)} (null {F(logit.NullLogLikelihood, 3)}), McFadden R² = {F(logit.McFaddenRSquared!.Value, 4)}, LR = {F(logit.LikelihoodRatio!.Value, 3)}, p = {(logit.LikelihoodRatioPValue is { } lp ? P(lp) : "n/a")}."));
        }

        md.AppendLine();
        md.AppendLine("## Granger causality (F-tests)");
        md.AppendLine();
        md.AppendLine("| cause → effect | lags | n | F | p |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var g in r.Granger)
        {
            md.AppendLine(Inv($"| {g.Cause} → {g.Effect} | {g.Lags} | {g.Observations} | {F(g.FStatistic, 3)} | {P(g.PValue)} |"));
        }

        md.AppendLine();
        md.AppendLine("## Out-of-sample next-day direction");
        md.AppendLine();
        if (r.OutOfSample is { } oos)
        {
            md.AppendLine(Inv($"Expanding window, {oos.Model}, refitted every day on rows whose outcome is known; first prediction after {oos.MinTrainingRows} training days."));
            md.AppendLine();
            md.AppendLine(Inv($"- Predictions: {oos.Predictions} ({oos.Points[0].Day:yyyy-MM-dd} .. {oos.Points[^1].Day:yyyy-MM-dd}); hits {oos.Hits}, hit rate {F(oos.HitRate, 4)}"));
            md.AppendLine(Inv($"- Always up on the same days: hit rate {F(oos.BaselineRate, 4)}"));
            md.AppendLine(Inv($"- One-sided binomial test, H0: hit probability = {F(oos.BaselineRate, 4)}: p = {P(oos.BinomialPValue)}"));
            md.AppendLine(Inv($"- Windows where the fit failed and the window's majority direction was used: {oos.Fallbacks}"));
        }
        else
        {
            md.AppendLine("Not estimable (see notes).");
        }

        md.AppendLine();
        md.AppendLine("## Seed study: P(up next day | day t mostly positive)");
        md.AppendLine();
        if (r.SeedStudy is { } s)
        {
            md.AppendLine("| day t | days | next day up | P(up) |");
            md.AppendLine("|---|---:|---:|---:|");
            md.AppendLine(Inv($"| {SeedRule.Describe(s.Rule)} | {s.PositiveDays} | {s.PositiveUpDays} | {(s.UpGivenPositive is { } a ? F(a, 4) : "n/a")} |"));
            md.AppendLine(Inv($"| otherwise | {s.OtherDays} | {s.OtherUpDays} | {(s.UpGivenOther is { } b ? F(b, 4) : "n/a")} |"));
            md.AppendLine();
            md.AppendLine(Inv($"Odds ratio {(s.OddsRatio is { } or ? F(or, 3) : "n/a")}, Fisher's exact test (two-sided) p = {P(s.FisherPValue)}."));
        }
        else
        {
            md.AppendLine("Not estimable (see notes).");
        }

        AppendNotesAndPlots(
            md,
            r.Notes,
            ("factor and benchmark", ReportPlots.FactorAndBenchmark),
            ("factor vs next-day return", ReportPlots.FactorVsNextDayReturn),
            ("out-of-sample hit rate", ReportPlots.OutOfSampleHitRate));
        return md.ToString();
    }
}
