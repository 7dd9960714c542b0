using System.Globalization;
using System.Text;
using static SentimentFactor.Research.Reports.MarkdownText;

namespace SentimentFactor.Research.CrossSection;

/// <summary>Writes a cross-section run's report folder: report.md and the three PNG plots it links.</summary>
internal static class CrossSectionReport
{
    public const string ReportFile = "report.md";

    /// <summary>Creates <paramref name="directory"/> and writes the report into it; returns the report's path.</summary>
    public static async Task<string> WriteAsync(
        string directory, long runId, CrossSectionSpec spec, CrossSectionResults results, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        CrossSectionPlots.WriteIcSeries(Path.Combine(directory, CrossSectionPlots.IcSeries), results);
        cancellationToken.ThrowIfCancellationRequested();
        CrossSectionPlots.WriteIcDecay(Path.Combine(directory, CrossSectionPlots.IcDecay), results);
        cancellationToken.ThrowIfCancellationRequested();
        CrossSectionPlots.WriteQuantileReturns(Path.Combine(directory, CrossSectionPlots.QuantileReturns), results);
        var path = Path.Combine(directory, ReportFile);
        await File.WriteAllTextAsync(path, Markdown(runId, spec, results, createdAt), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        return path;
    }

    public static string Markdown(long runId, CrossSectionSpec spec, CrossSectionResults r, DateTimeOffset createdAt)
    {
        var md = new StringBuilder();
        var c = r.Coverage;
        md.AppendLine(Inv($"# Cross-section of {r.Factor}, run {runId}"));
        md.AppendLine();
        md.AppendLine(Inv($"- Model: `{r.ModelId}` ({r.ModelName}); created {createdAt:yyyy-MM-dd HH:mm:ss} UTC; code {r.CodeVersion}"));
        md.AppendLine(Inv($"- Symbols ({r.Symbols.Count}): {string.Join(", ", r.Symbols)}"));
        md.AppendLine(Inv($"- Factor days {r.FirstDay:yyyy-MM-dd} .. {r.LastDay:yyyy-MM-dd}; h = {r.Horizon}; min posts {spec.MinPostsPerDay}; min symbols per day {spec.MinSymbolsPerDay}"));
        md.AppendLine(Inv($"- Timing: {r.Alignment}"));
        md.AppendLine();
        md.AppendLine("## Coverage");
        md.AppendLine();
        md.AppendLine("| symbol-days with posts | dropped by min posts | without a return at h | observations | posts per symbol-day (mean / median) | symbols per day |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(Inv($"| {c.SymbolDaysWithPosts} | {c.DroppedByMinPosts} | {c.WithoutReturn} | {c.SymbolDays} | {F(c.PostsPerSymbolDay, 1)} / {F(c.MedianPostsPerSymbolDay, 1)} | {F(c.MeanSymbolsPerDay, 1)} |"));
        md.AppendLine();
        md.AppendLine("## Information coefficient (Spearman, daily)");
        md.AppendLine();
        md.AppendLine("| h | days | mean IC | hit rate | t | NW t (L) | NW p |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var d in r.IcDecay)
        {
            md.AppendLine(Inv($"| {d.Horizon} | {d.Days} | {F(d.MeanIc, 4)} | {F(d.HitRate, 3)} | {F(d.Test.TStatistic, 2)} | {F(d.Test.HacTStatistic, 2)} ({d.Test.HacLags}) | {P(d.Test.HacPValue)} |"));
        }

        md.AppendLine();
        md.AppendLine("## Quantile portfolios");
        md.AppendLine();
        if (r.Quantiles is { } q)
        {
            md.AppendLine(Inv($"{q.Quantiles} groups by factor each day, equal-weighted log returns of t+{r.Horizon}, {q.Days} days."));
            md.AppendLine();
            md.AppendLine("| " + string.Join(" | ", Enumerable.Range(1, q.Quantiles).Select(g => "Q" + g.ToString(CultureInfo.InvariantCulture))) + " | long-short | t | NW t | NW p |");
            md.AppendLine("|" + string.Concat(Enumerable.Repeat("---:|", q.Quantiles + 4)));
            md.AppendLine("| " + string.Join(" | ", q.MeanReturns.Select(m => F(m, 5))) + Inv($" | {F(q.LongShort.Mean, 5)} | {F(q.LongShort.TStatistic, 2)} | {F(q.LongShort.HacTStatistic, 2)} | {P(q.LongShort.HacPValue)} |"));
        }
        else
        {
            md.AppendLine("Not estimable (see notes).");
        }

        md.AppendLine();
        md.AppendLine("## Pooled OLS with clustered standard errors");
        md.AppendLine();
        foreach (var fit in new[] { r.Pooled, r.FixedEffects }.OfType<PanelRegressionResult>())
        {
            md.AppendLine(Inv($"{(fit.FixedEffects ? "With symbol fixed effects" : "Pooled")}: N = {fit.Observations}, {fit.Symbols} symbols, {fit.Days} days, K = {fit.Parameters}, R² = {F(fit.RSquared, 4)}."));
            md.AppendLine();
            md.AppendLine("| term | coef | OLS SE | White SE | SE by symbol (p) | SE by day (p) | SE two-way (p) |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var co in fit.Coefficients)
            {
                md.AppendLine(Inv($"| {co.Name} | {G(co.Estimate)} | {G(co.OlsSe)} | {G(co.WhiteSe)} | {G(co.SymbolSe)} ({P(co.SymbolPValue)}) | {G(co.DaySe)} ({P(co.DayPValue)}) | {(co.TwoWaySe is { } tw ? $"{G(tw)} ({P(co.TwoWayPValue!.Value)})" : "n/a")} |"));
            }

            md.AppendLine();
        }

        md.AppendLine("Each clustered variance carries Stata's correction G/(G-1)·(N-1)/(N-K); two-way = V_symbol + V_day − V_symbol∩day (Cameron, Gelbach & Miller 2011); p-values on t(G−1), two-way on t(min G − 1).");
        md.AppendLine();
        md.AppendLine("## Fama–MacBeth");
        md.AppendLine();
        if (r.FamaMacBeth is { } fm)
        {
            md.AppendLine("| term | mean | SE (sd/√T) | t | NW SE (L) | NW t | NW p |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, m) in new[] { ("const", fm.Intercept), (r.Factor, fm.Slope) })
            {
                md.AppendLine(Inv($"| {name} | {G(m.Mean)} | {G(m.StandardError)} | {F(m.TStatistic, 2)} | {G(m.HacStandardError)} ({m.HacLags}) | {F(m.HacTStatistic, 2)} | {P(m.HacPValue)} |"));
            }

            md.AppendLine();
            md.AppendLine(Inv($"{fm.Days} daily cross-sections."));
        }
        else
        {
            md.AppendLine("Not estimable (see notes).");
        }

        AppendNotesAndPlots(
            md,
            r.Notes,
            ("daily IC", CrossSectionPlots.IcSeries),
            ("IC decay", CrossSectionPlots.IcDecay),
            ("quantile returns", CrossSectionPlots.QuantileReturns));
        return md.ToString();
    }
}
