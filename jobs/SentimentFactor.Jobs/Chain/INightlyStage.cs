namespace SentimentFactor.Jobs.Chain;

/// <summary>One stage of the nightly chain. Stages run in registration order; each starts only when the one before succeeded.</summary>
public interface INightlyStage
{
    /// <summary>Short name: job_runs.job is "nightly.&lt;Name&gt;".</summary>
    string Name { get; }

    /// <summary>Runs the stage once. Throwing fails this attempt (retried with backoff); cancelling stops it cleanly.</summary>
    Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken);
}
