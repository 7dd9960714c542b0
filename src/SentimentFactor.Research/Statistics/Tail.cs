using MathNet.Numerics;

namespace SentimentFactor.Research.Statistics;

/// <summary>
/// Upper-tail probabilities through the regularized incomplete beta and gamma functions, so small p-values keep
/// their digits (1 - CDF would round them to 0 long before they are small).
/// </summary>
public static class Tail
{
    /// <summary>Two-sided p-value of Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double StudentTTwoSided(double t, double degreesOfFreedom)
    {
        if (double.IsInfinity(t))
        {
            return 0.0;
        }

        // P(|T| > |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2).
        var x = degreesOfFreedom / (degreesOfFreedom + (t * t));
        return Clamp(SpecialFunctions.BetaRegularized(degreesOfFreedom / 2.0, 0.5, x));
    }

    /// <summary>Two-sided p-value of a standard normal statistic.</summary>
    public static double NormalTwoSided(double z) => Clamp(SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2.0)));

    /// <summary>P(F > f) for Fisher's F with (d1, d2) degrees of freedom.</summary>
    public static double FisherF(double f, double d1, double d2)
    {
        if (f <= 0)
        {
            return 1.0;
        }

        // P(F > f) = I_{d2 / (d2 + d1 f)}(d2 / 2, d1 / 2).
        return Clamp(SpecialFunctions.BetaRegularized(d2 / 2.0, d1 / 2.0, d2 / (d2 + (d1 * f))));
    }

    /// <summary>P(X > x) for chi-square with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double ChiSquare(double x, double degreesOfFreedom) =>
        x <= 0 ? 1.0 : Clamp(SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0));

    /// <summary>P(X >= k) for X ~ Binomial(n, p).</summary>
    public static double BinomialAtLeast(int k, int n, double p)
    {
        if (k <= 0)
        {
            return 1.0;
        }

        if (k > n)
        {
            return 0.0;
        }

        if (p <= 0)
        {
            return 0.0;
        }

        if (p >= 1)
        {
            return 1.0;
        }

        // P(X >= k) = I_p(k, n - k + 1).
        return Clamp(SpecialFunctions.BetaRegularized(k, n - k + 1, p));
    }

    /// <summary>
    /// The t with P(|T| > t) = alpha for Student's t (1.959.. for alpha 0.05 and large df), by Newton's method from
    /// the normal quantile on the two-sided tail above (MathNet's InvCDF bisects and is slow in loops).
    /// </summary>
    public static double StudentTQuantile(double alpha, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        var t = MathNet.Numerics.Distributions.Normal.InvCDF(0.0, 1.0, 1.0 - (alpha / 2.0));
        for (var i = 0; i < 100; i++)
        {
            var error = StudentTTwoSided(t, degreesOfFreedom) - alpha;
            var slope = -2.0 * MathNet.Numerics.Distributions.StudentT.PDF(0.0, 1.0, degreesOfFreedom, t);
            var next = Math.Max(t / 2.0, t - (error / slope));
            if (Math.Abs(next - t) <= 1e-14 * t)
            {
                return next;
            }

            t = next;
        }

        return t;
    }

    private static double Clamp(double p) => Math.Clamp(p, 0.0, 1.0);
}
