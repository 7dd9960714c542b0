namespace SentimentFactor.Scoring.Training;

/// <summary>
/// A fitted linear head over L2-normalised embeddings: logits = embedding x Weights [hidden, 3] + Bias
/// (feature standardisation already folded in). Classes indexed by <see cref="Models.SentimentLabel"/>.
/// </summary>
public sealed record TrainedHead(float[,] Weights, float[] Bias, double Lambda, double CvMacroF1, IReadOnlyList<(double Lambda, double MacroF1)> Grid)
{
    /// <summary>Logits of one embedding.</summary>
    public double[] Logits(ReadOnlySpan<float> embedding)
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

        return logits;
    }
}
