namespace SentimentFactor.Scoring.Inference;

/// <summary>What one pipeline run did.</summary>
/// <param name="Texts">Texts run through the model.</param>
/// <param name="Batches">Batches run.</param>
/// <param name="UsefulTokens">Real tokens ([CLS] and [SEP] included).</param>
/// <param name="ComputedTokens">Tokens the model computed: rows x padded length summed over batches.</param>
/// <param name="TokenizeTime">Tokenizing and planning before the first batch could be formed.</param>
/// <param name="ModelTime">Time inside the model runs.</param>
/// <param name="WaitTime">Time the model waited for a tokenized batch after the first one (0 = tokenizer never the bottleneck).</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record PipelineStats(
    int Texts, int Batches, long UsefulTokens, long ComputedTokens, TimeSpan TokenizeTime, TimeSpan ModelTime,
    TimeSpan WaitTime, TimeSpan Elapsed)
{
    /// <summary>Share of computed tokens that are padding, in percent.</summary>
    public double PaddingWastePercent => ComputedTokens == 0 ? 0 : 100.0 * (ComputedTokens - UsefulTokens) / ComputedTokens;

    /// <summary>The totals of <paramref name="sum"/> (none yet: null) and <paramref name="next"/>, for runs measured in slices.</summary>
    public static PipelineStats Accumulate(PipelineStats? sum, PipelineStats next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return sum is null
            ? next
            : new PipelineStats(
                sum.Texts + next.Texts, sum.Batches + next.Batches, sum.UsefulTokens + next.UsefulTokens,
                sum.ComputedTokens + next.ComputedTokens, sum.TokenizeTime + next.TokenizeTime, sum.ModelTime + next.ModelTime,
                sum.WaitTime + next.WaitTime, sum.Elapsed + next.Elapsed);
    }
}
