namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>The encoder families the converter understands.</summary>
public enum BertArchitecture
{
    /// <summary>NVIDIA Megatron-BERT: LayerNorm before each sub-layer, a final encoder LayerNorm, none after the embeddings.</summary>
    MegatronBert,

    /// <summary>Original BERT: LayerNorm after the embeddings and after each residual add.</summary>
    Bert,
}

/// <summary>Names of <see cref="BertArchitecture"/> as Hugging Face's model_type spells them.</summary>
public static class BertArchitectureNames
{
    /// <summary>The model_type of Megatron-BERT.</summary>
    public const string MegatronBert = "megatron-bert";

    /// <summary>The model_type of BERT.</summary>
    public const string Bert = "bert";

    /// <summary>The model_type string of <paramref name="architecture"/>.</summary>
    public static string ToModelType(this BertArchitecture architecture) =>
        architecture == BertArchitecture.MegatronBert ? MegatronBert : Bert;

    /// <summary>Parses a model_type (megatron-bert, megatron_bert or bert); null for anything else.</summary>
    public static BertArchitecture? TryParse(string? modelType) => modelType?.Trim().ToLowerInvariant() switch
    {
        MegatronBert or "megatron_bert" or "megatronbert" => BertArchitecture.MegatronBert,
        Bert => BertArchitecture.Bert,
        _ => null,
    };
}
