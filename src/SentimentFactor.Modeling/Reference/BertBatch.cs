namespace SentimentFactor.Modeling.Reference;

/// <summary>
/// A padded batch of token ids, row-major [BatchSize, SequenceLength], as a BERT classifier takes it:
/// attention mask 1 for real tokens and 0 for padding (padding on the right).
/// </summary>
/// <param name="BatchSize">Rows.</param>
/// <param name="SequenceLength">Tokens per row, padding included.</param>
/// <param name="InputIds">Token ids.</param>
/// <param name="AttentionMask">1 for a real token, 0 for padding.</param>
/// <param name="TokenTypeIds">Segment ids (0 for single-sentence input).</param>
public sealed record BertBatch(int BatchSize, int SequenceLength, long[] InputIds, long[] AttentionMask, long[] TokenTypeIds)
{
    /// <summary>
    /// Additive bias before softmax of a key whose <see cref="AttentionMask"/> is 0, as BERT and ORT's Attention use;
    /// the exported graphs, the training engine and the tests' reference forward pass all mask with it.
    /// </summary>
    public const float MaskValue = -10000f;

    /// <summary>
    /// Pads <paramref name="sequences"/> (each starting [CLS], ending [SEP]) with id 0 to the longest one; token types all 0.
    /// </summary>
    public static BertBatch FromSequences(IReadOnlyList<IReadOnlyList<long>> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var length = sequences.Max(s => s.Count);
        var ids = new long[sequences.Count * length];
        var mask = new long[ids.Length];
        for (var b = 0; b < sequences.Count; b++)
        {
            for (var t = 0; t < sequences[b].Count; t++)
            {
                ids[(b * length) + t] = sequences[b][t];
                mask[(b * length) + t] = 1;
            }
        }

        return new BertBatch(sequences.Count, length, ids, mask, new long[ids.Length]);
    }
}
