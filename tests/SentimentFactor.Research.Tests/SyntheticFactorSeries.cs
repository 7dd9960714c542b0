using SentimentFactor.Core.Calendar;
using SentimentFactor.Research.Tests.Statistics;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.Tests;

/// <summary>
/// Bars on NASDAQ trading days with daily post counts where the log return of day t+1 is
/// <c>alpha + beta * bullishness(t) + noise</c>: a planted next-day effect, nothing on the same day.
/// </summary>
internal static class SyntheticFactorSeries
{
    public static readonly DateOnly Start = new(2024, 1, 2);

    public static List<FactorSeriesRow> Create(int seed, int days, double beta, double noise = 0.01, bool adjusted = true)
    {
        var random = new Random(seed);
        var rows = new List<FactorSeriesRow>();
        var price = 15_000.0;
        var day = Start;
        double? previousBullishness = null;
        for (var t = 0; t < days; t++)
        {
            while (!NasdaqCalendar.Instance.IsTradingDay(day))
            {
                day = day.AddDays(1);
            }

            if (previousBullishness is { } b)
            {
                price *= Math.Exp(0.0003 + (beta * b) + (noise * Synthetic.StandardNormal(random)));
            }

            // Independent from day to day, so a next-day effect cannot leak into the same day through persistence.
            var mood = 0.5 * Synthetic.StandardNormal(random);
            var total = 40 + random.Next(120);
            var pPos = 0.35 + (0.1 * Math.Tanh(mood));
            var pNeg = 0.25 - (0.08 * Math.Tanh(mood));
            int pos = 0, neg = 0;
            for (var i = 0; i < total; i++)
            {
                var u = random.NextDouble();
                pos += u < pPos ? 1 : 0;
                neg += u >= pPos && u < pPos + pNeg ? 1 : 0;
            }

            var bullishness = Math.Log((1.0 + pos) / (1.0 + neg));
            rows.Add(new FactorSeriesRow(day, price, adjusted ? price : null, pos, total - pos - neg, neg, total, bullishness));
            previousBullishness = bullishness;
            day = day.AddDays(1);
        }

        return rows;
    }
}
