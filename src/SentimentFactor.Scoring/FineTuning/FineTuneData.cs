using System.Security.Cryptography;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Tokenization;
using SentimentFactor.Scoring.Training;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// A labeled file tokenized once and split: the held-out part (<see cref="HoldoutSplit"/>, the split <c>sf model train</c>
/// uses for the same fraction and seed), and, when asked, a validation part carved from the rest the same way.
/// </summary>
public sealed class FineTuneData
{
    private FineTuneData(string sha256, IReadOnlyList<LabeledExample> examples, long[][] tokens, int[] train, int[] validation, int[] heldout)
    {
        Sha256 = sha256;
        Examples = examples;
        Tokens = tokens;
        Train = train;
        Validation = validation;
        Heldout = heldout;
    }

    /// <summary>SHA-256 of the file's bytes (hex).</summary>
    public string Sha256 { get; }

    /// <summary>Every example in file order.</summary>
    public IReadOnlyList<LabeledExample> Examples { get; }

    /// <summary>Token ids ([CLS] ... [SEP]) of each example.</summary>
    public long[][] Tokens { get; }

    /// <summary>Indices the model trains on.</summary>
    public int[] Train { get; }

    /// <summary>Indices early stopping reads (the held-out ones when no validation share was asked for).</summary>
    public int[] Validation { get; }

    /// <summary>Indices of the held-out split.</summary>
    public int[] Heldout { get; }

    /// <summary>Class index of example <paramref name="i"/>.</summary>
    public int Label(int i) => (int)Examples[i].Label;

    /// <summary>Reads, checks and splits <paramref name="path"/>; throws <see cref="ScoringException"/> for unusable data.</summary>
    public static async Task<FineTuneData> LoadAsync(string path, double holdout, double validation, int seed, WordPieceTokenizer tokenizer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var examples = await LabeledSet.ReadAsync(path, cancellationToken);
        if (examples.Count == 0)
        {
            throw ScoringException.FineTuneDataEmpty(path);
        }

        var counts = Enum.GetValues<SentimentLabel>().Select(l => (Label: l, Count: examples.Count(e => e.Label == l))).ToList();
        if (counts.Count(c => c.Count > 0) < 2)
        {
            throw ScoringException.FineTuneOneClass(path, string.Join(", ", counts.Select(c => $"{SentimentLabels.ToName(c.Label)} {c.Count}")));
        }

        string sha256;
        await using (var stream = File.OpenRead(path))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        var (train, heldout) = holdout > 0 ? HoldoutSplit.Split(examples, holdout, seed) : (Enumerable.Range(0, examples.Count).ToArray(), []);
        var validationIndices = heldout;
        if (validation > 0)
        {
            var rest = train.Select(i => examples[i]).ToList();
            var (keep, carved) = HoldoutSplit.Split(rest, validation, seed);
            validationIndices = carved.Select(i => train[i]).ToArray();
            train = keep.Select(i => train[i]).ToArray();
        }

        if (train.Length == 0)
        {
            throw ScoringException.FineTuneSplitEmpty(path, "training", $"{examples.Count} examples");
        }

        if ((holdout > 0 && heldout.Length == 0) || (validation > 0 && validationIndices.Length == 0))
        {
            throw ScoringException.FineTuneSplitEmpty(path, heldout.Length == 0 ? "held-out" : "validation", $"{examples.Count} examples");
        }

        var tokens = examples.Select(e => tokenizer.Encode(e.Text)).ToArray();
        return new FineTuneData(sha256, examples, tokens, train, validationIndices, heldout);
    }
}
