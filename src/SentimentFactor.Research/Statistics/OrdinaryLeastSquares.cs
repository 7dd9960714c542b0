using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace SentimentFactor.Research.Statistics;

/// <summary>
/// Ordinary least squares with an intercept, solved by Householder QR of the centered, unit-norm design plus one
/// step of iterative refinement (never the normal equations, which square the condition number: Longley's data
/// would lose half its digits). Reports classical and Newey–West (1987) HAC standard errors.
/// </summary>
public static class OrdinaryLeastSquares
{
    /// <summary>Newey–West lag rule: floor(4 (n / 100)^(2/9)), Newey &amp; West (1994).</summary>
    public const string AutomaticLagRule = "floor(4(n/100)^(2/9))";

    /// <summary>Confidence level of the reported intervals.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>The largest Newey–West lag accepted: floor(n/4) (docs/research.md).</summary>
    public const string MaximumLagRule = "floor(n/4)";

    /// <summary>The automatic Newey–West truncation lag for n observations, never above <see cref="MaximumHacLags"/>.</summary>
    public static int AutomaticHacLags(int observations) =>
        Math.Min((int)Math.Floor(4.0 * Math.Pow(observations / 100.0, 2.0 / 9.0)), MaximumHacLags(observations));

    /// <summary>
    /// The largest lag accepted for n observations, floor(n/4): with L near n the Bartlett-weighted sum of
    /// autocovariances of the scores nearly cancels and the HAC errors shrink towards zero (n = 30, L = 100 turns
    /// t = 5 into t = 11), so a larger lag is refused rather than silently used.
    /// </summary>
    public static int MaximumHacLags(int observations) => Math.Max(observations, 0) / 4;

    /// <summary>Fits y = [1, X] b + e.</summary>
    /// <param name="outcomeName">Name of y, used in messages.</param>
    /// <param name="y">Outcome, finite values.</param>
    /// <param name="regressors">Columns of X (no intercept column: it is added).</param>
    /// <param name="hacLags">Newey–West lag, at most <see cref="MaximumLagRule"/>; null uses <see cref="AutomaticLagRule"/>.</param>
    /// <exception cref="ResearchException">
    /// n &lt;= k, a lag above floor(n/4), a constant regressor or outcome, a singular design, a perfect fit.
    /// </exception>
    public static OlsResult Fit(string outcomeName, double[] y, IReadOnlyList<Regressor> regressors, int? hacLags = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(regressors);
        if (hacLags is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hacLags), hacLags, "The Newey-West lag must be 0 or more.");
        }

        var n = y.Length;
        var k = regressors.Count + 1;
        // One residual degree of freedom at the very least, or there is no variance to estimate.
        if (n < k + 1)
        {
            throw ResearchException.TooFewObservations(
                $"an OLS fit of '{outcomeName}' on {k - 1} regressor(s) and an intercept", n, k + 1,
                "Widen the date range, lower Research:MinPostsPerDay, or use fewer regressors.");
        }

        if (hacLags is { } set && set > MaximumHacLags(n))
        {
            throw ResearchException.HacLagTooLarge(set, n, MaximumHacLags(n));
        }

        if (y.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"The outcome '{outcomeName}' has a non-finite value.", nameof(y));
        }

        var (design, qr, gamma, residual, ssr, sst) = Solve(outcomeName, y, regressors);
        var df = n - k;
        var sigma2 = ssr / df;
        var rInverse = qr.R.Inverse();
        var zTzInverse = rInverse * rInverse.Transpose();
        var classical = design.ToOriginal(zTzInverse * sigma2);

        var lags = hacLags ?? AutomaticHacLags(n);
        var hac = design.ToOriginal(NeweyWestCovariance(design.Z, residual, zTzInverse, lags));
        var beta = design.ToOriginal(gamma);

        var tCritical = Tail.StudentTQuantile(1.0 - ConfidenceLevel, df);
        var coefficients = new CoefficientEstimate[k];
        for (var j = 0; j < k; j++)
        {
            var se = Math.Sqrt(classical[j, j]);
            var hacSe = Math.Sqrt(Math.Max(hac[j, j], 0.0));
            var t = beta[j] / se;
            var hacT = beta[j] / hacSe;
            coefficients[j] = new CoefficientEstimate(
                design.Names[j], beta[j],
                se, t, Tail.StudentTTwoSided(t, df), beta[j] - (tCritical * se), beta[j] + (tCritical * se),
                hacSe, hacT, Tail.StudentTTwoSided(hacT, df), beta[j] - (tCritical * hacSe), beta[j] + (tCritical * hacSe));
        }

        var rSquared = 1.0 - (ssr / sst);
        var adjusted = 1.0 - ((1.0 - rSquared) * (n - 1) / df);
        double? f = null, fP = null, wald = null, waldP = null;
        if (k > 1)
        {
            f = (sst - ssr) / (k - 1) / sigma2;
            fP = Tail.FisherF(f.Value, k - 1, df);
            wald = SlopesWaldF(beta, hac);
            waldP = wald is { } w ? Tail.FisherF(w, k - 1, df) : null;
        }

        return new OlsResult(
            outcomeName, n, k, coefficients, rSquared, adjusted, f, fP, Math.Sqrt(sigma2), ssr,
            lags, hacLags is null ? AutomaticLagRule : "set", wald, waldP);
    }

    /// <summary>The residual sum of squares alone (for nested-model F-tests), with the same checks as <see cref="Fit"/>.</summary>
    internal static double SumSquaredResiduals(string outcomeName, double[] y, IReadOnlyList<Regressor> regressors) =>
        Solve(outcomeName, y, regressors).Ssr;

    private static (ScaledDesign Design, QR<double> Qr, Vector<double> Gamma, Vector<double> Residual, double Ssr, double Sst) Solve(
        string outcomeName, double[] y, IReadOnlyList<Regressor> regressors)
    {
        var n = y.Length;
        var design = ScaledDesign.Create(regressors, n);
        var yv = Vector<double>.Build.DenseOfArray(y);
        var yMean = y.Average();
        var sst = y.Sum(v => (v - yMean) * (v - yMean));
        if (sst <= 1e-300 || Math.Sqrt(sst / n) <= 1e-14 * Math.Max(1.0, Math.Abs(yMean)))
        {
            throw ResearchException.ConstantOutcome(outcomeName, yMean);
        }

        var qr = design.Z.QR(QRMethod.Thin);
        design.EnsureFullRank(qr.R);
        var gamma = qr.Solve(yv);
        // One step of iterative refinement: solve for the residual's projection and correct.
        var residual = yv - (design.Z * gamma);
        gamma += qr.Solve(residual);
        residual = yv - (design.Z * gamma);

        var ssr = residual.DotProduct(residual);
        if (ssr <= 1e-24 * sst)
        {
            throw ResearchException.PerfectFit(outcomeName);
        }

        return (design, qr, gamma, residual, ssr, sst);
    }

    /// <summary>
    /// (Z'Z)^-1 S (Z'Z)^-1 · n/(n-k) with S = Σ e_t² z_t z_t' + Σ_l w_l Σ_t e_t e_{t-l} (z_t z_{t-l}' + z_{t-l} z_t'),
    /// w_l = 1 - l/(L + 1) (Bartlett); the small-sample factor n/(n-k) is Stata's newey convention.
    /// </summary>
    private static Matrix<double> NeweyWestCovariance(Matrix<double> z, Vector<double> e, Matrix<double> zTzInverse, int lags)
    {
        var n = z.RowCount;
        var k = z.ColumnCount;
        // Scores u_t = z_t e_t, one row each.
        var u = z.ToRowArrays();
        for (var t = 0; t < n; t++)
        {
            for (var a = 0; a < k; a++)
            {
                u[t][a] *= e[t];
            }
        }

        var s = new double[k, k];
        var maxLag = Math.Min(lags, n - 1);
        for (var l = 0; l <= maxLag; l++)
        {
            // Gamma_l = sum_t u_t u_{t-l}'; S adds Gamma_0 once and w_l (Gamma_l + Gamma_l') for l >= 1.
            var weight = l == 0 ? 1.0 : 1.0 - (l / (lags + 1.0));
            for (var t = l; t < n; t++)
            {
                var now = u[t];
                var before = u[t - l];
                for (var a = 0; a < k; a++)
                {
                    for (var b = 0; b < k; b++)
                    {
                        var term = weight * now[a] * before[b];
                        s[a, b] += term;
                        if (l > 0)
                        {
                            s[b, a] += term;
                        }
                    }
                }
            }
        }

        return zTzInverse * Matrix<double>.Build.DenseOfArray(s) * zTzInverse * (n / (double)(n - k));
    }

    private static double? SlopesWaldF(double[] beta, Matrix<double> covariance)
    {
        var q = beta.Length - 1;
        var b = Vector<double>.Build.Dense(q, i => beta[i + 1]);
        var v = covariance.SubMatrix(1, q, 1, q);
        try
        {
            var cholesky = v.Cholesky();
            var wald = b.DotProduct(cholesky.Solve(b)) / q;
            return double.IsFinite(wald) ? wald : null;
        }
        catch (ArgumentException)
        {
            // Not positive definite (possible with HAC in tiny samples): no joint test rather than a wrong one.
            return null;
        }
    }
}
