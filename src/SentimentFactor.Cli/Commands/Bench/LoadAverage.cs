namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>
/// The machine's 1/5/15-minute load average, printed beside benchmark figures: on a shared machine they mean little
/// without the load they ran under (Linux only; "unknown" elsewhere).
/// </summary>
internal static class LoadAverage
{
    public static string Now() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
