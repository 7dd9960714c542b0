using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SentimentFactor.Core.Records;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Storage.Ingest;

namespace SentimentFactor.Ingest;

/// <summary>
/// One pass of one source: reads its pages on one task while earlier pages are written on others
/// (a bounded channel of two pages keeps memory flat), each page with its rejects and cursor in one transaction.
/// Pages go straight into sf.posts by COPY while the input brings only new keys; after a page with duplicates the
/// following pages go through the staging table until one comes without duplicates again (a rerun stays there).
/// A failure of this pull (a 401, a 4xx, retries exhausted, a damaged file) stops this source only and is returned as
/// <see cref="IngestResult.Error"/>, after the pages before it were committed; cancellation propagates.
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
        var query = source.Label;
        var cursor = source.CursorKey is null ? null : await _cursors.GetAsync(source.Source, source.CursorKey, cancellationToken);
        var channel = Channel.CreateBounded<PostPage>(new BoundedChannelOptions(2) { SingleReader = false, SingleWriter = true });
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

        // Pages without a cursor (files) are independent: two writers keep both server cores busy. Pages with a
        // cursor are written one after another, so a cursor never commits ahead of an earlier page.
        var writers = source.CursorKey is null ? 2 : 1;
        var totals = new Totals();
        string? error = null;
        try
        {
            var tasks = Enumerable.Range(0, writers).Select(_ => WriteAllAsync(source, channel.Reader, totals, progress, cancellationToken)).ToList();
            await Task.WhenAll(tasks);
        }
        catch (IngestException ex) when (ex.StopsSource)
        {
            error = ex.Message;
            Log.SourceStopped(_logger, source.Source, query, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.RunCancelled(_logger, source.Source, query, totals.Accepted);
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }

        var (records, bytes, accepted, duplicates, rejected, pages) = totals.Snapshot();
        var elapsed = _timeProvider.GetElapsedTime(started);
        Log.RunFinished(_logger, source.Source, query, accepted, duplicates, rejected, (long)elapsed.TotalMilliseconds);
        return new IngestResult(source.Source, query, accepted, duplicates, rejected, pages, elapsed, error, totals.Warning);
    }

    private async Task WriteAllAsync(IPostSource source, ChannelReader<PostPage> reader, Totals totals, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        await foreach (var page in reader.ReadAllAsync(cancellationToken))
        {
            var update = page.Cursor is null || source.CursorKey is null ? null : new CursorUpdate(source.Source, source.CursorKey, page.Cursor, page.Gap);
            var written = await _posts.WritePageAsync(page.Posts, page.Rejects, update, totals.TryDirectCopy, cancellationToken);
            Log.PageWritten(_logger, source.Source, page.Posts.Count, page.Rejects.Count, written.Inserted, written.DirectCopy);
            var sofar = totals.Add(page, written);
            progress?.Report(sofar);
        }
    }

    private sealed class Totals
    {
        private readonly Lock _lock = new();
        private long _records, _bytes, _accepted, _duplicates, _rejected, _pages;
        private volatile bool _tryDirectCopy = true;

        // Whether the next page should try COPY straight into sf.posts: yes until a page has duplicates, then not
        // until a page written through the staging table finds none (a failed direct COPY costs the page's upload).
        public bool TryDirectCopy => _tryDirectCopy;

        // The first gap a page reported (a stale since_id), for the summary.
        public string? Warning { get; private set; }

        public long Accepted
        {
            get
            {
                lock (_lock)
                {
                    return _accepted;
                }
            }
        }

        public IngestProgress Add(PostPage page, PostWriteResult written)
        {
            lock (_lock)
            {
                _pages++;
                Warning ??= page.Gap?.Reason;
                if (page.Posts.Count > 0)
                {
                    _tryDirectCopy = written.Duplicates == 0;
                }

                _records += page.Records;
                _bytes += page.Bytes;
                _accepted += written.Inserted;
                _duplicates += written.Duplicates;
                _rejected += written.Rejected;
                return new IngestProgress(_records, _bytes, _accepted, _duplicates, _rejected);
            }
        }

        public (long Records, long Bytes, long Accepted, long Duplicates, long Rejected, long Pages) Snapshot()
        {
            lock (_lock)
            {
                return (_records, _bytes, _accepted, _duplicates, _rejected, _pages);
            }
        }
    }
}
