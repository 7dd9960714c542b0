using Quartz;

namespace SentimentFactor.Jobs.Scheduling;

/// <summary>A stage job's result when its stage succeeded and the chain goes on: the next stage's job and its data.</summary>
/// <param name="ChainRunId">The chain run.</param>
/// <param name="Stage">The stage that just succeeded.</param>
/// <param name="Next">The next stage's job.</param>
/// <param name="Data">The next stage's job data (the chain ticket).</param>
/// <param name="WaiterId">The in-process waiter of `sf run nightly`, if any.</param>
internal sealed record StageHandOff(long ChainRunId, string Stage, JobKey Next, JobDataMap Data, string? WaiterId);
