namespace SentimentFactor.Jobs.Chain;

/// <summary>What starts a chain run.</summary>
/// <param name="Trigger">Who started it: "schedule", "misfire", "cli".</param>
/// <param name="Day">The day to run for (backfill), or null for "up to now".</param>
/// <param name="ScheduledAt">The fire time the scheduler meant (UTC), when a trigger started it.</param>
/// <param name="Node">The scheduler instance that ran it, when a trigger started it.</param>
public sealed record NightlyRequest(string Trigger, DateOnly? Day = null, DateTimeOffset? ScheduledAt = null, string? Node = null);
