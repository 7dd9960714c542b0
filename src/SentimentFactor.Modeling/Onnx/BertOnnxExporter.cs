using Onnx;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Training;
using DataType = Onnx.TensorProto.Types.DataType;

namespace SentimentFactor.Modeling.Onnx;

/// <summary>
/// Turns <see cref="BertWeights"/> into an ONNX sequence classifier: inputs input_ids, attention_mask,
/// token_type_ids (int64, [batch, sequence], both axes dynamic), output logits (float32, [batch, labels]).
/// Padding is handled by an additive -10000 mask on the attention scores; positions are 0..sequence-1.
/// </summary>
public static class BertOnnxExporter
{
    /// <summary>Lowest opset supported (Softmax on the last axis, Unsqueeze with axes as input).</summary>
    public const int MinOpset = 14;

    /// <summary>Highest opset supported.</summary>
    public const int MaxOpset = 21;

    /// <summary>Graph input of token ids.</summary>
    public const string InputIds = "input_ids";

    /// <summary>Graph input of the attention mask (1 real token, 0 padding).</summary>
    public const string AttentionMask = "attention_mask";

    /// <summary>Graph input of segment ids.</summary>
    public const string TokenTypeIds = "token_type_ids";

    /// <summary>Graph output of class scores before softmax.</summary>
    public const string Logits = "logits";

    /// <summary>Builds the model. Every weight is stored once as an initializer.</summary>
    public static ModelProto Build(BertWeights weights, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Opset is < MinOpset or > MaxOpset)
        {
            throw ModelingException.UnsupportedOpset(options.Opset, MinOpset, MaxOpset);
        }

        var graph = new BertGraph(weights, options);
        graph.Emit();
        var config = weights.Config;
        var metadata = new Dictionary<string, string>
        {
            ["sf.architecture"] = config.Architecture.ToModelType(),
            ["sf.variant"] = options.Variant == OnnxGraphVariant.Fused ? "fused" : "plain",
            ["sf.fp16"] = options.Fp16 ? "true" : "false",
            ["sf.labels"] = string.Join(",", config.Labels),
            ["sf.layers"] = config.NumHiddenLayers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sf.hidden"] = config.HiddenSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sf.pooling"] = PoolingName(options.Pooling),
        };
        return graph.Builder.Build("SentimentFactor.Modeling", typeof(BertOnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            metadata, $"{config.Architecture.ToModelType()} sequence classifier ({metadata["sf.variant"]}, fp16 {metadata["sf.fp16"]})");
    }

    /// <summary>The config.json value (classifier_pooling) of a pooling: "cls_pooler" or "mean".</summary>
    public static string PoolingName(ClassifierPooling pooling) => pooling == ClassifierPooling.Mean ? "mean" : "cls_pooler";

    /// <summary>The pooling a config.json classifier_pooling value names; absent or unknown: the [CLS] pooler.</summary>
    public static ClassifierPooling ParsePooling(string? value) =>
        string.Equals(value, "mean", StringComparison.OrdinalIgnoreCase) ? ClassifierPooling.Mean : ClassifierPooling.ClsPooler;

    private sealed class BertGraph(BertWeights weights, OnnxExportOptions options)
    {
        private readonly BertConfig _config = weights.Config;
        private readonly bool _fp16 = options.Fp16;

        public OnnxGraphBuilder Builder { get; } = new("bert_sequence_classifier", options.Opset);

        private bool Megatron => _config.Architecture == BertArchitecture.MegatronBert;

        private bool Mean => options.Pooling == ClassifierPooling.Mean;

        private float Eps => (float)_config.LayerNormEps;

        public void Emit()
        {
            var b = Builder;
            b.AddInput(InputIds, DataType.Int64, "batch", "sequence");
            b.AddInput(AttentionMask, DataType.Int64, "batch", "sequence");
            b.AddInput(TokenTypeIds, DataType.Int64, "batch", "sequence");

            var words = b.Node("Gather", [Weight(BertWeightLayout.WordEmbeddings), InputIds], OnnxGraphBuilder.IntAttribute("axis", 0));
            var sequenceLength = b.Node("Gather", [b.Node("Shape", [InputIds]), b.Int64s(1)], OnnxGraphBuilder.IntAttribute("axis", 0));
            var positions = b.Node("Slice", [Weight(BertWeightLayout.PositionEmbeddings), b.Int64s(0), sequenceLength, b.Int64s(0)]);
            var types = b.Node("Gather", [Weight(BertWeightLayout.TokenTypeEmbeddings), TokenTypeIds], OnnxGraphBuilder.IntAttribute("axis", 0));

            var sequenceOutput = options.Variant == OnnxGraphVariant.Fused
                ? EmitFusedEncoder(b.Node("Add", [words, positions]), types)
                : EmitPlainEncoder(b.Node("Add", [b.Node("Add", [words, positions]), types]));

            string pooled;
            if (Mean)
            {
                // Masked mean over the real tokens, in float32: sum(h * mask) / max(sum(mask), 1).
                var hidden = _fp16 ? Cast(sequenceOutput, DataType.Float) : sequenceOutput;
                var mask = b.Node("Unsqueeze", [Cast(AttentionMask, DataType.Float), b.Int64s(2)]);
                var sum = b.Node("ReduceSum", [b.Node("Mul", [hidden, mask]), b.Int64s(1)], OnnxGraphBuilder.IntAttribute("keepdims", 0));
                var count = b.Node("Max", [b.Node("ReduceSum", [mask, b.Int64s(1)], OnnxGraphBuilder.IntAttribute("keepdims", 0)), b.FloatScalar(1f)]);
                pooled = b.Node("Div", [sum, count]);
                if (_fp16)
                {
                    pooled = Cast(pooled, DataType.Float16);
                }
            }
            else
            {
                var first = b.Node("Gather", [sequenceOutput, b.Int64Scalar(0)], OnnxGraphBuilder.IntAttribute("axis", 1));
                pooled = b.Node("Tanh", [Gemm(first, BertWeightLayout.Pooler)]);
            }

            var logits = Gemm(pooled, BertWeightLayout.Classifier);
            if (_fp16)
            {
                logits = Cast(logits, DataType.Float);
            }

            b.AddOutput(logits, Logits, DataType.Float, "batch", (long)_config.Labels.Count);
        }

        private string EmitPlainEncoder(string embeddings)
        {
            var b = Builder;
            var x = Megatron ? embeddings : LayerNorm(embeddings, BertWeightLayout.EmbeddingLayerNorm);

            // Additive mask [batch, 1, 1, sequence] in float32: 0 for tokens, -10000 for padding.
            var maskFloat = Cast(AttentionMask, DataType.Float);
            var inverted = b.Node("Sub", [b.FloatScalar(1f), maskFloat]);
            var additive = b.Node("Mul", [inverted, b.FloatScalar(Reference.BertBatch.MaskValue)]);
            var mask = b.Node("Unsqueeze", [additive, b.Int64s(1, 2)]);

            for (var l = 0; l < _config.NumHiddenLayers; l++)
            {
                var attentionNorm = BertWeightLayout.AttentionLayerNorm(_config.Architecture, l);
                var feedForwardNorm = BertWeightLayout.FeedForwardLayerNorm(_config.Architecture, l);
                var p = BertWeightLayout.Layer(l);
                if (Megatron)
                {
                    x = b.Node("Add", [x, PlainAttention(LayerNorm(x, attentionNorm), p, mask)]);
                    x = b.Node("Add", [x, PlainFeedForward(LayerNorm(x, feedForwardNorm), p)]);
                }
                else
                {
                    x = LayerNorm(b.Node("Add", [PlainAttention(x, p, mask), x]), attentionNorm);
                    x = LayerNorm(b.Node("Add", [PlainFeedForward(x, p), x]), feedForwardNorm);
                }
            }

            return Megatron ? LayerNorm(x, BertWeightLayout.FinalLayerNorm) : x;
        }

        private string PlainAttention(string x, string p, string mask)
        {
            var b = Builder;
            long heads = _config.NumAttentionHeads, headSize = _config.HeadSize;
            var split = b.Int64s(0, 0, heads, headSize);
            var q = b.Node("Transpose", [b.Node("Reshape", [Linear(x, $"{p}.attention.self.query"), split])], OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1, 3));
            var k = b.Node("Transpose", [b.Node("Reshape", [Linear(x, $"{p}.attention.self.key"), split])], OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 3, 1));
            var v = b.Node("Transpose", [b.Node("Reshape", [Linear(x, $"{p}.attention.self.value"), split])], OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1, 3));
            var scores = b.Node("Div", [b.Node("MatMul", [q, k]), b.FloatScalar(MathF.Sqrt(headSize), _fp16)]);

            // Masked softmax in float32 even in an fp16 graph: -10000 and exp() stay safe.
            var probabilities = b.Node("Softmax", [b.Node("Add", [_fp16 ? Cast(scores, DataType.Float) : scores, mask])], OnnxGraphBuilder.IntAttribute("axis", -1));
            if (_fp16)
            {
                probabilities = Cast(probabilities, DataType.Float16);
            }

            var context = b.Node("Transpose", [b.Node("MatMul", [probabilities, v])], OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1, 3));
            var merged = b.Node("Reshape", [context, b.Int64s(0, 0, _config.HiddenSize)]);
            return Linear(merged, $"{p}.attention.output.dense");
        }

        private string PlainFeedForward(string x, string p)
        {
            var b = Builder;
            var inner = Linear(x, $"{p}.intermediate.dense");
            var activated = _config.Activation switch
            {
                BertActivation.GeluErf => b.Node("Mul", [
                    b.Node("Mul", [inner, b.Node("Add", [b.Node("Erf", [b.Node("Div", [inner, b.FloatScalar(MathF.Sqrt(2f), _fp16)])]), b.FloatScalar(1f, _fp16)])]),
                    b.FloatScalar(0.5f, _fp16)]),
                BertActivation.GeluTanh => GeluTanh(inner),
                _ => b.Node("Relu", [inner]),
            };
            return Linear(activated, $"{p}.output.dense");
        }

        private string GeluTanh(string x)
        {
            var b = Builder;
            var cube = b.Node("Mul", [b.Node("Mul", [x, x]), x]);
            var inner = b.Node("Mul", [b.Node("Add", [x, b.Node("Mul", [cube, b.FloatScalar(0.044715f, _fp16)])]), b.FloatScalar(MathF.Sqrt(2f / MathF.PI), _fp16)]);
            return b.Node("Mul", [b.Node("Mul", [x, b.FloatScalar(0.5f, _fp16)]), b.Node("Add", [b.FloatScalar(1f, _fp16), b.Node("Tanh", [inner])])]);
        }

        private string LayerNorm(string x, string prefix)
        {
            // fp16 graphs normalise in float32: cast in, normalise with float32 parameters, cast out.
            var input = _fp16 ? Cast(x, DataType.Float) : x;
            var gamma = Weight($"{prefix}.weight", fp16: false);
            var beta = Weight($"{prefix}.bias", fp16: false);
            var b = Builder;
            string y;
            if (options.Opset >= 17)
            {
                y = b.Node("LayerNormalization", [input, gamma, beta], OnnxGraphBuilder.IntAttribute("axis", -1), OnnxGraphBuilder.FloatAttribute("epsilon", Eps));
            }
            else
            {
                var mean = b.Node("ReduceMean", [input], OnnxGraphBuilder.IntsAttribute("axes", -1), OnnxGraphBuilder.IntAttribute("keepdims", 1));
                var centered = b.Node("Sub", [input, mean]);
                var variance = b.Node("ReduceMean", [b.Node("Pow", [centered, b.FloatScalar(2f)])], OnnxGraphBuilder.IntsAttribute("axes", -1), OnnxGraphBuilder.IntAttribute("keepdims", 1));
                var deviation = b.Node("Sqrt", [b.Node("Add", [variance, b.FloatScalar(Eps)])]);
                y = b.Node("Add", [b.Node("Mul", [b.Node("Div", [centered, deviation]), gamma]), beta]);
            }

            return _fp16 ? Cast(y, DataType.Float16) : y;
        }

        private string EmitFusedEncoder(string wordsAndPositions, string types)
        {
            var b = Builder;
            var maskIndex = Cast(AttentionMask, DataType.Int32);
            string x, h;
            if (Megatron)
            {
                // SkipLayerNormalization returns LN_a(emb) for the first layer and, as output 3, the sum emb itself.
                var outputs = SkipLayerNorm(wordsAndPositions, types, BertWeightLayout.AttentionLayerNorm(_config.Architecture, 0), bias: null, withSum: true);
                (h, x) = (outputs[0], outputs[3]);
            }
            else
            {
                x = SkipLayerNorm(wordsAndPositions, types, BertWeightLayout.EmbeddingLayerNorm, bias: null, withSum: false)[0];
                h = x;
            }

            for (var l = 0; l < _config.NumHiddenLayers; l++)
            {
                var p = BertWeightLayout.Layer(l);
                var attention = FusedAttention(h, p, maskIndex);
                if (l == _config.NumHiddenLayers - 1 && !Mean)
                {
                    // Only [CLS] reaches the pooler: after the last attention (which still reads every token), the
                    // output projection, feed-forward and LayerNorms run on token 0 alone.
                    attention = FirstToken(attention);
                    x = FirstToken(x);
                }

                var projected = b.Node("MatMul", [attention, TransposedWeight($"{p}.attention.output.dense.weight")]);
                string h2;
                if (Megatron)
                {
                    var outputs = SkipLayerNorm(projected, x, BertWeightLayout.FeedForwardLayerNorm(_config.Architecture, l), $"{p}.attention.output.dense.bias", withSum: true);
                    (h2, x) = (outputs[0], outputs[3]);
                }
                else
                {
                    x = SkipLayerNorm(projected, x, BertWeightLayout.AttentionLayerNorm(_config.Architecture, l), $"{p}.attention.output.dense.bias", withSum: false)[0];
                    h2 = x;
                }

                var inner = b.Node("MatMul", [h2, TransposedWeight($"{p}.intermediate.dense.weight")]);
                var innerBias = Weight($"{p}.intermediate.dense.bias");
                var activated = _config.Activation switch
                {
                    BertActivation.GeluErf => b.MicrosoftNode("BiasGelu", [inner, innerBias]),
                    BertActivation.GeluTanh => b.MicrosoftNode("FastGelu", [inner, innerBias]),
                    _ => b.Node("Relu", [b.Node("Add", [inner, innerBias])]),
                };
                var output = b.Node("MatMul", [activated, TransposedWeight($"{p}.output.dense.weight")]);
                if (Megatron)
                {
                    var last = l == _config.NumHiddenLayers - 1;
                    var nextNorm = last ? BertWeightLayout.FinalLayerNorm : BertWeightLayout.AttentionLayerNorm(_config.Architecture, l + 1);
                    var outputs = SkipLayerNorm(output, x, nextNorm, $"{p}.output.dense.bias", withSum: !last);
                    (h, x) = (outputs[0], last ? outputs[0] : outputs[3]);
                }
                else
                {
                    x = SkipLayerNorm(output, x, BertWeightLayout.FeedForwardLayerNorm(_config.Architecture, l), $"{p}.output.dense.bias", withSum: false)[0];
                    h = x;
                }
            }

            return h;
        }

        private string FirstToken(string x) =>
            Builder.Node("Slice", [x, Builder.Int64s(0), Builder.Int64s(1), Builder.Int64s(1)]);

        private string FusedAttention(string x, string p, string maskIndex)
        {
            // com.microsoft Attention: one [hidden, 3 hidden] projection for Q, K, V; mask_index as the raw 2-D mask.
            int hidden = _config.HiddenSize;
            var packed = new float[hidden * 3 * hidden];
            var packedBias = new float[3 * hidden];
            string[] parts = ["query", "key", "value"];
            for (var part = 0; part < 3; part++)
            {
                var w = weights.Data($"{p}.attention.self.{parts[part]}.weight");
                var bias = weights.Data($"{p}.attention.self.{parts[part]}.bias");
                for (var o = 0; o < hidden; o++)
                {
                    for (var i = 0; i < hidden; i++)
                    {
                        packed[(i * 3 * hidden) + (part * hidden) + o] = w[(o * hidden) + i];
                    }

                    packedBias[(part * hidden) + o] = bias[o];
                }
            }

            var weight = Builder.AddInitializer($"{p}.attention.self.qkv.weight", packed, [hidden, 3L * hidden], _fp16);
            var biasName = Builder.AddInitializer($"{p}.attention.self.qkv.bias", packedBias, [3L * hidden], _fp16);
            return Builder.MicrosoftNode("Attention", [x, weight, biasName, maskIndex], OnnxGraphBuilder.IntAttribute("num_heads", _config.NumAttentionHeads));
        }

        private string[] SkipLayerNorm(string input, string skip, string normPrefix, string? bias, bool withSum)
        {
            List<string> inputs = [input, skip, Weight($"{normPrefix}.weight"), Weight($"{normPrefix}.bias")];
            if (bias is not null)
            {
                inputs.Add(Weight(bias));
            }

            AttributeProto[] attributes = [OnnxGraphBuilder.FloatAttribute("epsilon", Eps)];
            return withSum
                ? Builder.NodeWithOutputs("SkipLayerNormalization", inputs, 4, OnnxGraphBuilder.MicrosoftDomain, attributes, 1, 2)
                : Builder.NodeWithOutputs("SkipLayerNormalization", inputs, 1, OnnxGraphBuilder.MicrosoftDomain, attributes);
        }

        private string Linear(string x, string prefix) =>
            Builder.Node("Add", [Builder.Node("MatMul", [x, TransposedWeight($"{prefix}.weight")]), Weight($"{prefix}.bias")]);

        private string Gemm(string x, string prefix) =>
            Builder.Node("Gemm", [x, Weight($"{prefix}.weight"), Weight($"{prefix}.bias")], OnnxGraphBuilder.IntAttribute("transB", 1));

        private string Cast(string x, DataType to) => Builder.Node("Cast", [x], OnnxGraphBuilder.IntAttribute("to", (int)to));

        private string Weight(string name) => Weight(name, _fp16);

        private string Weight(string name, bool fp16)
        {
            var tensor = weights[name];
            return Builder.AddInitializer(name, tensor.Data, tensor.Shape.Select(d => (long)d).ToArray(), fp16);
        }

        private string TransposedWeight(string name)
        {
            // Hugging Face stores Linear weights [out, in]; MatMul wants [in, out].
            var tensor = weights[name];
            int rows = tensor.Shape[0], columns = tensor.Shape[1];
            var transposed = new float[tensor.Data.Length];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    transposed[(c * rows) + r] = tensor.Data[(r * columns) + c];
                }
            }

            return Builder.AddInitializer(name + ".T", transposed, [columns, rows], _fp16);
        }
    }
}
