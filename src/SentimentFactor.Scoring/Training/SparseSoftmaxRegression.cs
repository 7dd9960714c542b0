using MathNet.Numerics.LinearAlgebra;

namespace SentimentFactor.Scoring.Training;

/// <summary>
/// Multinomial logistic regression over dense features plus sparse (lexical) features, each with its own L2 penalty
/// (intercepts unpenalised), fitted by L-BFGS from a zero start: the same data gives the same coefficients.
/// </summary>
internal static class SparseSoftmaxRegression
{
    /// <summary>The fitted coefficients: dense [d, k], sparse [vocab, k] (row-major), intercepts [k].</summary>
    public sealed record Coefficients(double[] Dense, double[] Sparse, double[] Bias);

    /// <summary>
    /// Fits on standardised dense rows x [n, d] (row-major) and sparse rows (feature index, value) into a vocabulary of
    /// <paramref name="vocabulary"/> features. <paramref name="sparseLambda"/> 0 with no sparse rows fits the dense part only.
    /// </summary>
    public static Coefficients Fit(
        double[] x, int n, int d, int[][] sparseIndex, float[][] sparseValue, int vocabulary, int[] y, double[] sampleWeights,
        double denseLambda, double sparseLambda, int classes, int maxIterations)
    {
        var denseCount = d * classes;
        var sparseCount = vocabulary * classes;
        var parameters = denseCount + sparseCount + classes;
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
                var index = sparseIndex[i];
                var value = sparseValue[i];
                for (var k = 0; k < classes; k++)
                {
                    logits[k] = t[denseCount + sparseCount + k];
                }

                for (var j = 0; j < d; j++)
                {
                    var v = row[j];
                    var offset = j * classes;
                    for (var k = 0; k < classes; k++)
                    {
                        logits[k] += v * t[offset + k];
                    }
                }

                for (var s = 0; s < index.Length; s++)
                {
                    var offset = denseCount + index[s] * classes;
                    for (var k = 0; k < classes; k++)
                    {
                        logits[k] += value[s] * t[offset + k];
                    }
                }

                loss += SoftmaxCrossEntropy.ToResiduals(logits, y[i], sampleWeights[i] / weightSum);
                for (var k = 0; k < classes; k++)
                {
                    gradient[denseCount + sparseCount + k] += logits[k];
                }

                for (var j = 0; j < d; j++)
                {
                    var v = row[j];
                    var offset = j * classes;
                    for (var k = 0; k < classes; k++)
                    {
                        gradient[offset + k] += logits[k] * v;
                    }
                }

                for (var s = 0; s < index.Length; s++)
                {
                    var offset = denseCount + index[s] * classes;
                    for (var k = 0; k < classes; k++)
                    {
                        gradient[offset + k] += logits[k] * value[s];
                    }
                }
            }

            for (var p = 0; p < denseCount; p++)
            {
                loss += 0.5 * denseLambda * t[p] * t[p];
                gradient[p] += denseLambda * t[p];
            }

            for (var p = denseCount; p < denseCount + sparseCount; p++)
            {
                loss += 0.5 * sparseLambda * t[p] * t[p];
                gradient[p] += sparseLambda * t[p];
            }

            return (loss, Vector<double>.Build.Dense(gradient));
        };
        var all = Lbfgs.Minimize(evaluate, parameters, 1e-5, maxIterations);
        return new Coefficients(all[..denseCount], all[denseCount..(denseCount + sparseCount)], all[(denseCount + sparseCount)..]);
    }
}
