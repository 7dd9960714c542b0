namespace SentimentFactor.Modeling.Onnx;

/// <summary>How one block of the sentence features is pooled from a layer's hidden states.</summary>
public enum PoolingKind
{
    /// <summary>Mean over the tokens the attention mask keeps.</summary>
    Mean,

    /// <summary>Per-dimension maximum over the tokens the attention mask keeps.</summary>
    Max,

    /// <summary>The first token's ([CLS]) hidden state.</summary>
    Cls,
}

/// <summary>
/// One block of the sentence features: the hidden states of encoder layer <paramref name="Layer"/> (1 = first
/// transformer layer, 6 = MiniLM's last; 0 = the embedding output) pooled by <paramref name="Kind"/>, then L2-normalised.
/// </summary>
public sealed record PoolingBlock(int Layer, PoolingKind Kind)
{
    /// <summary>The sentence-transformers default: mean of the last layer (6 for MiniLM-L6).</summary>
    public static IReadOnlyList<PoolingBlock> LastLayerMean { get; } = [new(6, PoolingKind.Mean)];

    /// <summary>Short form used in config files and logs, e.g. "mean@6".</summary>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}@{Layer}";

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    public static PoolingBlock Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || !Enum.TryParse<PoolingKind>(text[..at], ignoreCase: true, out var kind)
            || !int.TryParse(text[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var layer))
        {
            throw new FormatException($"Pooling block '{text}' is not of the form mean@6, max@6 or cls@6.");
        }

        return new PoolingBlock(layer, kind);
    }
}
