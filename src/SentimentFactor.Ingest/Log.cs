using Microsoft.Extensions.Logging;

namespace SentimentFactor.Ingest;

/// <summary>Every log message of the ingest stage (event ids 2000-2999).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Ingest {Source} '{Query}': {Accepted} accepted, {Duplicates} duplicate, {Rejected} rejected in {ElapsedMs} ms")]
    public static partial void RunFinished(ILogger logger, string source, string query, long accepted, long duplicates, long rejected, long elapsedMs);

    [LoggerMessage(2001, LogLevel.Debug, "Ingest {Source}: page of {Posts} posts, {Rejects} rejects written ({Inserted} new, direct COPY {DirectCopy})")]
    public static partial void PageWritten(ILogger logger, string source, int posts, int rejects, long inserted, bool directCopy);

    [LoggerMessage(2002, LogLevel.Warning, "Ingest {Source}: retry {Attempt} of {Url} in {DelayMs} ms after {Reason}")]
    public static partial void Retrying(ILogger logger, string source, int attempt, string url, long delayMs, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "Ingest {Source}: rate limit exhausted, waiting {DelayMs} ms for the reset")]
    public static partial void RateLimitWait(ILogger logger, string source, long delayMs);

    [LoggerMessage(2004, LogLevel.Error, "Ingest {Source} '{Query}' stopped: {Message}")]
    public static partial void SourceStopped(ILogger logger, string source, string query, string message);

    [LoggerMessage(2005, LogLevel.Information, "Ingest {Source} '{Query}' cancelled after {Accepted} accepted posts")]
    public static partial void RunCancelled(ILogger logger, string source, string query, long accepted);

    [LoggerMessage(2006, LogLevel.Information, "Bars {Symbol} from {Origin}: {Inserted} new, {Updated} corrected, {Unchanged} unchanged, {Rejected} rejected")]
    public static partial void BarsFinished(ILogger logger, string symbol, string origin, long inserted, long updated, long unchanged, long rejected);

    [LoggerMessage(2007, LogLevel.Debug, "Ingest {Source}: GET {Url}")]
    public static partial void Request(ILogger logger, string source, string url);

    [LoggerMessage(2008, LogLevel.Information, "Ingest {Source} '{Query}': page {Page} answered with {Errors} partial errors next to its data (first: {First})")]
    public static partial void PartialErrors(ILogger logger, string source, string query, int page, int errors, string first);

    [LoggerMessage(2009, LogLevel.Warning, "{Message}")]
    public static partial void StaleSinceId(ILogger logger, string message);

    [LoggerMessage(2010, LogLevel.Information, "Ingest source {Source} skipped: {Reason}")]
    public static partial void SourceSkipped(ILogger logger, string source, string reason);

    [LoggerMessage(2011, LogLevel.Warning, "Ingest source {Source} '{Query}' failed, the other sources go on: {Error}")]
    public static partial void SourceFailed(ILogger logger, string source, string query, string error);
}
