using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Training;

/// <summary>One labeled text of a training or evaluation set.</summary>
public sealed record LabeledExample(string Text, SentimentLabel Label);
