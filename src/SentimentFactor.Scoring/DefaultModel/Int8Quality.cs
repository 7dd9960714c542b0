using System.Globalization;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>How an int8 build compares with its float32 model on the same labeled posts (quality.json beside it).</summary>
/// <param name="Source">Where the posts came from.</param>
/// <param name="Texts">How many posts.</param>
/// <param name="Fp32MacroF1">Macro-F1 of the float32 model.</param>
/// <param name="Int8MacroF1">Macro-F1 of the int8 build.</param>
/// <param name="Agreement">Share of posts given the same label by both.</param>
/// <param name="MaxProbabilityDifference">Largest |p_int8 - p_fp32| over posts and classes.</param>
/// <param name="Holds">Whether the int8 build loses at most <see cref="Int8Models.MaxMacroF1Loss"/> macro-F1.</param>
public sealed record Int8Quality(
    string Source, int Texts, double Fp32MacroF1, double Int8MacroF1, double Agreement, double MaxProbabilityDifference, bool Holds)
{
    /// <summary>Macro-F1 of int8 minus float32.</summary>
    public double MacroF1Delta => Int8MacroF1 - Fp32MacroF1;

    /// <summary>One line for logs.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"macro-F1 {Int8MacroF1:F4} vs {Fp32MacroF1:F4} on {Texts} posts of {Source}, labels agree on {100 * Agreement:F1} %, largest probability difference {MaxProbabilityDifference:F4}");
}
