using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Tests;

/// <summary>Tiny random checkpoints (2 layers, hidden 32, 4 heads) and a padded batch of mixed lengths.</summary>
internal static class TinyModels
{
    // Larger than Hugging Face's 0.02 so that logits differ between inputs and label checks are not all ties.
    public const double InitStd = 0.2;

    public static RandomCheckpointSpec Spec(BertArchitecture architecture, string hiddenAct = "gelu", int seed = 7) => new()
    {
        Architecture = architecture,
        Layers = 2,
        Hidden = 32,
        Heads = 4,
        Labels = ["negative", "neutral", "positive"],
        Seed = seed,
        HiddenAct = hiddenAct,
        MaxPositions = 64,
        InitStd = InitStd,
    };

    /// <summary>Rows of lengths 2 to 17 (right-padded), ids across the vocabulary, some second-segment token types.</summary>
    public static BertBatch MixedBatch(int rows = 8, int seed = 11)
    {
        var random = new Random(seed);
        var vocabulary = StarterVocabulary.Tokens.Count;
        var lengths = Enumerable.Range(0, rows).Select(r => r == 0 ? 17 : random.Next(2, 18)).ToArray();
        var length = lengths.Max();
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        var types = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            for (var t = 0; t < lengths[r]; t++)
            {
                ids[(r * length) + t] = t == 0 ? 2 : t == lengths[r] - 1 ? 3 : random.Next(5, vocabulary);
                mask[(r * length) + t] = 1;
                types[(r * length) + t] = r % 2 == 1 && t > lengths[r] / 2 ? 1 : 0;
            }
        }

        return new BertBatch(rows, length, ids, mask, types);
    }
}
