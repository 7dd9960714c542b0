using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Training;

/// <summary>
/// A stratified held-out split: from each class, a seeded shuffle puts round(fraction x class size) examples aside.
/// Both parts keep the file's order, so the same file, fraction and seed always give the same split.
/// </summary>
public static class HoldoutSplit
{
    /// <summary>Indices of the training part and of the held-out part.</summary>
    public static (int[] Train, int[] Heldout) Split(IReadOnlyList<LabeledExample> examples, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fraction, 1.0);
        var random = new Random(seed);
        var heldout = new bool[examples.Count];
        foreach (var label in Enum.GetValues<SentimentLabel>())
        {
            var members = Enumerable.Range(0, examples.Count).Where(i => examples[i].Label == label).ToArray();
            random.Shuffle(members);
            var take = (int)Math.Round(fraction * members.Length, MidpointRounding.AwayFromZero);
            foreach (var i in members.Take(take))
            {
                heldout[i] = true;
            }
        }

        return (
            Enumerable.Range(0, examples.Count).Where(i => !heldout[i]).ToArray(),
            Enumerable.Range(0, examples.Count).Where(i => heldout[i]).ToArray());
    }
}
