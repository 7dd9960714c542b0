using Microsoft.Extensions.Logging;

namespace SentimentFactor.Aggregation;

/// <summary>Log messages of the aggregation stage (event ids 9000-9099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Debug, Message = "Trading calendar synced: {Rows} rows changed")]
    public static partial void CalendarSynced(ILogger logger, long rows);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug,
        Message = "Aggregated {ModelId} {From}..{To}: {Days} trading days, {Rows} rows in {ElapsedMs} ms")]
    public static partial void BatchDone(ILogger logger, string modelId, DateOnly from, DateOnly to, int days, long rows, long elapsedMs);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "Aggregated model {ModelId}: {Days} trading days {From}..{To}, {Rows} rows, {Batches} batches in {ElapsedMs} ms")]
    public static partial void ModelDone(
        ILogger logger, string modelId, int days, DateOnly? from, DateOnly? to, long rows, int batches, long elapsedMs);
}
