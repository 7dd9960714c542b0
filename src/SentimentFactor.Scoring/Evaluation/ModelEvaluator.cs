using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Training;

namespace SentimentFactor.Scoring.Evaluation;

/// <summary>`sf model eval`: scores a labeled set with a classifier and compares with the labels.</summary>
public static class ModelEvaluator
{
    /// <summary>The report of <paramref name="classifier"/> on <paramref name="examples"/> (with the calibration error).</summary>
    public static async Task<ClassificationReport> EvaluateAsync(
        SentimentClassifier classifier, IReadOnlyList<LabeledExample> examples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(examples);
        var scores = await classifier.ScoreAsync(examples.Select(e => e.Text).ToList(), cancellationToken);
        return Report(examples, scores);
    }

    /// <summary>The report of scores against their examples' labels (same order).</summary>
    public static ClassificationReport Report(IReadOnlyList<LabeledExample> examples, IReadOnlyList<SentimentScore> scores)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(scores);
        var truth = examples.Select(e => e.Label).ToList();
        var report = ClassificationReport.Compute(truth, scores.Select(s => s.Label).ToList());
        report.ExpectedCalibrationError = Calibration.ExpectedCalibrationError(
            scores.Select(s => (IReadOnlyList<double>)[s.PNeg, s.PNeu, s.PPos]).ToList(), truth);
        return report;
    }
}
