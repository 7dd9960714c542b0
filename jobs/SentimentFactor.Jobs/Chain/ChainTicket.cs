using System.Globalization;
using Quartz;

namespace SentimentFactor.Jobs.Chain;

/// <summary>
/// What travels from stage to stage in the Quartz job data (strings only, so the persistent store keeps it as is):
/// the chain run it belongs to (absent when the stage starts a chain), who started it, the day it is for, and the
/// in-process waiter of `sf run nightly`.
/// </summary>
public sealed record ChainTicket(long? ChainRunId, string? Trigger, DateOnly? Day, string? WaiterId, bool Missed)
{
    private const string ChainKey = "chain_run_id";
    private const string TriggerKey = "trigger";
    private const string DayKey = "day";
    private const string WaiterKey = "waiter";

    /// <summary>Job data key that marks a catch-up fire for nights missed while no scheduler ran.</summary>
    public const string MissedKey = "missed";

    /// <summary>The ticket in <paramref name="data"/>.</summary>
    public static ChainTicket From(JobDataMap data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var chain = data.TryGetString(ChainKey, out var c) && long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        var day = data.TryGetString(DayKey, out var d) && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : (DateOnly?)null;
        return new ChainTicket(
            chain,
            data.TryGetString(TriggerKey, out var t) ? t : null,
            day,
            data.TryGetString(WaiterKey, out var w) ? w : null,
            data.ContainsKey(MissedKey));
    }

    /// <summary>The job data that starts the next stage of chain run <paramref name="chainRunId"/>.</summary>
    public JobDataMap ForNextStage(long chainRunId)
    {
        var data = new JobDataMap { [ChainKey] = chainRunId.ToString(CultureInfo.InvariantCulture) };
        Put(data);
        return data;
    }

    /// <summary>The job data that starts a chain for <paramref name="trigger"/> (`sf run nightly`, a catch-up).</summary>
    public JobDataMap ForStart()
    {
        var data = new JobDataMap();
        Put(data);
        if (Missed)
        {
            data[MissedKey] = "true";
        }

        return data;
    }

    private void Put(JobDataMap data)
    {
        if (Trigger is not null)
        {
            data[TriggerKey] = Trigger;
        }

        if (Day is { } day)
        {
            data[DayKey] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (WaiterId is not null)
        {
            data[WaiterKey] = WaiterId;
        }
    }
}
