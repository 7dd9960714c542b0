namespace SentimentFactor.Scoring.Runs;

/// <summary>What one `sf score` pass did.</summary>
/// <param name="ModelId">The model whose scores were written.</param>
/// <param name="Posts">Posts scored and written by this pass.</param>
/// <param name="Empty">Of those, empty or whitespace-only posts (scored neutral without the model).</param>
/// <param name="Chunks">Transactions committed.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ScoreRunResult(string ModelId, long Posts, long Empty, int Chunks, TimeSpan Elapsed)
{
    /// <summary>Throughput of the pass.</summary>
    public double PostsPerSecond => Elapsed.TotalSeconds > 0 ? Posts / Elapsed.TotalSeconds : 0;
}
