using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Training;

namespace SentimentFactor.Scoring.Evaluation;

/// <summary>`sf model eval`: scores a labeled set with a classifier and compares with the labels.</summary>
public static class ModelEvaluator
{
    /// <summary>The report of <paramref name="classifier"/> on <paramref name="examples"/>.</summary>
    public static async Task<ClassificationReport> EvaluateAsync(
        SentimentClassifier classifier, IReadOnlyList<LabeledExample> examples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(examples);
        var scores = await classifier.ScoreAsync(examples.Select(e => e.Text).ToList(), cancellationToken);
        return ClassificationReport.Compute(examples.Select(e => e.Label).ToList(), scores.Select(s => s.Label).ToList());
    }
}
