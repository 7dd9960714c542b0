using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Training;

/// <summary>
/// Fits the 3-class softmax head on sentence embeddings: features standardised (mean/sd of the training rows),
/// L2 strength chosen by seeded stratified k-fold cross-validation on macro-F1, final fit on all rows, the
/// standardisation folded into the weights so the graph needs only one Gemm.
/// </summary>
public static class HeadTrainer
{
    private const int Classes = 3;

    /// <summary>Trains on embeddings (rows of equal width) and their labels.</summary>
    public static TrainedHead Train(IReadOnlyList<float[]> embeddings, IReadOnlyList<SentimentLabel> labels, HeadTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var n = embeddings.Count;
        var d = embeddings[0].Length;
        var y = labels.Select(l => (int)l).ToArray();
        var folds = StratifiedFolds(y, options.Folds, options.Seed);
        var grid = new List<(double Lambda, double MacroF1)>();
        foreach (var lambda in options.Lambdas)
        {
            var predicted = new SentimentLabel[n];
            for (var fold = 0; fold < options.Folds; fold++)
            {
                var train = Enumerable.Range(0, n).Where(i => folds[i] != fold).ToArray();
                var test = Enumerable.Range(0, n).Where(i => folds[i] == fold).ToArray();
                var head = Fit(embeddings, y, train, d, lambda, options);
                foreach (var i in test)
                {
                    predicted[i] = ArgMax(head.Logits(embeddings[i]));
                }
            }

            grid.Add((lambda, ClassificationReport.Compute(labels, predicted).MacroF1));
        }

        // Ties go to the stronger penalty: the simpler head.
        var best = grid.OrderByDescending(g => Math.Round(g.MacroF1, 6)).ThenByDescending(g => g.Lambda).First();
        var final = Fit(embeddings, y, Enumerable.Range(0, n).ToArray(), d, best.Lambda, options);
        return final with { CvMacroF1 = best.MacroF1, Grid = grid };
    }

    /// <summary>The class with the highest logit (first on ties).</summary>
    public static SentimentLabel ArgMax(ReadOnlySpan<double> logits)
    {
        var best = 0;
        for (var k = 1; k < logits.Length; k++)
        {
            if (logits[k] > logits[best])
            {
                best = k;
            }
        }

        return (SentimentLabel)best;
    }

    private static TrainedHead Fit(IReadOnlyList<float[]> embeddings, int[] y, int[] rows, int d, double lambda, HeadTrainingOptions options)
    {
        var n = rows.Length;
        var mean = new double[d];
        var sd = new double[d];
        foreach (var i in rows)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += embeddings[i][j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        foreach (var i in rows)
        {
            for (var j = 0; j < d; j++)
            {
                var c = embeddings[i][j] - mean[j];
                sd[j] += c * c;
            }
        }

        for (var j = 0; j < d; j++)
        {
            sd[j] = Math.Max(Math.Sqrt(sd[j] / n), 1e-6);
        }

        var x = new double[n * d];
        var labels = new int[n];
        var counts = new int[Classes];
        for (var r = 0; r < n; r++)
        {
            var i = rows[r];
            labels[r] = y[i];
            counts[y[i]]++;
            for (var j = 0; j < d; j++)
            {
                x[r * d + j] = (embeddings[i][j] - mean[j]) / sd[j];
            }
        }

        var weights = labels.Select(l => options.BalanceClasses ? (double)n / (Classes * Math.Max(counts[l], 1)) : 1.0).ToArray();
        var (w, b) = SoftmaxRegression.Fit(x, n, d, labels, weights, lambda, Classes, options.MaxIterations);
        // Fold the standardisation in: w'_jk = w_jk / sd_j, b'_k = b_k - sum_j w_jk mean_j / sd_j.
        var folded = new float[d, Classes];
        var bias = new float[Classes];
        for (var k = 0; k < Classes; k++)
        {
            var shift = b[k];
            for (var j = 0; j < d; j++)
            {
                var wj = w[j * Classes + k] / sd[j];
                folded[j, k] = (float)wj;
                shift -= wj * mean[j];
            }

            bias[k] = (float)shift;
        }

        return new TrainedHead(folded, bias, lambda, double.NaN, []);
    }

    private static int[] StratifiedFolds(int[] y, int folds, int seed)
    {
        var random = new Random(seed);
        var assignment = new int[y.Length];
        for (var c = 0; c < Classes; c++)
        {
            var members = Enumerable.Range(0, y.Length).Where(i => y[i] == c).ToArray();
            random.Shuffle(members);
            for (var p = 0; p < members.Length; p++)
            {
                assignment[members[p]] = p % folds;
            }
        }

        return assignment;
    }
}
