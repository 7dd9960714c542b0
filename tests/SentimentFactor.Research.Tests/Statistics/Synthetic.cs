namespace SentimentFactor.Research.Tests.Statistics;

/// <summary>Seeded synthetic series for the estimator tests (Box–Muller normals from System.Random).</summary>
internal static class Synthetic
{
    public static double[] Normal(Random random, int n, double sd = 1.0)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = sd * StandardNormal(random);
        }

        return values;
    }

    /// <summary>x_t = rho x_{t-1} + sd e_t, started from its stationary law.</summary>
    public static double[] Ar1(Random random, int n, double rho, double sd = 1.0)
    {
        var values = new double[n];
        values[0] = sd * StandardNormal(random) / Math.Sqrt(1.0 - (rho * rho));
        for (var i = 1; i < n; i++)
        {
            values[i] = (rho * values[i - 1]) + (sd * StandardNormal(random));
        }

        return values;
    }

    public static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
