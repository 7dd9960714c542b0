using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Scoring.Training;

/// <summary>One point of the cross-validation grid.</summary>
/// <param name="Lambda">L2 strength of the dense weights.</param>
/// <param name="LexicalLambda">L2 strength of the lexical table (0 without one).</param>
/// <param name="MacroF1">Out-of-fold macro-F1 (before offsets).</param>
public sealed record HeadGridPoint(double Lambda, double LexicalLambda, double MacroF1);

/// <summary>
/// A fitted head over the pooled encoder features: logits = features x Weights [width, 3] + Bias
/// + mean over the post's tokens of Lexical[token] (tokens absent from the table add 0), with feature standardisation,
/// the chosen offsets and the temperature already folded in. Classes indexed by <see cref="Models.SentimentLabel"/>.
/// </summary>
public sealed record TrainedHead(float[,] Weights, float[] Bias, double Lambda, double CvMacroF1, IReadOnlyList<HeadGridPoint> Grid)
{
    /// <summary>Per-token logit contributions (token id -> 3 values); empty without a lexical term.</summary>
    public IReadOnlyDictionary<int, float[]> Lexical { get; init; } = new SortedDictionary<int, float[]>();

    /// <summary>The pooled blocks the weights read, in order.</summary>
    public IReadOnlyList<PoolingBlock> Pooling { get; init; } = PoolingBlock.LastLayerMean;

    /// <summary>L2 strength of the lexical table chosen by CV (0 without one).</summary>
    public double LexicalLambda { get; init; }

    /// <summary>Out-of-fold macro-F1 at the chosen L2 strengths, before the offsets.</summary>
    public double CvMacroF1BeforeOffsets { get; init; } = double.NaN;

    /// <summary>Logit offsets per class chosen on the out-of-fold predictions (already in <see cref="Bias"/>).</summary>
    public IReadOnlyList<double> Offsets { get; init; } = [0.0, 0.0, 0.0];

    /// <summary>Temperature chosen on the out-of-fold predictions (already divided into the weights).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Out-of-fold expected calibration error with temperature 1.</summary>
    public double CvEceBefore { get; init; } = double.NaN;

    /// <summary>Out-of-fold expected calibration error with the chosen temperature.</summary>
    public double CvEceAfter { get; init; } = double.NaN;

    /// <summary>Logits of one text from its pooled features and, for the lexical term, its token ids ([CLS] and [SEP] included).</summary>
    public double[] Logits(ReadOnlySpan<float> embedding, ReadOnlySpan<long> tokenIds = default)
    {
        var classes = Bias.Length;
        var logits = new double[classes];
        for (var k = 0; k < classes; k++)
        {
            var z = (double)Bias[k];
            for (var j = 0; j < embedding.Length; j++)
            {
                z += embedding[j] * (double)Weights[j, k];
            }

            logits[k] = z;
        }

        if (Lexical.Count > 0 && tokenIds.Length > 0)
        {
            foreach (var id in tokenIds)
            {
                if (Lexical.TryGetValue((int)id, out var row))
                {
                    for (var k = 0; k < classes; k++)
                    {
                        logits[k] += row[k] / (double)tokenIds.Length;
                    }
                }
            }
        }

        return logits;
    }

    /// <summary>The same head with offsets added to the logits and everything divided by a temperature.</summary>
    public TrainedHead Adjusted(IReadOnlyList<double> offsets, double temperature)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var weights = new float[Weights.GetLength(0), Weights.GetLength(1)];
        for (var j = 0; j < weights.GetLength(0); j++)
        {
            for (var k = 0; k < weights.GetLength(1); k++)
            {
                weights[j, k] = (float)(Weights[j, k] / temperature);
            }
        }

        var bias = Bias.Select((b, k) => (float)((b + offsets[k]) / temperature)).ToArray();
        var lexical = new SortedDictionary<int, float[]>();
        foreach (var (token, row) in Lexical)
        {
            lexical[token] = row.Select(v => (float)(v / temperature)).ToArray();
        }

        return this with { Weights = weights, Bias = bias, Lexical = lexical };
    }

    /// <summary>The lexical table as the graph needs it: [vocabulary, 3] row-major, zeros for absent tokens; null without one.</summary>
    public float[]? LexicalTable(int vocabulary)
    {
        if (Lexical.Count == 0)
        {
            return null;
        }

        var table = new float[vocabulary * Bias.Length];
        foreach (var (token, row) in Lexical)
        {
            row.CopyTo(table, token * Bias.Length);
        }

        return table;
    }
}
