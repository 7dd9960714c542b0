using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Evaluation;

/// <summary>Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix of one evaluation.</summary>
public sealed class ClassificationReport
{
    private ClassificationReport(int[,] confusion)
    {
        Confusion = confusion;
        Total = 0;
        var correct = 0;
        for (var t = 0; t < 3; t++)
        {
            for (var p = 0; p < 3; p++)
            {
                Total += confusion[t, p];
                if (t == p)
                {
                    correct += confusion[t, p];
                }
            }
        }

        Accuracy = Total == 0 ? 0 : (double)correct / Total;
        var precision = new double[3];
        var recall = new double[3];
        var f1 = new double[3];
        var support = new int[3];
        for (var k = 0; k < 3; k++)
        {
            var tp = confusion[k, k];
            int predicted = 0, actual = 0;
            for (var j = 0; j < 3; j++)
            {
                predicted += confusion[j, k];
                actual += confusion[k, j];
            }

            support[k] = actual;
            precision[k] = predicted == 0 ? 0 : (double)tp / predicted;
            recall[k] = actual == 0 ? 0 : (double)tp / actual;
            f1[k] = precision[k] + recall[k] == 0 ? 0 : 2 * precision[k] * recall[k] / (precision[k] + recall[k]);
        }

        Precision = precision;
        Recall = recall;
        F1 = f1;
        Support = support;
        MacroF1 = f1.Average();
    }

    /// <summary>Rows: true class, columns: predicted class, both indexed by <see cref="SentimentLabel"/>.</summary>
    public int[,] Confusion { get; }

    /// <summary>Examples evaluated.</summary>
    public int Total { get; }

    /// <summary>Share predicted right.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted mean of the three per-class F1 scores.</summary>
    public double MacroF1 { get; }

    /// <summary>Per class (by <see cref="SentimentLabel"/>).</summary>
    public IReadOnlyList<double> Precision { get; }

    /// <summary>Per class (by <see cref="SentimentLabel"/>).</summary>
    public IReadOnlyList<double> Recall { get; }

    /// <summary>Per class (by <see cref="SentimentLabel"/>).</summary>
    public IReadOnlyList<double> F1 { get; }

    /// <summary>Expected calibration error of the probabilities behind the predictions (NaN when not computed).</summary>
    public double ExpectedCalibrationError { get; internal set; } = double.NaN;

    /// <summary>True examples per class.</summary>
    public IReadOnlyList<int> Support { get; }

    /// <summary>Builds the report from true and predicted classes (same length).</summary>
    public static ClassificationReport Compute(IReadOnlyList<SentimentLabel> truth, IReadOnlyList<SentimentLabel> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        }

        var confusion = new int[3, 3];
        for (var i = 0; i < truth.Count; i++)
        {
            confusion[(int)truth[i], (int)predicted[i]]++;
        }

        return new ClassificationReport(confusion);
    }
}
