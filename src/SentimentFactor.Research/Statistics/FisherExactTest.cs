using MathNet.Numerics;

namespace SentimentFactor.Research.Statistics;

/// <summary>Fisher's exact test of independence in a 2x2 table [[a, b], [c, d]].</summary>
public static class FisherExactTest
{
    /// <summary>
    /// Two-sided p-value: the total hypergeometric probability (margins fixed) of tables no more likely than the
    /// observed one, with R's relative tolerance of 1e-7 for ties.
    /// </summary>
    public static double TwoSided(int a, int b, int c, int d)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfNegative(d);
        var row1 = a + b;
        var col1 = a + c;
        var n = a + b + c + d;
        var low = Math.Max(0, row1 + col1 - n);
        var high = Math.Min(row1, col1);
        var observed = LogProbability(a, row1, col1, n);
        var p = 0.0;
        for (var x = low; x <= high; x++)
        {
            var logP = LogProbability(x, row1, col1, n);
            if (logP <= observed + 1e-7)
            {
                p += Math.Exp(logP);
            }
        }

        return Math.Clamp(p, 0.0, 1.0);
    }

    /// <summary>P(X = x) for the hypergeometric law of the top-left cell given the margins, as a logarithm.</summary>
    private static double LogProbability(int x, int row1, int col1, int n) =>
        LogChoose(col1, x) + LogChoose(n - col1, row1 - x) - LogChoose(n, row1);

    private static double LogChoose(int n, int k) =>
        SpecialFunctions.FactorialLn(n) - SpecialFunctions.FactorialLn(k) - SpecialFunctions.FactorialLn(n - k);
}
