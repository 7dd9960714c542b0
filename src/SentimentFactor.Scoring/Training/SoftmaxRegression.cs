using MathNet.Numerics.LinearAlgebra;

namespace SentimentFactor.Scoring.Training;

/// <summary>
/// Multinomial logistic regression with an L2 penalty on the weights (not the intercepts), fitted by L-BFGS from a
/// zero start: the same data gives the same coefficients, every time.
/// </summary>
internal static class SoftmaxRegression
{
    /// <summary>Fits on row-major features x [n, d]; returns weights [d, k] row-major and intercepts [k].</summary>
    public static (double[] Weights, double[] Bias) Fit(
        double[] x, int n, int d, int[] y, double[] sampleWeights, double lambda, int classes, int maxIterations = 500)
    {
        var parameters = (d + 1) * classes;
        var weightSum = sampleWeights.Sum();
        var logits = new double[classes];
        Func<Vector<double>, (double, Vector<double>)> evaluate = theta =>
        {
            var t = theta.AsArray() ?? theta.ToArray();
            var gradient = new double[parameters];
            var loss = 0.0;
            for (var i = 0; i < n; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (var k = 0; k < classes; k++)
                {
                    var z = t[d * classes + k];
                    for (var j = 0; j < d; j++)
                    {
                        z += row[j] * t[j * classes + k];
                    }

                    logits[k] = z;
                }

                loss += SoftmaxCrossEntropy.ToResiduals(logits, y[i], sampleWeights[i] / weightSum);
                for (var k = 0; k < classes; k++)
                {
                    var residual = logits[k];
                    gradient[d * classes + k] += residual;
                    for (var j = 0; j < d; j++)
                    {
                        gradient[j * classes + k] += residual * row[j];
                    }
                }
            }

            for (var p = 0; p < d * classes; p++)
            {
                loss += 0.5 * lambda * t[p] * t[p];
                gradient[p] += lambda * t[p];
            }

            return (loss, Vector<double>.Build.Dense(gradient));
        };
        var all = Lbfgs.Minimize(evaluate, parameters, 1e-6, maxIterations);
        return (all[..(d * classes)], all[(d * classes)..]);
    }
}
