namespace SentimentFactor.Jobs.Chain;

/// <summary>What a chain run did.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Stages">Each stage that ran, in order.</param>
/// <param name="FailedStage">The stage it stopped at, when <see cref="ChainStatus.Failed"/>.</param>
/// <param name="Error">Why it failed or did not run; null on success.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ChainResult(ChainStatus Status, IReadOnlyList<StageResult> Stages, string? FailedStage, string? Error, TimeSpan Elapsed);
