using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Testing;

namespace SentimentFactor.Jobs.Tests.Chain;

/// <summary>Which real failures the chain retries: the database or network away for a moment, not a bad model or bad SQL.</summary>
public sealed class TransientFailuresTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_database_that_refuses_connections_is_transient()
    {
        // Port 1 on the loopback: nothing listens, the connection is refused, as when the server is restarting.
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=u;Timeout=2");
        var error = await Record.ExceptionAsync(async () => await dataSource.OpenConnectionAsync());

        Assert.NotNull(error);
        Assert.True(TransientFailures.IsTransient(error), error.ToString());
    }

    [Fact]
    public async Task Bad_sql_against_the_real_database_is_not_transient()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT * FROM sf.no_such_table", connection);
        var error = await Record.ExceptionAsync(() => command.ExecuteNonQueryAsync());

        Assert.IsType<PostgresException>(error);
        Assert.False(TransientFailures.IsTransient(error));
    }

    [Fact]
    public void A_bad_model_file_is_not_transient()
    {
        using var directory = new TempFolder();
        File.WriteAllText(Path.Combine(directory.Path, "model.onnx"), "not an ONNX model");
        File.WriteAllText(Path.Combine(directory.Path, "config.json"), """{"id2label": {"0": "negative", "1": "neutral", "2": "positive"}}""");
        File.WriteAllLines(Path.Combine(directory.Path, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "good"]);

        var error = Record.Exception(() => SentimentClassifier.Open(
            directory.Path, ScoringRuntimeOptions.From(new ScoringOptions { Device = "cpu" }), NullLogger.Instance).Dispose());

        Assert.NotNull(error);
        Assert.False(TransientFailures.IsTransient(error), error.ToString());
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    public void Http_5xx_is_transient_and_4xx_is_not(HttpStatusCode status, bool transient)
    {
        var error = new HttpRequestException("request failed", null, status);

        Assert.Equal(transient, TransientFailures.IsTransient(error));
    }

    [Fact]
    public void A_timeout_inside_a_stage_error_is_transient_and_a_plain_bug_is_not()
    {
        Assert.True(TransientFailures.IsTransient(new InvalidOperationException("ingest failed", new TimeoutException())));
        Assert.True(TransientFailures.IsTransient(new HttpRequestException("connection reset")));
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("bug")));
        Assert.False(TransientFailures.IsTransient(new InvalidDataException("bad file")));
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sf-transient-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
