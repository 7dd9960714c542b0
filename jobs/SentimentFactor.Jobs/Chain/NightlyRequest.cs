namespace SentimentFactor.Jobs.Chain;

/// <summary>What starts a chain run.</summary>
/// <param name="Trigger">Who started it: "schedule", "misfire", "cli".</param>
/// <param name="Day">The day to run for (backfill), or null for "up to now".</param>
public sealed record NightlyRequest(string Trigger, DateOnly? Day = null);
