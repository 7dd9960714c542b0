namespace SentimentFactor.Storage.Scoring;

/// <summary>One score to write to sf.post_scores (the model id is the chunk's).</summary>
public readonly record struct PostScoreRow(string Source, string PostId, string Label, float PNeg, float PNeu, float PPos);
