namespace SentimentFactor.Jobs.Chain;

/// <summary>What one successful (or deliberately skipped) stage run did: its counts, stored in sf.job_runs.counts.</summary>
public sealed class StageOutcome
{
    /// <summary>Counts and facts of the run (JSON-serialisable values).</summary>
    public Dictionary<string, object?> Counts { get; } = [];

    /// <summary>True when the stage had nothing it could do (recorded as 'skipped'; the chain goes on).</summary>
    public bool Skipped { get; init; }

    /// <summary>Partial failures (a source that failed while others worked), or the reason of a skip.</summary>
    public string? Note { get; set; }

    /// <summary>A skipped outcome with its reason.</summary>
    public static StageOutcome Skip(string reason) => new() { Skipped = true, Note = reason };
}
