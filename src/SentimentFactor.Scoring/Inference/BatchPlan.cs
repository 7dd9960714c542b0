namespace SentimentFactor.Scoring.Inference;

/// <summary>Rows (text indices) of one batch and the length they are padded to.</summary>
internal readonly record struct PlannedBatch(int[] Texts, int Length);

/// <summary>Groups tokenized texts into batches.</summary>
internal static class BatchPlan
{
    public const int FixedBatchSize = 32;

    private const double MaxPaddingRatio = 1.1;

    public static List<PlannedBatch> Create(
        BatchingMode mode, ReadOnlySpan<int> lengths, int maxLength, int maxTokensPerBatch, int maxBatchSize)
    {
        var batches = new List<PlannedBatch>();
        var count = lengths.Length;
        switch (mode)
        {
            case BatchingMode.OneByOne:
                for (var i = 0; i < count; i++)
                {
                    batches.Add(new PlannedBatch([i], lengths[i]));
                }

                break;
            case BatchingMode.FixedArrival:
            case BatchingMode.FixedSorted:
                var rowsInOrder = mode == BatchingMode.FixedSorted ? SortByLength(lengths) : Enumerable.Range(0, count).ToArray();
                for (var start = 0; start < count; start += FixedBatchSize)
                {
                    var rows = rowsInOrder[start..Math.Min(start + FixedBatchSize, count)];
                    var longest = 0;
                    foreach (var row in rows)
                    {
                        longest = Math.Max(longest, lengths[row]);
                    }

                    batches.Add(new PlannedBatch(rows, longest));
                }

                break;
            case BatchingMode.TokenBudget:
            case BatchingMode.EqualLength:
                var order = SortByLength(lengths);
                var current = new List<int>();
                var currentLength = 0;
                var shortest = 0;
                foreach (var text in order)
                {
                    var length = lengths[text];
                    var padded = Math.Max(currentLength, length);
                    // Sorted input: the batch's shortest post is its first. Capping the longest at 1.1 x the
                    // shortest (+1) bounds padding to about 10 % even when few posts share a length range.
                    var mustSplit = current.Count > 0 && (
                        (current.Count + 1) * padded > maxTokensPerBatch
                        || current.Count + 1 > maxBatchSize
                        || padded > (shortest * MaxPaddingRatio) + 1
                        || (mode == BatchingMode.EqualLength && length != currentLength));
                    if (mustSplit)
                    {
                        batches.Add(new PlannedBatch([.. current], currentLength));
                        current.Clear();
                        padded = length;
                    }

                    if (current.Count == 0)
                    {
                        shortest = length;
                    }

                    current.Add(text);
                    currentLength = padded;
                }

                if (current.Count > 0)
                {
                    batches.Add(new PlannedBatch([.. current], currentLength));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown batching mode.");
        }

        return batches;
    }

    // Stable: equal lengths keep input order, so a run's batches are the same every time.
    private static int[] SortByLength(ReadOnlySpan<int> lengths)
    {
        var order = new int[lengths.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = lengths.ToArray();
        var comparer = Comparer<int>.Create((a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        Array.Sort(order, comparer);
        return order;
    }
}
