using ScottPlot;

namespace SentimentFactor.Research.CrossSection;

/// <summary>The cross-section report's PNG plots (ScottPlot 5).</summary>
internal static class CrossSectionPlots
{
    public const string IcSeries = "ic_series.png";
    public const string IcDecay = "ic_decay.png";
    public const string QuantileReturns = "quantile_returns.png";

    private const int Width = 1000;
    private const int Height = 500;

    /// <summary>The daily IC with its 20-day moving average and the mean.</summary>
    public static void WriteIcSeries(string path, CrossSectionResults r)
    {
        using var plot = new Plot();
        var x = r.DailyIc.Select(d => d.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        var ic = r.DailyIc.Select(d => d.Ic).ToArray();
        var bars = plot.Add.ScatterPoints(x, ic);
        bars.LegendText = "daily IC";
        bars.MarkerSize = 3;
        var window = Math.Min(20, ic.Length);
        var moving = ic.Select((_, i) => ic.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average()).ToArray();
        var line = plot.Add.Scatter(x, moving);
        line.LegendText = $"{window}-day mean";
        line.MarkerSize = 0;
        line.LineWidth = 2;
        var mean = plot.Add.HorizontalLine(r.Ic.MeanIc);
        mean.LegendText = $"mean IC {r.Ic.MeanIc:F4} (NW t {r.Ic.Test.HacTStatistic:F2})";
        plot.Add.HorizontalLine(0).Color = Colors.Gray;
        plot.Axes.DateTimeTicksBottom();
        plot.YLabel("Spearman IC");
        plot.Title($"Daily rank IC: {r.Factor}(t) vs r(t+{r.Horizon}) across {r.Symbols.Count} symbols");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Mean IC by horizon with ±2 Newey–West standard errors.</summary>
    public static void WriteIcDecay(string path, CrossSectionResults r)
    {
        using var plot = new Plot();
        var bars = plot.Add.Bars(r.IcDecay.Select(d => (double)d.Horizon).ToArray(), r.IcDecay.Select(d => d.MeanIc).ToArray());
        bars.LegendText = "mean IC";
        foreach (var d in r.IcDecay)
        {
            var whisker = plot.Add.Line(d.Horizon, d.MeanIc - (2 * d.Test.HacStandardError), d.Horizon, d.MeanIc + (2 * d.Test.HacStandardError));
            whisker.Color = Colors.Black;
        }

        plot.Add.HorizontalLine(0).Color = Colors.Gray;
        plot.XLabel("horizon h (trading days)");
        plot.YLabel("mean IC (bars: ±2 Newey-West SE)");
        plot.Title($"IC decay: {r.Factor}(t) vs r(t+h)");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Cumulative log return of each quantile portfolio and of the long–short spread.</summary>
    public static void WriteQuantileReturns(string path, CrossSectionResults r)
    {
        using var plot = new Plot();
        if (r.Quantiles is { } q)
        {
            var x = q.Daily.Select(d => d.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
            for (var g = 0; g < q.Quantiles; g++)
            {
                var sum = 0.0;
                var group = g;
                var line = plot.Add.Scatter(x, q.Daily.Select(d => sum += d.Returns[group]).ToArray());
                line.LegendText = g == 0 ? "Q1 (lowest factor)" : g == q.Quantiles - 1 ? $"Q{g + 1} (highest)" : $"Q{g + 1}";
                line.MarkerSize = 0;
            }

            var spread = plot.Add.Scatter(x, q.CumulativeLongShort().ToArray());
            spread.LegendText = $"long-short (NW t {q.LongShort.HacTStatistic:F2})";
            spread.MarkerSize = 0;
            spread.LineWidth = 3;
            spread.Color = Colors.Black;
            plot.Axes.DateTimeTicksBottom();
            plot.ShowLegend(Alignment.UpperLeft);
        }
        else
        {
            plot.Add.Text("Quantile portfolios were not estimable (see report.md)", 0, 0);
        }

        plot.YLabel("cumulative log return");
        plot.Title($"Quantile portfolios on {r.Factor}(t), equal-weighted, held to t+{r.Horizon}");
        plot.SavePng(path, Width, Height);
    }
}
