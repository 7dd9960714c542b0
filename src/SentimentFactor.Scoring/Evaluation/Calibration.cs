using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Evaluation;

/// <summary>Expected calibration error (Guo et al. 2017): confidence = top probability, 15 equal-width bins.</summary>
public static class Calibration
{
    /// <summary>Number of confidence bins.</summary>
    public const int Bins = 15;

    /// <summary>Sum over bins of (bin share) x |accuracy - mean confidence|; probabilities indexed by <see cref="SentimentLabel"/>.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<SentimentLabel> truth)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(truth);
        if (probabilities.Count != truth.Count)
        {
            throw new ArgumentException($"{truth.Count} true labels but {probabilities.Count} predictions.", nameof(probabilities));
        }

        var count = new int[Bins];
        var confidence = new double[Bins];
        var correct = new double[Bins];
        for (var i = 0; i < truth.Count; i++)
        {
            var p = probabilities[i];
            var top = 0;
            for (var k = 1; k < p.Count; k++)
            {
                if (p[k] > p[top])
                {
                    top = k;
                }
            }

            var bin = Math.Min((int)(p[top] * Bins), Bins - 1);
            count[bin]++;
            confidence[bin] += p[top];
            correct[bin] += top == (int)truth[i] ? 1 : 0;
        }

        var ece = 0.0;
        for (var b = 0; b < Bins; b++)
        {
            if (count[b] > 0)
            {
                ece += (double)count[b] / truth.Count * Math.Abs(correct[b] / count[b] - confidence[b] / count[b]);
            }
        }

        return ece;
    }
}
