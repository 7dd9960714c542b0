namespace SentimentFactor.Jobs;

/// <summary>The nightly chain and its scheduler, bound from the "Jobs" section of appsettings.json.</summary>
public sealed class JobsOptions
{
    /// <summary>The appsettings.json section.</summary>
    public const string Section = "Jobs";

    /// <summary>
    /// Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]) of the nightly chain,
    /// read in <see cref="TimeZone"/>. Default: 22:30 Monday to Friday, after the US close.
    /// </summary>
    public string Cron { get; set; } = "0 30 22 ? * MON-FRI";

    /// <summary>IANA time zone the cron expression is read in (DST aware).</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Attempts per stage (1 = no retry) before the chain stops at that stage.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the first retry of a stage; doubled for each later retry.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between two attempts of a stage.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Lease of a chain in flight: a running stage renews it every third of this; between two stages (the next stage's
    /// job is queued, maybe on another clustered host) it keeps other chains out. A chain whose host died holds nothing
    /// after this long, and the next run supersedes it. Clustered: longer than 2 × ClusterCheckinInterval + IdleWaitTime,
    /// so a surviving host resumes a dead host's chain before it runs out.
    /// </summary>
    public TimeSpan ChainLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>PostgreSQL advisory lock key that keeps two chains (processes, hosts) from running at once.</summary>
    public long LockKey { get; set; } = 0x5346_4E49_4748; // "SFNIGH"

    /// <summary>A fire later than this behind its time is a misfire: it runs once, now (never once per missed night).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Use Quartz's persistent, clustered job store in the database (tables of migration 050) instead of memory.</summary>
    public bool Clustered { get; set; }

    /// <summary>Quartz scheduler name: the scheduler hosts sharing the nightly work use the same one.</summary>
    public string SchedulerName { get; set; } = "sentimentfactor";

    /// <summary>Quartz table prefix (schema-qualified) of the persistent store.</summary>
    public string TablePrefix { get; set; } = "quartz.qrtz_";

    /// <summary>How often a clustered host checks in; a host silent for longer is taken over.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an idle scheduler asks the store for due triggers (how soon a clustered host picks up work).</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>X API recent-search queries pulled each night (skipped, with a log line, while SF_X_BEARER_TOKEN is unset).</summary>
    public string[] XQueries { get; set; } = [];

    /// <summary>StockTwits symbol streams pulled each night.</summary>
    public string[] StockTwitsSymbols { get; set; } = [];

    /// <summary>A folder whose JSONL/CSV files (gzip ok) are loaded each night and then moved to its done/ subfolder; empty = none.</summary>
    public string FileDropDirectory { get; set; } = "";

    /// <summary>sf.posts.source value of the dropped files' posts.</summary>
    public string FileSource { get; set; } = "file";

    /// <summary>Symbols whose daily bars are downloaded (Ingest:BarsUrlTemplate) each night, e.g. "^IXIC"; empty = none.</summary>
    public string[] BarsSymbols { get; set; } = [];

    /// <summary>Whether the chain ends with a regression (Research section defaults).</summary>
    public bool Regress { get; set; } = true;
}
