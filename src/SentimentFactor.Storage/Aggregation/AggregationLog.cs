using Microsoft.Extensions.Logging;

namespace SentimentFactor.Storage.Aggregation;

/// <summary>Log messages of daily aggregation (Storage range, 5600-5699).</summary>
internal static partial class AggregationLog
{
    [LoggerMessage(EventId = 5600, Level = LogLevel.Debug, Message = "Trading calendar synced: {Rows} rows changed")]
    public static partial void CalendarSynced(ILogger logger, long rows);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Debug,
        Message = "Aggregated {ModelId} {From}..{To}: {Days} trading days, {Rows} rows in {ElapsedMs} ms")]
    public static partial void BatchDone(ILogger logger, string modelId, DateOnly from, DateOnly to, int days, long rows, long elapsedMs);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Information,
        Message = "Aggregated model {ModelId}: {Days} trading days {From}..{To}, {Rows} rows, {Batches} batches in {ElapsedMs} ms")]
    public static partial void ModelDone(
        ILogger logger, string modelId, int days, DateOnly? from, DateOnly? to, long rows, int batches, long elapsedMs);
}
