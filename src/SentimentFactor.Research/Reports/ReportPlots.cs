using ScottPlot;
using SentimentFactor.Research.Factors;
using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research.Reports;

/// <summary>The report's PNG plots (ScottPlot 5), each written to a file of the given name.</summary>
internal static class ReportPlots
{
    public const string FactorAndBenchmark = "factor_and_benchmark.png";
    public const string FactorVsNextDayReturn = "factor_vs_next_day_return.png";
    public const string OutOfSampleHitRate = "oos_hit_rate.png";

    private const int Width = 1000;
    private const int Height = 500;

    /// <summary>The first factor (left axis) and the benchmark level (right axis) over the run's days.</summary>
    public static void WriteFactorAndBenchmark(string path, ResearchDataset data, FactorKind factor, string benchmark, DateOnly first, DateOnly last)
    {
        using var plot = new Plot();
        var series = data.FactorSeries(factor);
        var factorDays = new List<double>();
        var factorValues = new List<double>();
        var barDays = new List<double>();
        var barValues = new List<double>();
        for (var i = 0; i < data.Count; i++)
        {
            if (data.Days[i] < first || data.Days[i] > last)
            {
                continue;
            }

            var x = data.Days[i].ToDateTime(TimeOnly.MinValue).ToOADate();
            if (data.Prices[i] is { } price)
            {
                barDays.Add(x);
                barValues.Add(price);
            }

            if (series[i] is { } v)
            {
                factorDays.Add(x);
                factorValues.Add(v);
            }
        }

        var factorLine = plot.Add.Scatter(factorDays.ToArray(), factorValues.ToArray());
        factorLine.LegendText = Factor.Name(factor);
        factorLine.MarkerSize = 3;
        factorLine.LineWidth = 1;
        var benchmarkLine = plot.Add.Scatter(barDays.ToArray(), barValues.ToArray());
        benchmarkLine.LegendText = $"{benchmark} ({data.PriceField})";
        benchmarkLine.MarkerSize = 0;
        benchmarkLine.LineWidth = 2;
        benchmarkLine.Axes.YAxis = plot.Axes.Right;
        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Left.Label.Text = Factor.Name(factor);
        plot.Axes.Right.Label.Text = benchmark;
        plot.Title($"{Factor.Name(factor)} and {benchmark}");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Factor of day t against the log return of day t+1, with the least-squares line through them.</summary>
    public static void WriteFactorVsNextDayReturn(string path, ResearchDataset data, FactorKind factor)
    {
        var rows = data.Observations([factor], 1, 0);
        var x = rows.Select(r => r.Features[0]).ToArray();
        var y = rows.Select(r => r.Outcome).ToArray();
        using var plot = new Plot();
        var points = plot.Add.ScatterPoints(x, y);
        points.LegendText = "days";
        points.MarkerSize = 4;
        if (rows.Count >= 3)
        {
            try
            {
                var fit = OrdinaryLeastSquares.Fit("r[t+1]", y, [new Regressor(Factor.Name(factor), x)]);
                var a = fit.Coefficients[0].Estimate;
                var b = fit.Coefficients[1].Estimate;
                var line = plot.Add.Line(x.Min(), a + (b * x.Min()), x.Max(), a + (b * x.Max()));
                line.LegendText = $"fit: r[t+1] = {a:G3} + {b:G3} x {Factor.Name(factor)} (R2 {fit.RSquared:F3}, n {fit.Observations})";
                line.LineWidth = 2;
            }
            catch (ResearchException)
            {
                // Constant factor or the like: the scatter alone still says so.
            }
        }

        plot.XLabel($"{Factor.Name(factor)} of day t");
        plot.YLabel("log return of day t+1");
        plot.Title($"{Factor.Name(factor)} vs next-day return");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Cumulative out-of-sample hit rate and the always-up baseline's, day by day.</summary>
    public static void WriteOutOfSampleHitRate(string path, OutOfSampleResult? result)
    {
        using var plot = new Plot();
        if (result is { Points.Count: > 0 })
        {
            var days = result.Points.Select(p => p.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
            var hitRate = new double[days.Length];
            var baseline = new double[days.Length];
            int hits = 0, ups = 0;
            for (var i = 0; i < days.Length; i++)
            {
                hits += result.Points[i].PredictedUp == result.Points[i].ActualUp ? 1 : 0;
                ups += result.Points[i].ActualUp ? 1 : 0;
                hitRate[i] = hits / (i + 1.0);
                baseline[i] = ups / (i + 1.0);
            }

            var model = plot.Add.Scatter(days, hitRate);
            model.LegendText = $"model hit rate (final {result.HitRate:P1})";
            model.MarkerSize = 0;
            model.LineWidth = 2;
            var always = plot.Add.Scatter(days, baseline);
            always.LegendText = $"always up (final {result.BaselineRate:P1})";
            always.MarkerSize = 0;
            always.LineWidth = 2;
            plot.Add.HorizontalLine(0.5);
            plot.Axes.DateTimeTicksBottom();
            plot.ShowLegend(Alignment.LowerRight);
        }
        else
        {
            plot.Add.Text("Out-of-sample prediction was not estimable (see report.md)", 0, 0);
        }

        plot.YLabel("cumulative hit rate");
        plot.Title("Out-of-sample next-day direction (expanding window)");
        plot.SavePng(path, Width, Height);
    }
}
