using Microsoft.Extensions.Logging;

namespace SentimentFactor.Research;

/// <summary>Research's log messages (event ids 6000-6999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information,
        Message = "Regression run {RunId}: model {ModelId}, {Benchmark}, {Factors}, h={Horizon}, n={Observations} ({FirstDay:yyyy-MM-dd}..{LastDay:yyyy-MM-dd}) in {ElapsedMs} ms")]
    public static partial void RunFinished(
        ILogger logger, long runId, string modelId, string benchmark, string factors, int horizon, int observations, DateOnly firstDay, DateOnly lastDay, long elapsedMs);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Read {Rows} benchmark days for model {ModelId}, {Days} with sentiment")]
    public static partial void SeriesRead(ILogger logger, int rows, string modelId, int days);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Regression run {RunId}: {Note}")]
    public static partial void PartNotEstimable(ILogger logger, long runId, string note);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Regression run {RunId}: report written to {ReportPath}")]
    public static partial void ReportWritten(ILogger logger, long runId, string reportPath);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information,
        Message = "Cross-section run {RunId}: model {ModelId}, {Factor}, h={Horizon}, {Symbols} symbols, {Observations} symbol-days in {ElapsedMs} ms")]
    public static partial void CrossSectionFinished(
        ILogger logger, long runId, string modelId, string factor, int horizon, int symbols, int observations, long elapsedMs);
}
