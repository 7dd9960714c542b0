using SentimentFactor.Modeling.Reference;
using SentimentFactor.Scoring.Inference;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// Training batches as scoring forms them (<see cref="BatchPlan"/>: sorted by length, one token budget, padding bounded),
/// made afresh each epoch: the rows are permuted by a seeded shuffle before the stable length sort, so texts of equal
/// length meet different partners, and the batches are then shuffled. Epoch e of seed s is always the same plan.
/// </summary>
public static class FineTuneBatches
{
    /// <summary>The batches (indices into <paramref name="tokens"/>) of <paramref name="rows"/> for one epoch.</summary>
    public static IReadOnlyList<int[]> ForEpoch(IReadOnlyList<long[]> tokens, IReadOnlyList<int> rows, int maxTokens, int maxBatchSize, int seed, int epoch)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(rows);
        var random = new Random(unchecked((seed * 1_000_003) + epoch));
        var permuted = rows.ToArray();
        random.Shuffle(permuted);
        var batches = Plan(tokens, permuted, maxTokens, maxBatchSize);
        random.Shuffle(batches);
        return batches;
    }

    /// <summary>Batches of <paramref name="rows"/> in length order, unshuffled (for evaluation).</summary>
    public static int[][] Plan(IReadOnlyList<long[]> tokens, IReadOnlyList<int> rows, int maxTokens, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(rows);
        var lengths = rows.Select(r => tokens[r].Length).ToArray();
        var maxLength = lengths.Length == 0 ? 1 : lengths.Max();
        return BatchPlan.Create(BatchingMode.TokenBudget, lengths, maxLength, maxTokens, maxBatchSize)
            .Select(b => b.Texts.Select(t => rows[t]).ToArray())
            .ToArray();
    }

    /// <summary>The rows as one padded batch (token types 0).</summary>
    public static BertBatch ToBatch(IReadOnlyList<long[]> tokens, int[] rows)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(rows);
        return BertBatch.FromSequences(rows.Select(r => (IReadOnlyList<long>)tokens[r]).ToList());
    }
}
