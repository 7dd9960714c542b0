using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Tests.Evaluation;

public sealed class ClassificationReportTests
{
    [Fact]
    public void Accuracy_macro_f1_and_confusion_match_a_hand_computed_case()
    {
        SentimentLabel[] truth = [SentimentLabel.Negative, SentimentLabel.Negative, SentimentLabel.Neutral, SentimentLabel.Positive, SentimentLabel.Positive, SentimentLabel.Positive];
        SentimentLabel[] predicted = [SentimentLabel.Negative, SentimentLabel.Neutral, SentimentLabel.Neutral, SentimentLabel.Positive, SentimentLabel.Positive, SentimentLabel.Neutral];

        var report = ClassificationReport.Compute(truth, predicted);

        Assert.Equal(4.0 / 6, report.Accuracy, 1e-12);
        // negative: P 1, R 1/2, F1 2/3; neutral: P 1/3, R 1, F1 1/2; positive: P 1, R 2/3, F1 4/5.
        Assert.Equal(2.0 / 3, report.F1[0], 1e-12);
        Assert.Equal(0.5, report.F1[1], 1e-12);
        Assert.Equal(0.8, report.F1[2], 1e-12);
        Assert.Equal((2.0 / 3 + 0.5 + 0.8) / 3, report.MacroF1, 1e-12);
        Assert.Equal(1, report.Confusion[0, 1]);
        Assert.Equal(1, report.Confusion[2, 1]);
        Assert.Equal(2, report.Confusion[2, 2]);
    }

    [Theory]
    [InlineData("Bullish", SentimentLabel.Positive)]
    [InlineData("bearish", SentimentLabel.Negative)]
    [InlineData(" NEUTRAL ", SentimentLabel.Neutral)]
    [InlineData("0", SentimentLabel.Neutral)]
    public void Label_names_from_files_are_normalised(string name, SentimentLabel expected) =>
        Assert.Equal(expected, SentimentLabels.TryParse(name));
}
