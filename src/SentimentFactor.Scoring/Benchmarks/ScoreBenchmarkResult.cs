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

/// <summary>All of `sf bench score`: the same posts through each scenario, interleaved.</summary>
/// <param name="HuggingFace">Hugging Face pipeline-style: fixed batches of 32 in arrival order, each padded to its own longest.</param>
/// <param name="Sorted">Length-sorted fixed batches of 32, each padded to its own longest.</param>
/// <param name="Engine">The engine: sorted, token-budget batches with bounded padding, tokenizing while the model runs.</param>
/// <param name="Ceiling">Posts grouped by exact token length into full batches: the model computes only real tokens.</param>
/// <param name="ChosenTokenizerTokensPerSecond">FastBertTokenizer (what the engine uses).</param>
/// <param name="ReferenceTokenizerTokensPerSecond">Hugging Face tokenizers via Tokenizers.DotNet (measured by the CLI), or null when not measured.</param>
/// <param name="ReferenceTokenizerProblem">Why the reference was not measured.</param>
public sealed record ScoreBenchmarkResult(
    ScoreScenario HuggingFace, ScoreScenario Sorted, ScoreScenario Engine, ScoreScenario Ceiling,
    double ChosenTokenizerTokensPerSecond, double? ReferenceTokenizerTokensPerSecond, string? ReferenceTokenizerProblem)
{
    /// <summary>Engine posts/s over Hugging Face pipeline-style posts/s: the gain over what most researchers run.</summary>
    public double VsHuggingFace => Engine.PostsPerSecond / HuggingFace.PostsPerSecond;

    /// <summary>Engine posts/s over length-sorted fixed batches: the gain over a careful hand-written loop.</summary>
    public double VsSorted => Engine.PostsPerSecond / Sorted.PostsPerSecond;

    /// <summary>Engine posts/s over the exact-length ceiling: how close to padding-free the engine runs (1 = at the ceiling).</summary>
    public double VsCeiling => Engine.PostsPerSecond / Ceiling.PostsPerSecond;

    /// <summary>The exact last line the issue asks for.</summary>
    public string SummaryLine => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"bench score: engine={Engine.PostsPerSecond:F1} vs_hf={VsHuggingFace:F2} vs_sorted={VsSorted:F2} vs_ceiling={VsCeiling:F2} waste={Engine.Stats.PaddingWastePercent:F1}");
}
