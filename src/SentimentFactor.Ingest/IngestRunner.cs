using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Storage.Ingest;

namespace SentimentFactor.Ingest;

/// <summary>
/// One pass of one source: reads its pages on one task while the previous page is written on another
/// (a bounded channel of two pages keeps memory flat), each page with its rejects and cursor in one transaction.
/// A 401 stops the source and is returned as <see cref="IngestResult.Error"/>; cancellation propagates.
/// </summary>
public sealed class IngestRunner
{
    private readonly PostStore _posts;
    private readonly CursorStore _cursors;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IngestRunner> _logger;

    /// <summary>Creates a runner over the given stores.</summary>
    public IngestRunner(PostStore posts, CursorStore cursors, TimeProvider timeProvider, ILogger<IngestRunner> logger)
    {
        _posts = posts;
        _cursors = cursors;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Runs <paramref name="source"/> from its saved cursor to its end; reports totals after each page.</summary>
    public async Task<IngestResult> RunAsync(IPostSource source, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var query = source.CursorKey ?? "";
        var cursor = source.CursorKey is null ? null : await _cursors.GetAsync(source.Source, source.CursorKey, cancellationToken);
        var channel = Channel.CreateBounded<PostPage>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var page in source.ReadAsync(cursor, stop.Token))
                    {
                        await channel.Writer.WriteAsync(page, stop.Token);
                    }

                    channel.Writer.Complete();
                }
                catch (Exception ex)
                {
                    channel.Writer.Complete(ex);
                }
            },
            CancellationToken.None);

        long records = 0, bytes = 0, accepted = 0, duplicates = 0, rejected = 0, pages = 0;
        string? error = null;
        try
        {
            await foreach (var page in channel.Reader.ReadAllAsync(cancellationToken))
            {
                var update = page.Cursor is null || source.CursorKey is null ? null : new CursorUpdate(source.Source, source.CursorKey, page.Cursor);
                var written = await _posts.WritePageAsync(page.Posts, page.Rejects, update, cancellationToken);
                pages++;
                records += page.Records;
                bytes += page.Bytes;
                accepted += written.Inserted;
                duplicates += written.Duplicates;
                rejected += written.Rejected;
                Log.PageWritten(_logger, source.Source, page.Posts.Count, page.Rejects.Count, written.Inserted);
                progress?.Report(new IngestProgress(records, bytes, accepted, duplicates, rejected));
            }
        }
        catch (IngestException ex) when (ex.IsUnauthorized)
        {
            error = ex.Message;
            Log.SourceStopped(_logger, source.Source, query, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.RunCancelled(_logger, source.Source, query, accepted);
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        Log.RunFinished(_logger, source.Source, query, accepted, duplicates, rejected, (long)elapsed.TotalMilliseconds);
        return new IngestResult(source.Source, query, accepted, duplicates, rejected, pages, elapsed, error);
    }
}
