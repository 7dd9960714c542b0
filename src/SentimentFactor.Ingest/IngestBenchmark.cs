using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Ingest.Sources.Files;
using SentimentFactor.Storage.Ingest;

namespace SentimentFactor.Ingest;

/// <summary>
/// `sf bench ingest`: loads generated posts end to end (read + parse + normalise + write) by the COPY path
/// (<see cref="IngestRunner"/>) and by the baseline, one parameterised Dapper INSERT per post batched 1,000 per
/// transaction, on a sample of N/10 posts (at least 1,000) whose rate is reported as posts/s. Rows are written under
/// throw-away source names and deleted afterwards.
/// </summary>
public sealed class IngestBenchmark
{
    private const int InsertBatch = 1_000;
    private readonly IngestOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the benchmark with the stage's options.</summary>
    public IngestBenchmark(IngestOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>What the benchmark measured.</summary>
    public sealed record Result(int CopyPosts, long FileBytes, TimeSpan CopyElapsed, int InsertPosts, TimeSpan InsertElapsed)
    {
        /// <summary>COPY path rate, posts per second.</summary>
        public double CopyPostsPerSecond => CopyPosts / CopyElapsed.TotalSeconds;

        /// <summary>INSERT baseline rate, posts per second (on its sample).</summary>
        public double InsertPostsPerSecond => InsertPosts / InsertElapsed.TotalSeconds;

        /// <summary>COPY rate over INSERT rate.</summary>
        public double Ratio => CopyPostsPerSecond / InsertPostsPerSecond;
    }

    /// <summary>Runs both paths on <paramref name="posts"/> generated posts in <paramref name="workDirectory"/> (files deleted after).</summary>
    public async Task<Result> RunAsync(NpgsqlDataSource dataSource, int posts, string workDirectory, Action<string>? status, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var copySource = "bench-copy-" + run;
        var insertSource = "bench-insert-" + run;
        var copyFile = Path.Combine(workDirectory, $"bench-{run}.jsonl");
        var insertFile = Path.Combine(workDirectory, $"bench-{run}-sample.jsonl");
        var insertPosts = Math.Max(InsertBatch, posts / 10);
        var store = new PostStore(dataSource);
        // Two seconds apart (SamplePostWriter), all in the past.
        var start = _timeProvider.GetUtcNow().AddSeconds(-2.0 * posts).AddDays(-1);
        try
        {
            status?.Invoke($"generating {posts:N0} posts");
            var bytes = await SamplePostWriter.WriteAsync(copyFile, posts, start, seed: 7, cancellationToken);
            await SamplePostWriter.WriteAsync(insertFile, insertPosts, start, seed: 8, cancellationToken);

            status?.Invoke($"COPY path: {posts:N0} posts");
            var runner = new IngestRunner(store, new CursorStore(dataSource), _timeProvider, NullLogger<IngestRunner>.Instance);
            var copyClock = Stopwatch.StartNew();
            var result = await runner.RunAsync(new FilePostSource(copyFile, copySource, FileFormat.Jsonl, FieldMap.Default, _options, _timeProvider), null, cancellationToken);
            copyClock.Stop();
            if (result.Accepted != posts)
            {
                throw new InvalidOperationException($"COPY path stored {result.Accepted} of {posts} posts ({result.Rejected} rejected).");
            }

            status?.Invoke($"INSERT baseline: {insertPosts:N0} posts");
            var insertOptions = new IngestOptions { FileBatchSize = InsertBatch, MaxTextBytes = _options.MaxTextBytes, MaxLineBytes = _options.MaxLineBytes };
            var insertClock = Stopwatch.StartNew();
            long inserted = 0;
            await foreach (var page in new FilePostSource(insertFile, insertSource, FileFormat.Jsonl, FieldMap.Default, insertOptions, _timeProvider).ReadAsync(null, cancellationToken))
            {
                inserted += await store.InsertRowByRowAsync(page.Posts, cancellationToken);
            }

            insertClock.Stop();
            if (inserted != insertPosts)
            {
                throw new InvalidOperationException($"INSERT baseline stored {inserted} of {insertPosts} posts.");
            }

            return new Result(posts, bytes, copyClock.Elapsed, insertPosts, insertClock.Elapsed);
        }
        finally
        {
            status?.Invoke("cleaning up");
            File.Delete(copyFile);
            File.Delete(insertFile);
            await store.DeleteSourceAsync(copySource, CancellationToken.None);
            await store.DeleteSourceAsync(insertSource, CancellationToken.None);
        }
    }
}
