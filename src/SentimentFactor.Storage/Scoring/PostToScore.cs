namespace SentimentFactor.Storage.Scoring;

/// <summary>A claimed post: its key and text.</summary>
public sealed record PostToScore(string Source, string PostId, string Text);
