using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Research;
using SentimentFactor.Research.Statistics;
using Spectre.Console;
using static SentimentFactor.Research.Reports.MarkdownText;

namespace SentimentFactor.Cli.Commands.Regress;

/// <summary>The terminal view of a regression run: one Spectre table per estimator.</summary>
internal static class RegressTables
{
    public static void Write(IAnsiConsole console, RegressionRun run)
    {
        var r = run.Results;
        var ols = r.Ols;
        console.MarkupLineInterpolated($"[bold]Regression run {run.RunId}[/]: model {r.ModelId} ({r.ModelName}), {r.Benchmark} ({r.PriceField}), symbol {r.Symbol}");
        console.MarkupLineInterpolated($"Factor days {r.FirstDay:yyyy-MM-dd}..{r.LastDay:yyyy-MM-dd} (outcomes to {r.LastOutcomeDay:yyyy-MM-dd}), n = {r.Observations}, h = {run.Spec.Horizon}");
        console.WriteLine(r.Alignment);
        console.WriteLine();

        var table = new Table().Title(Markup.Escape($"OLS: {ols.Outcome}")).Border(TableBorder.Rounded);
        table.AddColumns("term", "coef", "SE", "t", "p", "HAC SE", "HAC t", "HAC p");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var c in ols.Coefficients)
        {
            table.AddRow(Markup.Escape(c.Name), G(c.Estimate), G(c.StandardError), F(c.TStatistic, 2), P(c.PValue), G(c.HacStandardError), F(c.HacTStatistic, 2), P(c.HacPValue));
        }

        table.Caption(Markup.Escape(Inv($"n={ols.Observations} k={ols.Parameters} R²={F(ols.RSquared, 4)} adj R²={F(ols.AdjustedRSquared, 4)} F={(ols.FStatistic is { } f ? F(f, 3) : "n/a")} p={(ols.FPValue is { } fp ? P(fp) : "n/a")}; Newey-West L={ols.HacLags} ({ols.HacLagRule})")));
        console.Write(table);

        var logit = r.Logistic;
        if (logit.Status == LogisticStatus.Converged)
        {
            var lt = new Table().Title(Markup.Escape($"Logistic: P({logit.Outcome})")).Border(TableBorder.Rounded);
            lt.AddColumns("term", "coef (log-odds)", "SE", "z", "p");
            foreach (var c in logit.Coefficients)
            {
                lt.AddRow(Markup.Escape(c.Name), G(c.Estimate), G(c.StandardError), F(c.ZStatistic, 2), P(c.PValue));
            }

            lt.Caption(Markup.Escape(Inv($"n={logit.Observations} up={logit.Positives} McFadden R²={F(logit.McFaddenRSquared!.Value, 4)} LR p={(logit.LikelihoodRatioPValue is { } lp ? P(lp) : "n/a")}")));
            console.Write(lt);
        }
        else
        {
            console.MarkupLineInterpolated($"[yellow]Logistic: {logit.Message}[/]");
        }

        if (r.Granger.Count > 0)
        {
            var gt = new Table().Title("Granger causality (F-tests)").Border(TableBorder.Rounded);
            gt.AddColumns("cause -> effect", "lags", "n", "F", "p");
            foreach (var g in r.Granger)
            {
                gt.AddRow(Markup.Escape($"{g.Cause} -> {g.Effect}"), Inv($"{g.Lags}"), Inv($"{g.Observations}"), F(g.FStatistic, 3), P(g.PValue));
            }

            console.Write(gt);
        }

        if (r.OutOfSample is { } oos)
        {
            console.WriteLine(Inv($"Out-of-sample next-day direction: {oos.Predictions} days, hit rate {F(oos.HitRate, 4)} vs always-up {F(oos.BaselineRate, 4)}, binomial p = {P(oos.BinomialPValue)} (one-sided), fallbacks {oos.Fallbacks}"));
        }

        if (r.SeedStudy is { } s)
        {
            console.WriteLine(Inv($"Seed study: P(up next day | {SeedRule.Describe(s.Rule)}) = {(s.UpGivenPositive is { } a ? F(a, 4) : "n/a")} ({s.PositiveUpDays}/{s.PositiveDays}) vs otherwise {(s.UpGivenOther is { } b ? F(b, 4) : "n/a")} ({s.OtherUpDays}/{s.OtherDays}), Fisher p = {P(s.FisherPValue)}"));
        }

        RunFooter.Write(console, r.Notes, run.ReportPath);
    }
}
