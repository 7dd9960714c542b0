using MathNet.Numerics.LinearAlgebra;
using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research.CrossSection;

/// <summary>
/// Pooled OLS of r(t+h) on the factor over all symbol-days, with classical, White, symbol-, day- and two-way
/// clustered standard errors (docs/research.md, "Clustering"). Checked against Petersen's (2009) published
/// results for his test panel.
/// </summary>
public static class PanelRegression
{
    /// <summary>Fits r = a + b factor (+ symbol fixed effects) on the panel.</summary>
    public static PanelRegressionResult Fit(IReadOnlyList<PanelObservation> observations, string factorName, bool fixedEffects)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var symbols = Codes(observations.Select(o => o.Symbol));
        var days = Codes(observations.Select(o => o.Day));
        return Fit(
            observations.Select(o => o.Return).ToArray(),
            [(factorName, observations.Select(o => o.Factor).ToArray())],
            symbols, days, fixedEffects);
    }

    /// <summary>
    /// Fits y = a + X b (or, with <paramref name="fixedEffects"/>, y and X demeaned within the first clustering
    /// dimension, no intercept) and clusters by <paramref name="firstClusters"/> and <paramref name="secondClusters"/>.
    /// </summary>
    /// <param name="y">Outcome.</param>
    /// <param name="regressors">Named columns, without the intercept.</param>
    /// <param name="firstClusters">Cluster code of each row in the first dimension (symbol, firm).</param>
    /// <param name="secondClusters">Cluster code of each row in the second dimension (day, year).</param>
    /// <param name="fixedEffects">Absorb one effect per first-dimension cluster.</param>
    public static PanelRegressionResult Fit(
        double[] y, IReadOnlyList<(string Name, double[] Values)> regressors, int[] firstClusters, int[] secondClusters, bool fixedEffects)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(regressors);
        ArgumentNullException.ThrowIfNull(firstClusters);
        ArgumentNullException.ThrowIfNull(secondClusters);
        var n = y.Length;
        var g1 = firstClusters.Distinct().Count();
        var g2 = secondClusters.Distinct().Count();
        var names = (fixedEffects ? [] : new[] { "const" }).Concat(regressors.Select(r => r.Name)).ToArray();
        var columns = (fixedEffects ? [] : new[] { Enumerable.Repeat(1.0, n).ToArray() }).Concat(regressors.Select(r => r.Values)).ToArray();
        var outcome = y;
        if (fixedEffects)
        {
            outcome = Demean(y, firstClusters);
            columns = columns.Select(c => Demean(c, firstClusters)).ToArray();
        }

        var k = columns.Length;
        var parameters = fixedEffects ? k + g1 : k;
        if (n <= parameters || g1 < 2 || g2 < 2)
        {
            throw ResearchException.TooFewObservations(
                "a panel regression with clustered errors", n, parameters + 1,
                "It needs more observations than parameters and at least two symbols and two days: add symbols or widen the date range.");
        }

        var x = Matrix<double>.Build.Dense(n, k, (i, j) => columns[j][i]);
        var qr = x.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var rInverse = qr.R.Inverse();
        var bread = rInverse * rInverse.Transpose(); // (X'X)^-1 without squaring X's condition number
        var yv = Vector<double>.Build.DenseOfArray(outcome);
        var beta = qr.Solve(yv);
        var residual = yv - (x * beta);
        var ssr = residual.DotProduct(residual);
        var mean = fixedEffects ? 0.0 : outcome.Average();
        var sst = outcome.Sum(v => (v - mean) * (v - mean));
        var dof = n - parameters;

        var classical = bread * (ssr / dof);
        var white = Sandwich(x, residual, bread, Enumerable.Range(0, n).ToArray(), n, parameters);
        var byFirst = Sandwich(x, residual, bread, firstClusters, n, parameters);
        var bySecond = Sandwich(x, residual, bread, secondClusters, n, parameters);
        // The intersection's cells: a (symbol, day) pair; in a panel with one row per pair that is White's HC1.
        var cells = Codes(firstClusters.Zip(secondClusters, (a, b) => ((long)a << 32) | (uint)b));
        var twoWay = byFirst + bySecond - Sandwich(x, residual, bread, cells, n, parameters);

        // Clustered t-statistics on t(G - 1), G the number of clusters (two-way: the smaller dimension), as Stata does.
        var coefficients = names.Select((name, j) =>
        {
            double? twoWaySe = twoWay[j, j] > 0 ? Math.Sqrt(twoWay[j, j]) : null;
            return new ClusteredCoefficient(
                name, beta[j], Math.Sqrt(classical[j, j]), Math.Sqrt(white[j, j]), Math.Sqrt(byFirst[j, j]), Math.Sqrt(bySecond[j, j]), twoWaySe,
                Tail.StudentTTwoSided(beta[j] / Math.Sqrt(byFirst[j, j]), g1 - 1),
                Tail.StudentTTwoSided(beta[j] / Math.Sqrt(bySecond[j, j]), g2 - 1),
                twoWaySe is { } se ? Tail.StudentTTwoSided(beta[j] / se, Math.Min(g1, g2) - 1) : null);
        }).ToList();
        return new PanelRegressionResult(n, g1, g2, fixedEffects, parameters, coefficients, 1.0 - (ssr / sst));
    }

    /// <summary>Dense codes 0..G-1 of the values, in order of first appearance.</summary>
    public static int[] Codes<T>(IEnumerable<T> values)
        where T : notnull
    {
        var map = new Dictionary<T, int>();
        return values.Select(v => map.TryGetValue(v, out var code) ? code : map[v] = map.Count).ToArray();
    }

    /// <summary>(X'X)^-1 (Σ_g u_g u_g') (X'X)^-1 · G/(G-1) · (N-1)/(N-K), u_g = Σ_{i in g} x_i e_i (Stata's correction).</summary>
    private static Matrix<double> Sandwich(Matrix<double> x, Vector<double> e, Matrix<double> bread, int[] clusters, int n, int parameters)
    {
        var k = x.ColumnCount;
        var groups = clusters.Max() + 1;
        var scores = new double[groups, k];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < k; j++)
            {
                scores[clusters[i], j] += x[i, j] * e[i];
            }
        }

        var u = Matrix<double>.Build.DenseOfArray(scores);
        var g = clusters.Distinct().Count();
        var correction = g / (g - 1.0) * ((n - 1.0) / (n - parameters));
        return bread * (u.TransposeThisAndMultiply(u)) * bread * correction;
    }

    private static double[] Demean(double[] values, int[] groups)
    {
        var sums = new Dictionary<int, (double Sum, int Count)>();
        for (var i = 0; i < values.Length; i++)
        {
            var (sum, count) = sums.GetValueOrDefault(groups[i]);
            sums[groups[i]] = (sum + values[i], count + 1);
        }

        return values.Select((v, i) => v - (sums[groups[i]].Sum / sums[groups[i]].Count)).ToArray();
    }
}
