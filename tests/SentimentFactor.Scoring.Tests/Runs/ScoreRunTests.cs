using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Runs;
using SentimentFactor.Storage.Scoring;
using SentimentFactor.Testing;

namespace SentimentFactor.Scoring.Tests.Runs;

// Each test gets its own database: a run scores every unscored post, so tests sharing one would see each other's.
public sealed class ScoreRunTests
{
    private static readonly DateTimeOffset Day = new(2024, 3, 4, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Killed_run_resumes_and_every_post_ends_with_exactly_one_score_per_model()
    {
        await using var database = await TestDatabase.CreateAsync();
        await InsertPostsAsync(database, "kill", 45);
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Inference.SentimentClassifierTests.Cpu, NullLogger.Instance);
        var run = new ScoreRun(NullLogger<ScoreRun>.Instance);
        using var kill = new CancellationTokenSource();

        // Killed right after the second chunk commits.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunAsync(
            classifier, database.DataSource, since: null, chunkSize: 10, new CancelAfter(20, kill), kill.Token));
        Assert.Equal(20, await CountScoresAsync(database, "kill", classifier.ModelId));

        var rest = await run.RunAsync(classifier, database.DataSource, since: null, chunkSize: 10, progress: null, CancellationToken.None);
        var again = await run.RunAsync(classifier, database.DataSource, since: null, chunkSize: 10, progress: null, CancellationToken.None);

        Assert.Equal(25, rest.Posts);
        Assert.Equal(0, again.Posts);
        Assert.Equal(45, await CountScoresAsync(database, "kill", classifier.ModelId));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var perPost = await connection.QueryAsync<long>(
            "SELECT count(*) FROM sf.posts p JOIN sf.post_scores s USING (source, post_id) WHERE p.source = 'kill' AND s.model_id = @ModelId GROUP BY p.source, p.post_id",
            new { classifier.ModelId });
        Assert.All(perPost, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Graceful_stop_commits_the_chunk_in_flight_and_claims_no_more()
    {
        await using var database = await TestDatabase.CreateAsync();
        await InsertPostsAsync(database, "stop", 25);
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Inference.SentimentClassifierTests.Cpu, NullLogger.Instance);
        using var stop = new CancellationTokenSource();

        // The stop arrives as the first chunk commits: that chunk stays, no second one is claimed, no exception.
        var result = await new ScoreRun(NullLogger<ScoreRun>.Instance).RunAsync(
            classifier, database.DataSource, since: null, chunkSize: 10, new CancelAfter(1, stop), stopAfterChunk: stop.Token, CancellationToken.None);

        Assert.Equal(10, result.Posts);
        Assert.Equal(1, result.Chunks);
        Assert.Equal(10, await CountScoresAsync(database, "stop", classifier.ModelId));
    }

    [Fact]
    public async Task Chunk_that_fails_mid_way_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await InsertPostsAsync(database, "fail", 12);
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Inference.SentimentClassifierTests.Cpu, NullLogger.Instance);
        await new ScoreRun(NullLogger<ScoreRun>.Instance).RunAsync(classifier, database.DataSource, Day.AddYears(1), 5, null, CancellationToken.None);
        var store = new PostScoreStore(database.DataSource);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ScoreChunkAsync(
            classifier.ModelId, since: null, after: ("fail", ""), limit: 5,
            (_, _) => throw new InvalidOperationException("killed while the model ran"), CancellationToken.None));

        Assert.Equal(0, await CountScoresAsync(database, "fail", classifier.ModelId));
    }

    [Fact]
    public async Task Since_limits_scoring_to_newer_posts_and_empty_posts_are_neutral()
    {
        await using var database = await TestDatabase.CreateAsync();
        await InsertPostsAsync(database, "since", 6);
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Inference.SentimentClassifierTests.Cpu, NullLogger.Instance);

        var result = await new ScoreRun(NullLogger<ScoreRun>.Instance).RunAsync(
            classifier, database.DataSource, since: Day.AddHours(3), chunkSize: 100, progress: null, CancellationToken.None);

        // Posts are an hour apart from Day: hours 3, 4, 5 qualify; post 3 is the blank one.
        Assert.Equal(3, result.Posts);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var blank = await connection.QuerySingleAsync<(string Label, float PNeu)>(
            "SELECT label, p_neu FROM sf.post_scores WHERE source = 'since' AND post_id = 'since-3' AND model_id = @ModelId", new { classifier.ModelId });
        Assert.Equal(("neutral", 1f), blank);
        var model = await new ModelStore(database.DataSource).GetAsync(classifier.ModelId, CancellationToken.None);
        Assert.Equal(["negative", "neutral", "positive"], model!.Labels);
    }

    private static async Task InsertPostsAsync(TestDatabase database, string source, int count)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        for (var i = 0; i < count; i++)
        {
            var text = i % 15 == 3 ? "   " : $"${Inference.SentimentClassifierTests.Posts[i % 5]} post {i} " + new string('!', i % 7);
            await connection.ExecuteAsync(
                "INSERT INTO sf.posts (source, post_id, created_at, text) VALUES (@Source, @PostId, @CreatedAt, @Text)",
                new { Source = source, PostId = $"{source}-{i}", CreatedAt = Day.AddHours(i), Text = text });
        }
    }

    private static async Task<long> CountScoresAsync(TestDatabase database, string source, string modelId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sf.post_scores WHERE source = @Source AND model_id = @ModelId", new { Source = source, ModelId = modelId });
    }

    // Synchronous (unlike Progress<T>): the kill lands exactly after the chunk that reaches the count.
    private sealed class CancelAfter(long posts, CancellationTokenSource source) : IProgress<long>
    {
        public void Report(long value)
        {
            if (value >= posts)
            {
                source.Cancel();
            }
        }
    }
}
