using Quartz;

namespace SentimentFactor.Jobs.Chain;

/// <summary>The names the nightly chain goes by in sf.job_runs and in the Quartz scheduler.</summary>
public static class NightlyJobs
{
    /// <summary>sf.job_runs.job of a chain run; its stage attempts are "nightly.&lt;stage&gt;".</summary>
    public const string ChainJob = "nightly";

    /// <summary>The Quartz group of the stage jobs: one job per stage, named after the stage.</summary>
    public const string StageGroup = "sentimentfactor-nightly";

    /// <summary>The cron trigger's key: it fires the first stage's job.</summary>
    public static readonly TriggerKey CronTriggerKey = new("nightly-cron", "sentimentfactor");

    /// <summary>sf.job_runs.job of one attempt of <paramref name="stage"/>.</summary>
    public static string StageJob(string stage) => ChainJob + "." + stage;

    /// <summary>The Quartz job of <paramref name="stage"/>.</summary>
    public static JobKey StageJobKey(string stage) => new(stage, StageGroup);
}
