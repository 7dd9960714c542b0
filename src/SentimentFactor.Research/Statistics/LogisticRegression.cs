using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace SentimentFactor.Research.Statistics;

/// <summary>
/// Logistic regression by Newton–Raphson (= IRLS for the canonical link) on the centered, unit-norm design, with
/// step halving when the log-likelihood would fall. Converged when the largest Newton step is below 1e-10 (relative)
/// and the log-likelihood changed by under 1e-12 (relative). Separation is detected, not iterated into overflow:
/// a fitted probability within 1e-10 of 0 or 1 means the maximum likelihood estimate does not exist (complete or
/// quasi-complete separation, Albert &amp; Anderson 1984), and no coefficients are reported.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Newton steps allowed before giving up with <see cref="LogisticStatus.NotConverged"/>.</summary>
    public const int MaxIterations = 100;

    private const double StepTolerance = 1e-10;
    private const double LikelihoodTolerance = 1e-12;
    private const double BoundaryProbability = 1e-10;

    /// <summary>Fits P(y = 1 | x) = logistic(b0 + x'b).</summary>
    /// <exception cref="ResearchException">n &lt;= k, a constant regressor, a singular design.</exception>
    public static LogisticResult Fit(string outcomeName, bool[] y, IReadOnlyList<Regressor> regressors)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(regressors);
        var n = y.Length;
        var k = regressors.Count + 1;
        if (n < k + 1)
        {
            throw ResearchException.TooFewObservations(
                $"a logistic fit of '{outcomeName}' on {k - 1} regressor(s) and an intercept", n, k + 1,
                "Widen the date range, lower Research:MinPostsPerDay, or use fewer regressors.");
        }

        var design = ScaledDesign.Create(regressors, n);
        design.EnsureFullRank(design.Z.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R);
        var positives = y.Count(v => v);
        var nullLogLikelihood = NullLogLikelihood(positives, n);
        if (positives == 0 || positives == n)
        {
            return NoEstimate(outcomeName, n, positives, LogisticStatus.Separation,
                $"'{outcomeName}' is {(positives == 0 ? "never" : "always")} true in the sample: the odds are 0 or infinite and no coefficient is identified.",
                0, nullLogLikelihood, nullLogLikelihood);
        }

        var z = design.Z;
        var rows = z.ToRowArrays();
        var target = new double[n];
        for (var i = 0; i < n; i++)
        {
            target[i] = y[i] ? 1.0 : 0.0;
        }

        var gamma = new double[k];
        // Start at the intercept-only estimate: the first Newton step is then already well scaled.
        gamma[0] = Math.Log(positives / (double)(n - positives));
        var logLikelihood = LogLikelihood(rows, target, gamma);
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            var (score, information) = ScoreAndInformation(rows, target, gamma);
            var step = information.Solve(score).ToArray();
            var candidate = Add(gamma, step, 1.0);
            var candidateLogLikelihood = LogLikelihood(rows, target, candidate);
            var scale = 1.0;
            for (var halving = 0; halving < 30 && !(candidateLogLikelihood >= logLikelihood - (1e-12 * Math.Abs(logLikelihood))); halving++)
            {
                scale /= 2.0;
                candidate = Add(gamma, step, scale);
                candidateLogLikelihood = LogLikelihood(rows, target, candidate);
            }

            var change = Math.Abs(candidateLogLikelihood - logLikelihood);
            gamma = candidate;
            logLikelihood = candidateLogLikelihood;

            var boundary = rows.Count(r => IsAtBoundary(Eta(r, gamma)));
            if (boundary > 0)
            {
                return NoEstimate(outcomeName, n, positives, LogisticStatus.Separation,
                    string.Create(CultureInfo.InvariantCulture,
                        $"Separation: the regressors predict '{outcomeName}' perfectly for {boundary} of {n} observations (fitted probabilities 0 or 1 after {iteration} Newton steps); the maximum likelihood estimate does not exist."),
                    iteration, logLikelihood, nullLogLikelihood);
            }

            var stepSize = step.Max(Math.Abs) * scale / (1.0 + gamma.Max(Math.Abs));
            if (stepSize < StepTolerance && change <= LikelihoodTolerance * (1.0 + Math.Abs(logLikelihood)))
            {
                var (_, finalInformation) = ScoreAndInformation(rows, target, gamma);
                return Converged(outcomeName, design, n, positives, iteration, gamma, finalInformation, logLikelihood, nullLogLikelihood);
            }
        }

        return NoEstimate(outcomeName, n, positives, LogisticStatus.NotConverged,
            $"No convergence after {MaxIterations} Newton steps; the coefficients are not reported.",
            MaxIterations, logLikelihood, nullLogLikelihood);
    }

    /// <summary>P(y = 1) at <paramref name="x"/> (one value per regressor, in the fit's order).</summary>
    public static double Predict(LogisticResult fit, IReadOnlyList<double> x)
    {
        if (fit.Status != LogisticStatus.Converged)
        {
            throw new InvalidOperationException($"The fit has no coefficients ({fit.Status}).");
        }

        var eta = fit.Coefficients[0].Estimate;
        for (var j = 1; j < fit.Coefficients.Count; j++)
        {
            eta += fit.Coefficients[j].Estimate * x[j - 1];
        }

        return Sigmoid(eta);
    }

    private static LogisticResult Converged(
        string outcomeName, ScaledDesign design, int n, int positives, int iterations, double[] gamma,
        Matrix<double> information, double logLikelihood, double nullLogLikelihood)
    {
        var k = design.Columns;
        var covariance = design.ToOriginal(information.Inverse());
        var beta = design.ToOriginal(Vector<double>.Build.DenseOfArray(gamma));
        var zCritical = MathNet.Numerics.Distributions.Normal.InvCDF(0.0, 1.0, 0.975);
        var coefficients = new LogisticCoefficient[k];
        for (var j = 0; j < k; j++)
        {
            var se = Math.Sqrt(covariance[j, j]);
            var zStat = beta[j] / se;
            coefficients[j] = new LogisticCoefficient(
                design.Names[j], beta[j], se, zStat, Tail.NormalTwoSided(zStat), beta[j] - (zCritical * se), beta[j] + (zCritical * se));
        }

        var lr = Math.Max(0.0, 2.0 * (logLikelihood - nullLogLikelihood));
        return new LogisticResult(
            outcomeName, n, positives, LogisticStatus.Converged,
            string.Create(CultureInfo.InvariantCulture, $"Converged after {iterations} Newton steps."),
            iterations, coefficients, logLikelihood, nullLogLikelihood,
            1.0 - (logLikelihood / nullLogLikelihood), lr, k > 1 ? Tail.ChiSquare(lr, k - 1) : null);
    }

    private static LogisticResult NoEstimate(
        string outcomeName, int n, int positives, LogisticStatus status, string message, int iterations,
        double logLikelihood, double nullLogLikelihood) =>
        new(outcomeName, n, positives, status, message, iterations, [], logLikelihood, nullLogLikelihood, null, null, null);

    private static double NullLogLikelihood(int positives, int n)
    {
        if (positives == 0 || positives == n)
        {
            return 0.0;
        }

        var p = positives / (double)n;
        return (positives * Math.Log(p)) + ((n - positives) * Math.Log(1.0 - p));
    }

    private static double LogLikelihood(double[][] rows, double[] y, double[] gamma)
    {
        var sum = 0.0;
        for (var i = 0; i < rows.Length; i++)
        {
            var eta = Eta(rows[i], gamma);
            // log(sigmoid(eta)) = -log(1 + e^-eta), computed without overflow either way.
            sum += y[i] > 0.5 ? -Softplus(-eta) : -Softplus(eta);
        }

        return sum;
    }

    /// <summary>Z'(y - p) and Z'WZ with W = diag(p(1 - p)).</summary>
    private static (Vector<double> Score, Matrix<double> Information) ScoreAndInformation(double[][] rows, double[] y, double[] gamma)
    {
        var k = gamma.Length;
        var score = new double[k];
        var information = new double[k, k];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var p = Sigmoid(Eta(row, gamma));
            var w = p * (1.0 - p);
            var r = y[i] - p;
            for (var a = 0; a < k; a++)
            {
                score[a] += row[a] * r;
                var wa = w * row[a];
                for (var b = 0; b <= a; b++)
                {
                    information[a, b] += wa * row[b];
                }
            }
        }

        for (var a = 0; a < k; a++)
        {
            for (var b = a + 1; b < k; b++)
            {
                information[a, b] = information[b, a];
            }
        }

        return (Vector<double>.Build.DenseOfArray(score), Matrix<double>.Build.DenseOfArray(information));
    }

    private static double Eta(double[] row, double[] gamma)
    {
        var eta = 0.0;
        for (var j = 0; j < gamma.Length; j++)
        {
            eta += row[j] * gamma[j];
        }

        return eta;
    }

    private static double[] Add(double[] gamma, double[] step, double scale)
    {
        var result = new double[gamma.Length];
        for (var j = 0; j < gamma.Length; j++)
        {
            result[j] = gamma[j] + (scale * step[j]);
        }

        return result;
    }

    private static bool IsAtBoundary(double eta)
    {
        var p = Sigmoid(eta);
        return p < BoundaryProbability || p > 1.0 - BoundaryProbability;
    }

    private static double Softplus(double x) => x > 0 ? x + Math.Log(1.0 + Math.Exp(-x)) : Math.Log(1.0 + Math.Exp(x));

    private static double Sigmoid(double x) => x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));
}
