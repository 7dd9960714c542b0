using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling.Reference;

/// <summary>
/// A plain C# float32 forward pass of a BERT-family sequence classifier, written from the published architectures
/// (Devlin et al. 2019; Shoeybi et al. 2019, Megatron-LM, as Hugging Face's MegatronBertForSequenceClassification
/// implements it), with no ONNX Runtime. Slow and simple on purpose: the tests hold the ONNX graphs and the training
/// engine to it. Test support, never shipped (docs/architecture.md); it masks with the production <see cref="BertBatch.MaskValue"/>.
/// </summary>
public static class ReferenceBert
{
    /// <summary>Logits, row-major [BatchSize, labels].</summary>
    public static float[] Logits(BertWeights weights, BertBatch batch)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(batch);
        var config = weights.Config;
        var labels = config.Labels.Count;
        var logits = new float[batch.BatchSize * labels];
        for (var b = 0; b < batch.BatchSize; b++)
        {
            var row = Row(weights, batch, b);
            Array.Copy(row, 0, logits, b * labels, labels);
        }

        return logits;
    }

    private static float[] Row(BertWeights w, BertBatch batch, int b)
    {
        var c = w.Config;
        int s = batch.SequenceLength, h = c.HiddenSize;
        var eps = (float)c.LayerNormEps;
        var megatron = c.Architecture == BertArchitecture.MegatronBert;

        // Embeddings: word + position + token type (positions 0..S-1 whatever the padding, as Hugging Face does).
        var x = new float[s * h];
        var word = w.Data(BertWeightLayout.WordEmbeddings);
        var position = w.Data(BertWeightLayout.PositionEmbeddings);
        var type = w.Data(BertWeightLayout.TokenTypeEmbeddings);
        for (var t = 0; t < s; t++)
        {
            var id = (int)batch.InputIds[(b * s) + t];
            var tt = (int)batch.TokenTypeIds[(b * s) + t];
            for (var i = 0; i < h; i++)
            {
                x[(t * h) + i] = word[(id * h) + i] + position[(t * h) + i] + type[(tt * h) + i];
            }
        }

        if (!megatron)
        {
            x = LayerNorm(x, s, h, w, BertWeightLayout.EmbeddingLayerNorm, eps);
        }

        var mask = new float[s];
        for (var t = 0; t < s; t++)
        {
            mask[t] = batch.AttentionMask[(b * s) + t] != 0 ? 0f : BertBatch.MaskValue;
        }

        for (var l = 0; l < c.NumHiddenLayers; l++)
        {
            var attentionNorm = BertWeightLayout.AttentionLayerNorm(c.Architecture, l);
            var feedForwardNorm = BertWeightLayout.FeedForwardLayerNorm(c.Architecture, l);
            var p = BertWeightLayout.Layer(l);
            if (megatron)
            {
                // Pre-LN: x += attn_out(Attn(ln_a(x))); x += out(act(inter(ln_b(x)))).
                var attention = AttentionBlock(LayerNorm(x, s, h, w, attentionNorm, eps), s, w, p, mask);
                Add(x, attention);
                var feedForward = FeedForward(LayerNorm(x, s, h, w, feedForwardNorm, eps), s, w, p);
                Add(x, feedForward);
            }
            else
            {
                // Post-LN: x = ln_a(x + attn_out(Attn(x))); x = ln_b(x + out(act(inter(x)))).
                var attention = AttentionBlock(x, s, w, p, mask);
                Add(attention, x);
                x = LayerNorm(attention, s, h, w, attentionNorm, eps);
                var feedForward = FeedForward(x, s, w, p);
                Add(feedForward, x);
                x = LayerNorm(feedForward, s, h, w, feedForwardNorm, eps);
            }
        }

        if (megatron)
        {
            x = LayerNorm(x, s, h, w, BertWeightLayout.FinalLayerNorm, eps);
        }

        var pooled = Linear(x.AsSpan(0, h).ToArray(), 1, w, BertWeightLayout.Pooler);
        for (var i = 0; i < pooled.Length; i++)
        {
            pooled[i] = MathF.Tanh(pooled[i]);
        }

        return Linear(pooled, 1, w, BertWeightLayout.Classifier);
    }

    private static float[] AttentionBlock(float[] x, int s, BertWeights w, string p, float[] mask)
    {
        var c = w.Config;
        int h = c.HiddenSize, heads = c.NumAttentionHeads, d = c.HeadSize;
        var q = Linear(x, s, w, $"{p}.attention.self.query");
        var k = Linear(x, s, w, $"{p}.attention.self.key");
        var v = Linear(x, s, w, $"{p}.attention.self.value");
        var context = new float[s * h];
        var scale = 1.0 / Math.Sqrt(d);
        var scores = new double[s];
        for (var head = 0; head < heads; head++)
        {
            for (var i = 0; i < s; i++)
            {
                var max = double.NegativeInfinity;
                for (var j = 0; j < s; j++)
                {
                    double dot = 0;
                    for (var e = 0; e < d; e++)
                    {
                        dot += (double)q[(i * h) + (head * d) + e] * k[(j * h) + (head * d) + e];
                    }

                    scores[j] = (dot * scale) + mask[j];
                    max = Math.Max(max, scores[j]);
                }

                double sum = 0;
                for (var j = 0; j < s; j++)
                {
                    scores[j] = Math.Exp(scores[j] - max);
                    sum += scores[j];
                }

                for (var e = 0; e < d; e++)
                {
                    double acc = 0;
                    for (var j = 0; j < s; j++)
                    {
                        acc += scores[j] / sum * v[(j * h) + (head * d) + e];
                    }

                    context[(i * h) + (head * d) + e] = (float)acc;
                }
            }
        }

        return Linear(context, s, w, $"{p}.attention.output.dense");
    }

    private static float[] FeedForward(float[] x, int s, BertWeights w, string p)
    {
        var inner = Linear(x, s, w, $"{p}.intermediate.dense");
        var activation = w.Config.Activation;
        for (var i = 0; i < inner.Length; i++)
        {
            inner[i] = Activate(inner[i], activation);
        }

        return Linear(inner, s, w, $"{p}.output.dense");
    }

    internal static float Activate(float value, BertActivation activation)
    {
        double x = value;
        return activation switch
        {
            BertActivation.GeluErf => (float)(0.5 * x * (1.0 + Erf(x / Math.Sqrt(2.0)))),
            BertActivation.GeluTanh => (float)(0.5 * x * (1.0 + Math.Tanh(Math.Sqrt(2.0 / Math.PI) * (x + (0.044715 * x * x * x))))),
            _ => MathF.Max(0f, value),
        };
    }

    /// <summary>erf(x) to about 1e-7 absolute (Abramowitz and Stegun 7.1.26).</summary>
    internal static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.3275911 * x));
        var poly = ((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t;
        var y = 1.0 - (poly * Math.Exp(-x * x));
        return sign * y;
    }

    private static float[] Linear(float[] x, int rows, BertWeights w, string prefix)
    {
        // Hugging Face Linear: y = x W^T + b with W stored [out, in].
        var weight = w[$"{prefix}.weight"];
        var bias = w.Data($"{prefix}.bias");
        int outFeatures = weight.Shape[0], inFeatures = weight.Shape[1];
        var y = new float[rows * outFeatures];
        for (var r = 0; r < rows; r++)
        {
            var input = x.AsSpan(r * inFeatures, inFeatures);
            for (var o = 0; o < outFeatures; o++)
            {
                var row = weight.Data.AsSpan(o * inFeatures, inFeatures);
                double acc = bias[o];
                for (var i = 0; i < inFeatures; i++)
                {
                    acc += (double)input[i] * row[i];
                }

                y[(r * outFeatures) + o] = (float)acc;
            }
        }

        return y;
    }

    private static float[] LayerNorm(float[] x, int rows, int h, BertWeights w, string prefix, float eps)
    {
        var gamma = w.Data($"{prefix}.weight");
        var beta = w.Data($"{prefix}.bias");
        var y = new float[x.Length];
        for (var r = 0; r < rows; r++)
        {
            double mean = 0, variance = 0;
            for (var i = 0; i < h; i++)
            {
                mean += x[(r * h) + i];
            }

            mean /= h;
            for (var i = 0; i < h; i++)
            {
                var dev = x[(r * h) + i] - mean;
                variance += dev * dev;
            }

            variance /= h;
            var inv = 1.0 / Math.Sqrt(variance + eps);
            for (var i = 0; i < h; i++)
            {
                y[(r * h) + i] = (float)(((x[(r * h) + i] - mean) * inv * gamma[i]) + beta[i]);
            }
        }

        return y;
    }

    private static void Add(float[] target, float[] addend)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += addend[i];
        }
    }
}
