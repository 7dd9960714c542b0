namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// The tensor names and shapes a sequence classifier of a given config must have, in Hugging Face's layout
/// (MegatronBertForSequenceClassification / BertForSequenceClassification). Linear weights are [out, in].
/// </summary>
public static class BertWeightLayout
{
    /// <summary>Name of the word-embedding table [vocab, hidden].</summary>
    public const string WordEmbeddings = "bert.embeddings.word_embeddings.weight";

    /// <summary>Name of the position-embedding table [max_positions, hidden].</summary>
    public const string PositionEmbeddings = "bert.embeddings.position_embeddings.weight";

    /// <summary>Name of the token-type table [type_vocab, hidden].</summary>
    public const string TokenTypeEmbeddings = "bert.embeddings.token_type_embeddings.weight";

    /// <summary>Prefix of BERT's embedding LayerNorm (weight/bias).</summary>
    public const string EmbeddingLayerNorm = "bert.embeddings.LayerNorm";

    /// <summary>Prefix of Megatron-BERT's final encoder LayerNorm (weight/bias).</summary>
    public const string FinalLayerNorm = "bert.encoder.ln";

    /// <summary>Prefix of the pooler's dense layer.</summary>
    public const string Pooler = "bert.pooler.dense";

    /// <summary>Prefix of the classification head.</summary>
    public const string Classifier = "classifier";

    /// <summary>Prefix of layer <paramref name="layer"/>, e.g. bert.encoder.layer.3.</summary>
    public static string Layer(int layer) => $"bert.encoder.layer.{layer}";

    /// <summary>Prefix of the LayerNorm that belongs with the attention sub-layer (before it in Megatron, after it in BERT).</summary>
    public static string AttentionLayerNorm(BertArchitecture architecture, int layer) =>
        architecture == BertArchitecture.MegatronBert ? $"{Layer(layer)}.attention.ln" : $"{Layer(layer)}.attention.output.LayerNorm";

    /// <summary>Prefix of the LayerNorm that belongs with the feed-forward sub-layer (before it in Megatron, after it in BERT).</summary>
    public static string FeedForwardLayerNorm(BertArchitecture architecture, int layer) =>
        architecture == BertArchitecture.MegatronBert ? $"{Layer(layer)}.ln" : $"{Layer(layer)}.output.LayerNorm";

    /// <summary>Every tensor the classifier needs, with its shape, in checkpoint order.</summary>
    public static IReadOnlyList<(string Name, int[] Shape)> Expected(BertConfig config)
    {
        var h = config.HiddenSize;
        var list = new List<(string, int[])>
        {
            (WordEmbeddings, [config.VocabSize, h]),
            (PositionEmbeddings, [config.MaxPositionEmbeddings, h]),
            (TokenTypeEmbeddings, [config.TypeVocabSize, h]),
        };
        if (config.Architecture == BertArchitecture.Bert)
        {
            AddNorm(list, EmbeddingLayerNorm, h);
        }

        for (var l = 0; l < config.NumHiddenLayers; l++)
        {
            var p = Layer(l);
            if (config.Architecture == BertArchitecture.MegatronBert)
            {
                AddNorm(list, AttentionLayerNorm(config.Architecture, l), h);
            }

            AddLinear(list, $"{p}.attention.self.query", h, h);
            AddLinear(list, $"{p}.attention.self.key", h, h);
            AddLinear(list, $"{p}.attention.self.value", h, h);
            AddLinear(list, $"{p}.attention.output.dense", h, h);
            if (config.Architecture == BertArchitecture.Bert)
            {
                AddNorm(list, AttentionLayerNorm(config.Architecture, l), h);
            }
            else
            {
                AddNorm(list, FeedForwardLayerNorm(config.Architecture, l), h);
            }

            AddLinear(list, $"{p}.intermediate.dense", config.IntermediateSize, h);
            AddLinear(list, $"{p}.output.dense", h, config.IntermediateSize);
            if (config.Architecture == BertArchitecture.Bert)
            {
                AddNorm(list, FeedForwardLayerNorm(config.Architecture, l), h);
            }
        }

        if (config.Architecture == BertArchitecture.MegatronBert)
        {
            AddNorm(list, FinalLayerNorm, h);
        }

        AddLinear(list, Pooler, h, h);
        AddLinear(list, Classifier, config.Labels.Count, h);
        return list;
    }

    private static void AddNorm(List<(string, int[])> list, string prefix, int h)
    {
        list.Add(($"{prefix}.weight", [h]));
        list.Add(($"{prefix}.bias", [h]));
    }

    private static void AddLinear(List<(string, int[])> list, string prefix, int outFeatures, int inFeatures)
    {
        list.Add(($"{prefix}.weight", [outFeatures, inFeatures]));
        list.Add(($"{prefix}.bias", [outFeatures]));
    }
}
