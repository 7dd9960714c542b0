using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Training;

/// <summary>
/// Fits the 3-class sentiment head on pooled encoder features (and, optionally, a lexical per-token table):
/// features standardised on the training rows, L2 strengths chosen by seeded stratified k-fold CV on macro-F1,
/// optionally per-class logit offsets (CV macro-F1) and a temperature (CV log loss) chosen on the out-of-fold logits,
/// final fit on all rows, and everything folded into one weight matrix, bias and lexical table.
/// </summary>
public static class HeadTrainer
{
    private const int Classes = 3;

    /// <summary>Trains a dense-only head on embeddings (rows of equal width) and their labels.</summary>
    public static TrainedHead Train(IReadOnlyList<float[]> embeddings, IReadOnlyList<SentimentLabel> labels, HeadTrainingOptions options) =>
        Train(embeddings, null, labels, options);

    /// <summary>
    /// Trains on embeddings, the token ids each text was encoded to (needed when <see cref="HeadTrainingOptions.LexicalLambdas"/>
    /// is not empty; [CLS] and [SEP] included, as the graph sees them) and labels.
    /// </summary>
    public static TrainedHead Train(
        IReadOnlyList<float[]> embeddings, IReadOnlyList<long[]>? tokenIds, IReadOnlyList<SentimentLabel> labels, HeadTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var lexical = options.LexicalLambdas.Count > 0;
        if (lexical && tokenIds is null)
        {
            throw new ArgumentException("A lexical term needs the token ids of every text.", nameof(tokenIds));
        }

        var n = embeddings.Count;
        var y = labels.Select(l => (int)l).ToArray();
        var sparse = lexical ? SparseRows(tokenIds!) : new SparseSet([], [], [], 0);
        var folds = StratifiedFolds(y, options.Folds, options.Seed);
        var lexicalGrid = lexical ? options.LexicalLambdas : [0.0];
        var grid = new List<HeadGridPoint>();
        double[][]? bestOutOfFold = null;
        HeadGridPoint? best = null;
        foreach (var lambda in options.Lambdas)
        {
            foreach (var lexicalLambda in lexicalGrid)
            {
                var outOfFold = new double[n][];
                // Folds are independent and write disjoint rows: running them in parallel changes nothing in the result.
                Parallel.For(0, options.Folds, fold =>
                {
                    var train = Enumerable.Range(0, n).Where(i => folds[i] != fold).ToArray();
                    var head = Fit(embeddings, sparse, y, train, lambda, lexicalLambda, options);
                    for (var i = 0; i < n; i++)
                    {
                        if (folds[i] == fold)
                        {
                            outOfFold[i] = head.Logits(embeddings[i], lexical ? sparse.Original[i] : default);
                        }
                    }
                });

                var point = new HeadGridPoint(lambda, lexicalLambda, MacroF1(outOfFold, labels, [0, 0, 0]));
                grid.Add(point);
                // Ties go to the stronger penalties: the simpler head.
                if (best is null || Math.Round(point.MacroF1, 6) > Math.Round(best.MacroF1, 6)
                    || (Math.Round(point.MacroF1, 6) == Math.Round(best.MacroF1, 6) && (point.Lambda, point.LexicalLambda).CompareTo((best.Lambda, best.LexicalLambda)) > 0))
                {
                    best = point;
                    bestOutOfFold = outOfFold;
                }
            }
        }

        var offsets = options.TuneOffsets ? ChooseOffsets(bestOutOfFold!, labels) : [0.0, 0.0, 0.0];
        var cvMacroF1 = MacroF1(bestOutOfFold!, labels, offsets);
        var shifted = bestOutOfFold!.Select(l => l.Select((v, k) => v + offsets[k]).ToArray()).ToArray();
        var temperature = options.Calibrate ? ChooseTemperature(shifted, y) : 1.0;
        var eceBefore = Calibration.ExpectedCalibrationError(shifted.Select(l => Softmax(l, 1.0)).ToList(), labels);
        var eceAfter = Calibration.ExpectedCalibrationError(shifted.Select(l => Softmax(l, temperature)).ToList(), labels);

        var final = Fit(embeddings, sparse, y, Enumerable.Range(0, n).ToArray(), best!.Lambda, best.LexicalLambda, options);
        return final.Adjusted(offsets, temperature) with
        {
            Lambda = best.Lambda,
            LexicalLambda = best.LexicalLambda,
            CvMacroF1 = cvMacroF1,
            CvMacroF1BeforeOffsets = best.MacroF1,
            Offsets = offsets,
            Temperature = temperature,
            CvEceBefore = eceBefore,
            CvEceAfter = eceAfter,
            Grid = grid,
        };
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

    /// <summary>Softmax of logits divided by a temperature.</summary>
    public static double[] Softmax(IReadOnlyList<double> logits, double temperature)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    private static double MacroF1(double[][] logits, IReadOnlyList<SentimentLabel> labels, double[] offsets)
    {
        var predicted = logits.Select(l => ArgMax(l.Select((v, k) => v + offsets[k]).ToArray())).ToList();
        return ClassificationReport.Compute(labels, predicted).MacroF1;
    }

    // Offsets of the negative and positive logits (neutral fixed at 0) on a 0.1 grid; ties go to the smallest shift.
    internal static double[] ChooseOffsets(double[][] logits, IReadOnlyList<SentimentLabel> labels)
    {
        double[] best = [0, 0, 0];
        var bestF1 = MacroF1(logits, labels, best);
        for (var a = -10; a <= 20; a++)
        {
            for (var c = -10; c <= 20; c++)
            {
                double[] offsets = [a / 10.0, 0, c / 10.0];
                var f1 = MacroF1(logits, labels, offsets);
                var size = Math.Abs(a) + Math.Abs(c);
                var bestSize = Math.Abs(best[0]) + Math.Abs(best[2]);
                if (Math.Round(f1, 6) > Math.Round(bestF1, 6) || (Math.Round(f1, 6) == Math.Round(bestF1, 6) && size * 0.1 < bestSize - 1e-9))
                {
                    best = offsets;
                    bestF1 = f1;
                }
            }
        }

        return best;
    }

    // Golden-section search of log T in [ln 0.2, ln 10] for the smallest mean log loss.
    internal static double ChooseTemperature(double[][] logits, int[] y)
    {
        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            var loss = 0.0;
            for (var i = 0; i < logits.Length; i++)
            {
                loss -= Math.Log(Math.Max(Softmax(logits[i], t)[y[i]], 1e-300));
            }

            return loss / logits.Length;
        }

        var ratio = (Math.Sqrt(5) - 1) / 2;
        double lo = Math.Log(0.2), hi = Math.Log(10);
        var x1 = hi - ratio * (hi - lo);
        var x2 = lo + ratio * (hi - lo);
        double f1 = Loss(x1), f2 = Loss(x2);
        for (var step = 0; step < 40; step++)
        {
            if (f1 < f2)
            {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - ratio * (hi - lo);
                f1 = Loss(x1);
            }
            else
            {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + ratio * (hi - lo);
                f2 = Loss(x2);
            }
        }

        return Math.Round(Math.Exp((lo + hi) / 2), 4);
    }

    private sealed record SparseSet(int[][] Index, float[][] Value, long[][] Original, int Vocabulary)
    {
        public long[] TokenOfColumn { get; init; } = [];
    }

    // Each text's lexical features: every distinct token id with its count / token count (the graph's masked mean).
    private static SparseSet SparseRows(IReadOnlyList<long[]> tokenIds)
    {
        var map = new Dictionary<long, int>();
        var index = new int[tokenIds.Count][];
        var value = new float[tokenIds.Count][];
        for (var i = 0; i < tokenIds.Count; i++)
        {
            var ids = tokenIds[i];
            var groups = ids.GroupBy(t => t).OrderBy(g => g.Key).ToArray();
            index[i] = new int[groups.Length];
            value[i] = new float[groups.Length];
            for (var g = 0; g < groups.Length; g++)
            {
                if (!map.TryGetValue(groups[g].Key, out var column))
                {
                    column = map.Count;
                    map[groups[g].Key] = column;
                }

                index[i][g] = column;
                value[i][g] = (float)groups[g].Count() / Math.Max(ids.Length, 1);
            }
        }

        return new SparseSet(index, value, [.. tokenIds], map.Count) { TokenOfColumn = map.OrderBy(p => p.Value).Select(p => p.Key).ToArray() };
    }

    private static TrainedHead Fit(
        IReadOnlyList<float[]> embeddings, SparseSet sparse, int[] y, int[] rows, double lambda, double lexicalLambda, HeadTrainingOptions options)
    {
        var n = rows.Length;
        var d = embeddings[0].Length;
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
        var sparseIndex = new int[n][];
        var sparseValue = new float[n][];
        for (var r = 0; r < n; r++)
        {
            var i = rows[r];
            labels[r] = y[i];
            counts[y[i]]++;
            sparseIndex[r] = sparse.Vocabulary == 0 ? [] : sparse.Index[i];
            sparseValue[r] = sparse.Vocabulary == 0 ? [] : sparse.Value[i];
            for (var j = 0; j < d; j++)
            {
                x[r * d + j] = (embeddings[i][j] - mean[j]) / sd[j];
            }
        }

        var weights = labels.Select(l => options.BalanceClasses ? (double)n / (Classes * Math.Max(counts[l], 1)) : 1.0).ToArray();
        var fit = SparseSoftmaxRegression.Fit(
            x, n, d, sparseIndex, sparseValue, sparse.Vocabulary, labels, weights, lambda, lexicalLambda, Classes, options.MaxIterations);
        // Fold the standardisation in: w'_jk = w_jk / sd_j, b'_k = b_k - sum_j w_jk mean_j / sd_j.
        var folded = new float[d, Classes];
        var bias = new float[Classes];
        for (var k = 0; k < Classes; k++)
        {
            var shift = fit.Bias[k];
            for (var j = 0; j < d; j++)
            {
                var wj = fit.Dense[j * Classes + k] / sd[j];
                folded[j, k] = (float)wj;
                shift -= wj * mean[j];
            }

            bias[k] = (float)shift;
        }

        var lexical = new SortedDictionary<int, float[]>();
        for (var column = 0; column < sparse.Vocabulary; column++)
        {
            var row = fit.Sparse.AsSpan(column * Classes, Classes);
            if (row[0] != 0 || row[1] != 0 || row[2] != 0)
            {
                lexical[(int)sparse.TokenOfColumn[column]] = [(float)row[0], (float)row[1], (float)row[2]];
            }
        }

        return new TrainedHead(folded, bias, lambda, double.NaN, []) { Lexical = lexical, Pooling = options.Pooling };
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
