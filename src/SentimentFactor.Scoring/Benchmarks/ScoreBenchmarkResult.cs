using SentimentFactor.Scoring.Inference;

namespace SentimentFactor.Scoring.Benchmarks;

/// <summary>One scenario of `sf bench score`.</summary>
/// <param name="Name">What it measures.</param>
/// <param name="Stats">The pipeline's counts and times.</param>
public sealed record ScoreScenario(string Name, PipelineStats Stats)
{
    /// <summary>Posts per second of wall time.</summary>
    public double PostsPerSecond => Stats.Texts / Stats.Elapsed.TotalSeconds;

    /// <summary>Real (non-padding) tokens per second of wall time.</summary>
    public double UsefulTokensPerSecond => Stats.UsefulTokens / Stats.Elapsed.TotalSeconds;
}

/// <summary>All of `sf bench score`.</summary>
/// <param name="OneByOne">(a) one post at a time.</param>
/// <param name="Padded">(b) fixed batches of 32 padded to the max length.</param>
/// <param name="Engine">(c) the engine: sorted, token-budget batches.</param>
/// <param name="Ceiling">(d) equal-length full batches, no padding.</param>
/// <param name="ChosenTokenizerTokensPerSecond">FastBertTokenizer (what the engine uses).</param>
/// <param name="ReferenceTokenizerTokensPerSecond">Hugging Face tokenizers via Tokenizers.DotNet, or null when its native library does not load.</param>
/// <param name="ReferenceTokenizerProblem">Why the reference was not measured.</param>
public sealed record ScoreBenchmarkResult(
    ScoreScenario OneByOne, ScoreScenario Padded, ScoreScenario Engine, ScoreScenario Ceiling,
    double ChosenTokenizerTokensPerSecond, double? ReferenceTokenizerTokensPerSecond, string? ReferenceTokenizerProblem)
{
    /// <summary>c / b.</summary>
    public double VsPadded => Engine.PostsPerSecond / Padded.PostsPerSecond;

    /// <summary>c / d in useful tokens per second (the ceiling runs the same tokens without padding).</summary>
    public double VsCeiling => Engine.UsefulTokensPerSecond / Ceiling.UsefulTokensPerSecond;

    /// <summary>The exact last line the issue asks for.</summary>
    public string SummaryLine => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"bench score: engine={Engine.PostsPerSecond:F1} padded={Padded.PostsPerSecond:F1} vs_padded={VsPadded:F2} vs_ceiling={VsCeiling:F2} waste={Engine.Stats.PaddingWastePercent:F1}");
}
