namespace SentimentFactor.Scoring.Inference;

/// <summary>
/// One padded batch: row-major [Rows, Length] ids, mask and token types in pinned buffers that are reused
/// batch after batch, plus the index of each row's text in the caller's list.
/// </summary>
internal sealed class TokenBatch
{
    public TokenBatch(int capacityTokens, int capacityRows)
    {
        InputIds = GC.AllocateArray<long>(capacityTokens, pinned: true);
        AttentionMask = GC.AllocateArray<long>(capacityTokens, pinned: true);
        TokenTypeIds = GC.AllocateArray<long>(capacityTokens, pinned: true);
        TextIndex = new int[capacityRows];
    }

    public long[] InputIds { get; }

    public long[] AttentionMask { get; }

    // Always zeros: single-sequence classification.
    public long[] TokenTypeIds { get; }

    public int[] TextIndex { get; }

    public int Rows { get; set; }

    public int Length { get; set; }

    public int UsefulTokens { get; set; }

    public int CapacityTokens => InputIds.Length;

    public int CapacityRows => TextIndex.Length;
}
