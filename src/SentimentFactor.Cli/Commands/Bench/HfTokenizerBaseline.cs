using SentimentFactor.Scoring.Benchmarks;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>
/// The Hugging Face tokenizers baseline of `sf bench score` (Tokenizers.DotNet, with its native library). It lives in
/// the CLI, the one assembly that needs it, so the Scoring stage ships no benchmark-only dependency
/// (docs/architecture.md).
/// </summary>
internal static class HfTokenizerBaseline
{
    /// <summary>Tokens per second of HF tokenizers over <paramref name="posts"/>, or why it could not be measured.</summary>
    public static (double? TokensPerSecond, string? Problem) Measure(string? tokenizerJson, IReadOnlyList<string> posts)
    {
        if (tokenizerJson is null)
        {
            return (null, "no tokenizer.json to load it from");
        }

        try
        {
            using var hf = new Tokenizers.DotNet.Tokenizer(tokenizerJson);
            return (ScoreBenchmark.TokenizerTokensPerSecond(posts, text => hf.Encode(text).Length), null);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or Tokenizers.DotNet.TokenizerException)
        {
            return (null, e.Message);
        }
    }
}
