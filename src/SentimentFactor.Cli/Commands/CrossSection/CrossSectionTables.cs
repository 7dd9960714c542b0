using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Research.CrossSection;
using Spectre.Console;
using static SentimentFactor.Research.Reports.MarkdownText;

namespace SentimentFactor.Cli.Commands.CrossSection;

/// <summary>The terminal view of a cross-section run.</summary>
internal static class CrossSectionTables
{
    public static void Write(IAnsiConsole console, CrossSectionRun run)
    {
        var r = run.Results;
        var c = r.Coverage;
        console.MarkupLineInterpolated($"[bold]Cross-section run {run.RunId}[/]: model {r.ModelId} ({r.ModelName}), factor {r.Factor}, h = {r.Horizon}");
        console.WriteLine(Inv($"{r.Symbols.Count} symbols, factor days {r.FirstDay:yyyy-MM-dd}..{r.LastDay:yyyy-MM-dd}; {c.SymbolDays} symbol-days ({F(c.MeanSymbolsPerDay, 1)} symbols/day, {F(c.PostsPerSymbolDay, 1)} posts per symbol-day); min posts dropped {c.DroppedByMinPosts} of {c.SymbolDaysWithPosts}, {c.WithoutReturn} without a return"));

        var ic = new Table().Title("Daily rank IC (Spearman) by horizon").Border(TableBorder.Rounded);
        ic.AddColumns("h", "days", "mean IC", "hit rate", "t", "NW t", "NW p");
        foreach (var d in r.IcDecay)
        {
            ic.AddRow(Inv($"{d.Horizon}"), Inv($"{d.Days}"), F(d.MeanIc, 4), F(d.HitRate, 3), F(d.Test.TStatistic, 2), F(d.Test.HacTStatistic, 2), P(d.Test.HacPValue));
        }

        console.Write(ic);
        if (r.Quantiles is { } q)
        {
            var qt = new Table().Title(Inv($"Quantile portfolios ({q.Quantiles} per day, {q.Days} days): mean daily log return")).Border(TableBorder.Rounded);
            qt.AddColumns([.. Enumerable.Range(1, q.Quantiles).Select(g => Inv($"Q{g}")), "long-short", "t", "NW t"]);
            qt.AddRow([.. q.MeanReturns.Select(m => F(m, 5)), F(q.LongShort.Mean, 5), F(q.LongShort.TStatistic, 2), F(q.LongShort.HacTStatistic, 2)]);
            console.Write(qt);
            console.WriteLine(Inv($"Long-short cumulative log return: {F(q.CumulativeLongShort()[^1], 4)} over {q.Days} days"));
        }

        var pt = new Table().Title("Pooled OLS of r(t+h) on the factor: standard errors").Border(TableBorder.Rounded);
        pt.AddColumns("fit", "coef", "OLS", "White", "by symbol", "by day", "two-way", "two-way t", "two-way p");
        foreach (var fit in new[] { r.Pooled, r.FixedEffects }.OfType<PanelRegressionResult>())
        {
            var b = fit[r.Factor];
            pt.AddRow(fit.FixedEffects ? "symbol FE" : "pooled", G(b.Estimate), G(b.OlsSe), G(b.WhiteSe), G(b.SymbolSe), G(b.DaySe),
                b.TwoWaySe is { } se ? G(se) : "n/a", b.TwoWayT is { } t ? F(t, 2) : "n/a", b.TwoWayPValue is { } p ? P(p) : "n/a");
        }

        console.Write(pt);
        if (r.FamaMacBeth is { } fm)
        {
            console.WriteLine(Inv($"Fama-MacBeth ({fm.Days} days): slope {G(fm.Slope.Mean)}, t = {F(fm.Slope.TStatistic, 2)}, Newey-West t = {F(fm.Slope.HacTStatistic, 2)} (L = {fm.Slope.HacLags}), p = {P(fm.Slope.HacPValue)}"));
        }

        RunFooter.Write(console, r.Notes, run.ReportPath);
    }
}
