namespace SentimentFactor.Scoring.Training;

/// <summary>The per-example step both head trainers share: softmax, weighted cross-entropy and its residuals.</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Replaces <paramref name="logits"/> by the weighted residuals w·(softmax − one-hot(<paramref name="label"/>)),
    /// the gradient of the loss with respect to the logits, and returns the weighted loss −w·log p(label).
    /// </summary>
    public static double ToResiduals(double[] logits, int label, double weight)
    {
        var max = logits.Max();
        var sum = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] = Math.Exp(logits[k] - max);
            sum += logits[k];
        }

        var loss = -weight * Math.Log(Math.Max(logits[label] / sum, 1e-300));
        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] = weight * (logits[k] / sum - (label == k ? 1.0 : 0.0));
        }

        return loss;
    }
}
