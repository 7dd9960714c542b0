namespace SentimentFactor.Jobs.Chain;

/// <summary>The last attempt of one stage in a chain run.</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="Status">succeeded, skipped, failed or cancelled.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Counts">The counts of the last attempt.</param>
/// <param name="Error">The failure, skip reason or partial failure; null when none.</param>
/// <param name="Elapsed">Wall time of all attempts with the waits between them.</param>
public sealed record StageResult(string Stage, string Status, int Attempts, IReadOnlyDictionary<string, object?> Counts, string? Error, TimeSpan Elapsed);
