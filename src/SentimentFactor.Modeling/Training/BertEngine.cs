using System.Numerics;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Training;

/// <summary>One trained tensor of a <see cref="BertEngine{T}"/>: values and accumulated gradient.</summary>
internal sealed record EngineParameter<T>(string Name, int[] Shape, T[] Value, T[] Gradient);

/// <summary>A LoRA adapter on one projection: A [rank, in], B [out, rank], and their gradients.</summary>
internal sealed record LowRankAdapter<T>(string Target, T[] A, T[] B, T[] GradientA, T[] GradientB);

/// <summary>
/// Forward and backward passes of a BERT-family classifier in element type <typeparamref name="T"/>: float for
/// training, double so the tests can hold the gradients to central finite differences tightly. The math is that of
/// the tests' reference forward pass (ReferenceBert); Linear layers go through <see cref="OrtGemm"/> (float) or
/// <see cref="Blas"/>, attention's per-head dot products (scores) through Blas and its weighted sums of rows through
/// <see cref="AttentionKernels"/>, row-wise work through TensorPrimitives, split across the configured threads.
/// </summary>
internal sealed class BertEngine<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{

    private const ulong EmbeddingSite = 0;
    private const ulong HeadSite = 1;

    private readonly Dictionary<string, T[]> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T[]> _gradients = new(StringComparer.Ordinal);
    private readonly int _layers;
    private readonly int _hidden;
    private readonly int _heads;
    private readonly int _headSize;
    private readonly int _intermediate;
    private readonly int _labels;
    private readonly int _lowestTrained;
    private readonly int _threads;
    private readonly int _rank;
    private readonly T _loraScale;
    private readonly Dictionary<string, LowRankAdapter<T>> _adapters = new(StringComparer.Ordinal);
    private readonly bool _megatron;
    private readonly bool _embeddingsTrained;
    private readonly T _eps;
    private readonly BertActivation _activation;
    private readonly OrtGemm? _products;
    private LayerActivations<T>[] _acts;

    // Whether every gradient holds zeros (fresh, or just zeroed): the first backward pass then writes the weight
    // gradients' products instead of adding them to zeros.
    private bool _gradientsZero = true;

    private T[] _xhatE = [];
    private T[] _rstdE = [];
    private T[] _embeddingMask = [];
    private T[] _top = [];
    private T[] _final = [];
    private T[] _xhatF = [];
    private T[] _rstdF = [];
    private T[] _keyBias = [];
    private T[] _cls = [];
    private T[] _pooled = [];
    private T[] _headMask = [];
    private T[] _headInput = [];
    private T[] _logits = [];
    private T[] _g1 = [];
    private T[] _g2 = [];
    private T[] _t1 = [];
    private T[] _t2 = [];
    private T[] _dContext = [];
    private T[] _dQuery = [];
    private T[] _dKey = [];
    private T[] _dValue = [];
    private T[] _dInner = [];
    private T[] _dHead = [];
    private T[] _dResidual = [];
    private T[] _dLowRank = [];
    private T[] _dPre = [];
    private T[] _dLogits = [];
    private T[] _scores = [];

    public BertEngine(BertConfig config, Func<string, T[]> values, TrainableBertOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(config.NumHiddenLayers);
        Config = config;
        Options = options;
        _layers = config.NumHiddenLayers;
        _hidden = config.HiddenSize;
        _heads = config.NumAttentionHeads;
        _headSize = config.HeadSize;
        _intermediate = config.IntermediateSize;
        _labels = config.Labels.Count;
        _megatron = config.Architecture == BertArchitecture.MegatronBert;
        _eps = T.CreateTruncating(config.LayerNormEps);
        _activation = config.Activation;
        _lowestTrained = options.TrainedLayers is { } trained ? _layers - trained : 0;
        _rank = options.LoraRank ?? 0;
        _loraScale = options.LoraRank is { } rank ? T.CreateTruncating(options.LoraAlpha / rank) : T.Zero;
        _embeddingsTrained = options.TrainedLayers is null && !options.FreezeEmbeddings && _rank == 0;
        _threads = options.Threads ?? Environment.ProcessorCount;
        _acts = Enumerable.Range(0, _layers).Select(_ => new LayerActivations<T>()).ToArray();
        Blas.EnsureLoaded(_threads);
        _products = typeof(T) == typeof(float) ? new OrtGemm(_threads) : null;

        var parameters = new List<EngineParameter<T>>();
        foreach (var (name, shape) in BertWeightLayout.Expected(config))
        {
            var value = values(name);
            _values[name] = value;
            if (IsTrained(name))
            {
                var gradient = new T[value.Length];
                _gradients[name] = gradient;
                parameters.Add(new EngineParameter<T>(name, shape, value, gradient));
            }
        }

        var adapters = new List<LowRankAdapter<T>>();
        if (_rank > 0)
        {
            // PEFT's initialisation: A ~ U(-1/sqrt(in), 1/sqrt(in)) (kaiming_uniform with a = sqrt 5), B = 0.
            var random = new Random(options.LoraSeed);
            var bound = 1.0 / Math.Sqrt(_hidden);
            for (var l = 0; l < _layers; l++)
            {
                foreach (var projection in new[] { "query", "value" })
                {
                    var target = $"{BertWeightLayout.Layer(l)}.attention.self.{projection}";
                    var a = new T[_rank * _hidden];
                    for (var i = 0; i < a.Length; i++)
                    {
                        a[i] = T.CreateTruncating(((2 * random.NextDouble()) - 1) * bound);
                    }

                    var adapter = new LowRankAdapter<T>(target, a, new T[_hidden * _rank], new T[a.Length], new T[_hidden * _rank]);
                    _adapters[target] = adapter;
                    adapters.Add(adapter);
                    parameters.Add(new EngineParameter<T>($"{target}.lora_A.weight", [_rank, _hidden], adapter.A, adapter.GradientA));
                    parameters.Add(new EngineParameter<T>($"{target}.lora_B.weight", [_hidden, _rank], adapter.B, adapter.GradientB));
                }
            }
        }

        Adapters = adapters;
        Parameters = parameters;
    }

    /// <summary>The LoRA adapters (empty without <see cref="TrainableBertOptions.LoraRank"/>).</summary>
    public IReadOnlyList<LowRankAdapter<T>> Adapters { get; }

    /// <summary>Adds (alpha / rank)·B·A to each adapted weight and sets B to 0: the same function, with no adapter left.</summary>
    public void MergeAdapters()
    {
        foreach (var adapter in Adapters)
        {
            Blas.Gemm<T>(false, false, _hidden, _hidden, _rank, _loraScale, adapter.B, _rank, adapter.A, _hidden, T.One, _values[$"{adapter.Target}.weight"], _hidden);
            Array.Clear(adapter.B);
        }
    }

    public BertConfig Config { get; }

    public TrainableBertOptions Options { get; }

    public IReadOnlyList<EngineParameter<T>> Parameters { get; }

    public T Run(BertBatch batch, ReadOnlySpan<int> labels, ReadOnlySpan<float> classWeights, ulong dropoutSeed, bool dropout, bool backward)
    {
        Check(batch);
        var rows = batch.BatchSize;
        if (labels.Length != rows)
        {
            throw new ArgumentException($"Expected {rows} labels (one per row), got {labels.Length}.", nameof(labels));
        }

        if (!classWeights.IsEmpty && classWeights.Length != _labels)
        {
            throw new ArgumentException($"Expected {_labels} class weights (one per label) or none, got {classWeights.Length}.", nameof(classWeights));
        }

        foreach (var label in labels)
        {
            if ((uint)label >= (uint)_labels)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"A label must be a class index in 0..{_labels - 1}.");
            }
        }

        var drop = dropout && Options.DropoutProbability > 0f;
        Forward(batch, drop, dropoutSeed, backward);

        // PyTorch CrossEntropyLoss(weight=w): Σ w[y]·nll / Σ w[y]; the gradient of that mean.
        double weightSum = 0;
        for (var b = 0; b < rows; b++)
        {
            weightSum += classWeights.IsEmpty ? 1.0 : classWeights[labels[b]];
        }

        if (!(weightSum > 0))
        {
            throw new ArgumentException("The class weights of the batch's labels sum to 0; give every class present a positive weight.", nameof(classWeights));
        }

        LayerActivations<T>.Grow(ref _dLogits, rows * _labels);
        double loss = 0;
        Span<double> p = stackalloc double[_labels];
        for (var b = 0; b < rows; b++)
        {
            var z = _logits.AsSpan(b * _labels, _labels);
            var max = double.NegativeInfinity;
            for (var c = 0; c < _labels; c++)
            {
                max = Math.Max(max, double.CreateTruncating(z[c]));
            }

            double sum = 0;
            for (var c = 0; c < _labels; c++)
            {
                p[c] = Math.Exp(double.CreateTruncating(z[c]) - max);
                sum += p[c];
            }

            var w = classWeights.IsEmpty ? 1.0 : classWeights[labels[b]];
            loss += w * (Math.Log(sum) + max - double.CreateTruncating(z[labels[b]]));
            for (var c = 0; c < _labels; c++)
            {
                var g = (p[c] / sum) - (c == labels[b] ? 1.0 : 0.0);
                _dLogits[(b * _labels) + c] = T.CreateTruncating(w / weightSum * g);
            }
        }

        if (backward)
        {
            Backward(batch, drop);
            _gradientsZero = false;
        }

        return T.CreateTruncating(loss / weightSum);
    }

    public T[] Logits(BertBatch batch)
    {
        Check(batch);
        Forward(batch, drop: false, seed: 0, backward: false);
        return _logits.AsSpan(0, batch.BatchSize * _labels).ToArray();
    }

    public void ZeroGradients()
    {
        _gradientsZero = true;
        System.Threading.Tasks.Parallel.ForEach(_gradients.Values, new ParallelOptions { MaxDegreeOfParallelism = _threads }, gradient => Array.Clear(gradient));

        foreach (var adapter in Adapters)
        {
            Array.Clear(adapter.GradientA);
            Array.Clear(adapter.GradientB);
        }
    }

    public void Dispose()
    {
        _acts = Enumerable.Range(0, _layers).Select(_ => new LayerActivations<T>()).ToArray();
        _products?.Dispose();
    }

    private bool IsTrained(string name)
    {
        if (_rank > 0)
        {
            return name.StartsWith(BertWeightLayout.Classifier + ".", StringComparison.Ordinal)
                || (name.StartsWith(BertWeightLayout.Pooler + ".", StringComparison.Ordinal) && Options.Pooling == ClassifierPooling.ClsPooler);
        }

        if (name.StartsWith("bert.embeddings.", StringComparison.Ordinal))
        {
            return _embeddingsTrained;
        }

        if (name.StartsWith(BertWeightLayout.Pooler + ".", StringComparison.Ordinal))
        {
            return Options.Pooling == ClassifierPooling.ClsPooler;
        }

        if (name.StartsWith(BertWeightLayout.FinalLayerNorm + ".", StringComparison.Ordinal))
        {
            return _lowestTrained < _layers;
        }

        for (var l = 0; l < _layers; l++)
        {
            if (name.StartsWith(BertWeightLayout.Layer(l) + ".", StringComparison.Ordinal))
            {
                return l >= _lowestTrained;
            }
        }

        return true;
    }

    private void Check(BertBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int rows = batch.BatchSize, length = batch.SequenceLength;
        if (rows < 1 || length < 1 || batch.InputIds.Length != rows * length || batch.AttentionMask.Length != rows * length || batch.TokenTypeIds.Length != rows * length)
        {
            throw new ArgumentException($"A batch of {rows}x{length} needs {rows * length} ids, mask values and token types.", nameof(batch));
        }

        if (length > Config.MaxPositionEmbeddings)
        {
            throw new ArgumentException($"Sequence length {length} exceeds max_position_embeddings {Config.MaxPositionEmbeddings}; truncate the texts.", nameof(batch));
        }

        for (var i = 0; i < batch.InputIds.Length; i++)
        {
            if ((ulong)batch.InputIds[i] >= (ulong)Config.VocabSize || (ulong)batch.TokenTypeIds[i] >= (ulong)Config.TypeVocabSize)
            {
                throw new ArgumentException($"Token {batch.InputIds[i]} (type {batch.TokenTypeIds[i]}) at {i} is outside the vocabulary ({Config.VocabSize}) or type vocabulary ({Config.TypeVocabSize}).", nameof(batch));
            }
        }

        for (var b = 0; b < rows; b++)
        {
            if (batch.AttentionMask[b * length] == 0)
            {
                throw new ArgumentException($"Row {b} starts with padding; every row needs its [CLS] token first.", nameof(batch));
            }
        }
    }

    private T[] W(string name) => _values[name];

    private T[]? G(string name) => _gradients.GetValueOrDefault(name);

    private void Parallel(int count, Action<int, int> range)
    {
        var parts = Math.Min(_threads, count);
        if (parts <= 1)
        {
            range(0, count);
            return;
        }

        System.Threading.Tasks.Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            range((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts)));
    }

    /// <summary>Bytes of the buffers a batch of <paramref name="rows"/>×<paramref name="length"/> needs (activations kept for backward and scratch).</summary>
    public long ActivationBytes(int rows, int length)
    {
        long tokens = (long)rows * length, h = _hidden, i = _intermediate, probabilities = tokens * _heads * length;
        var perLayer = (tokens * h * (_megatron ? 12 : 10)) + (2 * tokens) + (3 * probabilities) + (3 * tokens * i) + (2 * rows * h) + (2 * tokens * _rank);
        var shared = (13 * tokens * h) + (3 * tokens) + (7 * rows * h) + (tokens * i) + (tokens * _rank) + (tokens * length) + ((long)rows * _labels);
        return ((_layers * perLayer) + shared) * Unsafe.SizeOf<T>();
    }

    private void Ensure(int rows, int length)
    {
        long largest = Math.Max((long)rows * _heads * length * length, (long)rows * length * Math.Max(_intermediate, _hidden));
        if (largest > Array.MaxLength)
        {
            throw new ArgumentException($"A batch of {rows} rows of {length} tokens needs a buffer of {largest} values, more than an array holds; use smaller batches.", nameof(rows));
        }

        var tokens = rows * length;
        int h = _hidden, probabilities = rows * _heads * length * length;
        for (var l = 0; l < _layers; l++)
        {
            _acts[l].Ensure(rows, tokens, h, _intermediate, probabilities, _megatron, _rank);
        }

        LayerActivations<T>.Grow(ref _xhatE, tokens * h);
        LayerActivations<T>.Grow(ref _rstdE, tokens);
        LayerActivations<T>.Grow(ref _embeddingMask, tokens * h);
        LayerActivations<T>.Grow(ref _top, tokens * h);
        LayerActivations<T>.Grow(ref _final, tokens * h);
        LayerActivations<T>.Grow(ref _xhatF, tokens * h);
        LayerActivations<T>.Grow(ref _rstdF, tokens);
        LayerActivations<T>.Grow(ref _keyBias, tokens);
        LayerActivations<T>.Grow(ref _cls, rows * h);
        LayerActivations<T>.Grow(ref _pooled, rows * h);
        LayerActivations<T>.Grow(ref _headMask, rows * h);
        LayerActivations<T>.Grow(ref _headInput, rows * h);
        LayerActivations<T>.Grow(ref _logits, rows * _labels);
        LayerActivations<T>.Grow(ref _g1, tokens * h);
        LayerActivations<T>.Grow(ref _g2, tokens * h);
        LayerActivations<T>.Grow(ref _t1, tokens * h);
        LayerActivations<T>.Grow(ref _t2, tokens * h);
        LayerActivations<T>.Grow(ref _dContext, tokens * h);
        LayerActivations<T>.Grow(ref _dQuery, tokens * h);
        LayerActivations<T>.Grow(ref _dKey, tokens * h);
        LayerActivations<T>.Grow(ref _dValue, tokens * h);
        LayerActivations<T>.Grow(ref _dInner, tokens * _intermediate);
        LayerActivations<T>.Grow(ref _dHead, rows * h);
        LayerActivations<T>.Grow(ref _dResidual, rows * h);
        LayerActivations<T>.Grow(ref _dLowRank, tokens * _rank);
        LayerActivations<T>.Grow(ref _dPre, rows * h);
        LayerActivations<T>.Grow(ref _scores, rows * length * length);
    }

    private const int ActivationChunk = 1024;

    private bool ClsOnly(int layer) => layer == _layers - 1 && Options.Pooling == ClassifierPooling.ClsPooler;

    private static ulong LayerSite(int layer, int part) => 2 + (3 * (ulong)layer) + (ulong)part;

    private void Forward(BertBatch batch, bool drop, ulong seed, bool backward)
    {
        int rows = batch.BatchSize, length = batch.SequenceLength, tokens = rows * length, h = _hidden;
        Ensure(rows, length);
        var p = Options.DropoutProbability;

        // Embeddings: word + position + token type (positions 0..S-1 whatever the padding, as Hugging Face does).
        var x0 = _acts.Length > 0 ? _acts[0].Input : _top;
        var word = W(BertWeightLayout.WordEmbeddings);
        var position = W(BertWeightLayout.PositionEmbeddings);
        var type = W(BertWeightLayout.TokenTypeEmbeddings);
        Parallel(tokens, (start, end) =>
        {
            for (var t = start; t < end; t++)
            {
                var row = x0.AsSpan(t * h, h);
                TensorPrimitives.Add(word.AsSpan((int)batch.InputIds[t] * h, h), position.AsSpan(t % length * h, h), row);
                TensorPrimitives.Add(row, type.AsSpan((int)batch.TokenTypeIds[t] * h, h), row);
                if (!_megatron)
                {
                    EngineKernels.LayerNormForward<T>(x0, t, h, W($"{BertWeightLayout.EmbeddingLayerNorm}.weight"), W($"{BertWeightLayout.EmbeddingLayerNorm}.bias"),
                        _eps, _xhatE, _rstdE, x0);
                }
            }

            if (drop)
            {
                EngineKernels.DropoutMask(_embeddingMask.AsSpan(start * h, (end - start) * h), seed, EmbeddingSite, (long)start * h, p);
                TensorPrimitives.Multiply(x0.AsSpan(start * h, (end - start) * h), _embeddingMask.AsSpan(start * h, (end - start) * h), x0.AsSpan(start * h, (end - start) * h));
            }
        });

        for (var t = 0; t < tokens; t++)
        {
            _keyBias[t] = batch.AttentionMask[t] != 0 ? T.Zero : T.CreateTruncating(BertBatch.MaskValue);
        }

        for (var l = 0; l < _layers; l++)
        {
            LayerForward(l, rows, length, drop, seed, backward && l >= _lowestTrained, ClsOnly(l), l + 1 < _layers ? _acts[l + 1].Input : _top);
        }

        // Rows of the top layer's output: one per sequence under the CLS pooler, else every token.
        var topRows = ClsOnly(_layers - 1) ? rows : tokens;
        var clsStride = ClsOnly(_layers - 1) ? 1 : length;

        var final = _top;
        if (_megatron)
        {
            var gamma = W($"{BertWeightLayout.FinalLayerNorm}.weight");
            var beta = W($"{BertWeightLayout.FinalLayerNorm}.bias");
            Parallel(topRows, (start, end) =>
            {
                for (var t = start; t < end; t++)
                {
                    EngineKernels.LayerNormForward<T>(_top, t, h, gamma, beta, _eps, _xhatF, _rstdF, _final);
                }
            });
            final = _final;
        }

        if (Options.Pooling == ClassifierPooling.ClsPooler)
        {
            for (var b = 0; b < rows; b++)
            {
                final.AsSpan(b * clsStride * h, h).CopyTo(_cls.AsSpan(b * h, h));
            }

            EngineKernels.LinearForward<T>(_cls, rows, h, W($"{BertWeightLayout.Pooler}.weight"), W($"{BertWeightLayout.Pooler}.bias"), h, _pooled, _products);
            TensorPrimitives.Tanh<T>(_pooled.AsSpan(0, rows * h), _pooled);
        }
        else
        {
            for (var b = 0; b < rows; b++)
            {
                var mean = _pooled.AsSpan(b * h, h);
                mean.Clear();
                var count = 0;
                for (var t = 0; t < length; t++)
                {
                    if (batch.AttentionMask[(b * length) + t] != 0)
                    {
                        TensorPrimitives.Add(mean, final.AsSpan(((b * length) + t) * h, h), mean);
                        count++;
                    }
                }

                TensorPrimitives.Divide(mean, T.CreateTruncating(count), mean);
            }
        }

        var headInput = _headInput.AsSpan(0, rows * h);
        if (drop)
        {
            EngineKernels.DropoutMask(_headMask.AsSpan(0, rows * h), seed, HeadSite, 0, p);
            TensorPrimitives.Multiply(_pooled.AsSpan(0, rows * h), _headMask.AsSpan(0, rows * h), headInput);
        }
        else
        {
            _pooled.AsSpan(0, rows * h).CopyTo(headInput);
        }

        EngineKernels.LinearForward<T>(_headInput, rows, h, W($"{BertWeightLayout.Classifier}.weight"), W($"{BertWeightLayout.Classifier}.bias"), _labels, _logits, _products);
    }

    /// <summary>
    /// Layer <paramref name="l"/> forward. With <paramref name="clsOnly"/> (the top layer under the CLS pooler) only
    /// each row's [CLS] query goes through attention and the feed-forward block, as nothing else reaches the head
    /// (keys and values still cover every token); the output then has one row per sequence.
    /// </summary>
    private void LayerForward(int l, int rows, int length, bool drop, ulong seed, bool backward, bool clsOnly, T[] output)
    {
        int tokens = rows * length, h = _hidden, queryRows = clsOnly ? rows : tokens;
        var a = _acts[l];
        var prefix = BertWeightLayout.Layer(l);
        var norm1 = BertWeightLayout.AttentionLayerNorm(Config.Architecture, l);
        var norm2 = BertWeightLayout.FeedForwardLayerNorm(Config.Architecture, l);

        var attentionInput = a.Input;
        if (_megatron)
        {
            RowsLayerNorm(a.Input, tokens, norm1, a.Xhat1, a.Rstd1, a.AttentionInput);
            attentionInput = a.AttentionInput;
        }

        var queryInput = attentionInput;
        var residualInput = a.Input;
        if (clsOnly)
        {
            for (var b = 0; b < rows; b++)
            {
                attentionInput.AsSpan(b * length * h, h).CopyTo(a.QueryInput.AsSpan(b * h, h));
                a.Input.AsSpan(b * length * h, h).CopyTo(a.ResidualInput.AsSpan(b * h, h));
            }

            queryInput = a.QueryInput;
            residualInput = a.ResidualInput;
        }

        EngineKernels.LinearForward<T>(queryInput, queryRows, h, W($"{prefix}.attention.self.query.weight"), W($"{prefix}.attention.self.query.bias"), h, a.Query, _products);
        AdapterForward($"{prefix}.attention.self.query", queryInput, queryRows, a.QueryLowRank, a.Query);
        EngineKernels.LinearForward<T>(attentionInput, tokens, h, W($"{prefix}.attention.self.key.weight"), W($"{prefix}.attention.self.key.bias"), h, a.Key, _products);
        EngineKernels.LinearForward<T>(attentionInput, tokens, h, W($"{prefix}.attention.self.value.weight"), W($"{prefix}.attention.self.value.bias"), h, a.Value, _products);
        AdapterForward($"{prefix}.attention.self.value", attentionInput, tokens, a.ValueLowRank, a.Value);
        AttentionForward(a, rows, length, clsOnly ? 1 : length, drop, seed, LayerSite(l, 0));

        // Attention output: dense, dropout, residual add (then LN1 in BERT).
        EngineKernels.LinearForward<T>(a.Context, queryRows, h, W($"{prefix}.attention.output.dense.weight"), W($"{prefix}.attention.output.dense.bias"), h, a.Middle, _products);
        Residual(a.Middle, a.AttentionMask, residualInput, queryRows, drop, seed, LayerSite(l, 1));
        var feedForwardInput = a.Middle;
        if (_megatron)
        {
            RowsLayerNorm(a.Middle, queryRows, norm2, a.Xhat2, a.Rstd2, a.FeedForwardInput);
            feedForwardInput = a.FeedForwardInput;
        }
        else
        {
            RowsLayerNorm(a.Middle, queryRows, norm1, a.Xhat1, a.Rstd1, a.Middle);
        }

        EngineKernels.LinearForward<T>(feedForwardInput, queryRows, h, W($"{prefix}.intermediate.dense.weight"), W($"{prefix}.intermediate.dense.bias"), _intermediate, a.Inner, _products);
        var inner = queryRows * _intermediate;
        var chunks = (inner + ActivationChunk - 1) / ActivationChunk;
        Parallel(chunks, (start, end) =>
        {
            var scratch = new T[3 * ActivationChunk];
            for (var c = start; c < end; c++)
            {
                var from = c * ActivationChunk;
                var count = Math.Min(ActivationChunk, inner - from);
                EngineKernels.Activate<T>(_activation, a.Inner.AsSpan(from, count), a.Activated.AsSpan(from, count),
                    backward ? a.ActivationDerivative.AsSpan(from, count) : default, scratch);
            }
        });

        EngineKernels.LinearForward<T>(a.Activated, queryRows, _intermediate, W($"{prefix}.output.dense.weight"), W($"{prefix}.output.dense.bias"), h, output, _products);
        Residual(output, a.OutputMask, a.Middle, queryRows, drop, seed, LayerSite(l, 2));
        if (!_megatron)
        {
            RowsLayerNorm(output, queryRows, norm2, a.Xhat2, a.Rstd2, output);
        }
    }

    private void Residual(T[] target, T[] mask, T[] residual, int tokens, bool drop, ulong seed, ulong site)
    {
        var h = _hidden;
        var p = Options.DropoutProbability;
        Parallel(tokens, (start, end) =>
        {
            var span = target.AsSpan(start * h, (end - start) * h);
            if (drop)
            {
                var m = mask.AsSpan(start * h, (end - start) * h);
                EngineKernels.DropoutMask(m, seed, site, (long)start * h, p);
                TensorPrimitives.Multiply(span, m, span);
            }

            TensorPrimitives.Add(span, residual.AsSpan(start * h, (end - start) * h), span);
        });
    }

    private void RowsLayerNorm(T[] x, int tokens, string prefix, T[] xhat, T[] rstd, T[] y)
    {
        var gamma = W($"{prefix}.weight");
        var beta = W($"{prefix}.bias");
        Parallel(tokens, (start, end) =>
        {
            for (var t = start; t < end; t++)
            {
                EngineKernels.LayerNormForward<T>(x, t, _hidden, gamma, beta, _eps, xhat, rstd, y);
            }
        });
    }

    /// <summary>Softmax attention of <paramref name="queries"/> queries per sequence (all of them, or just [CLS]) over all its keys.</summary>
    private void AttentionForward(LayerActivations<T> a, int rows, int length, int queries, bool drop, ulong seed, ulong site)
    {
        int h = _hidden, d = _headSize, s = length, ss = queries * length;
        var scale = T.One / T.Sqrt(T.CreateTruncating(d));
        var p = Options.DropoutProbability;
        Parallel(rows, (start, end) =>
        {
            for (var b = start; b < end; b++)
            {
                var keyBias = _keyBias.AsSpan(b * s, s);
                for (var head = 0; head < _heads; head++)
                {
                    var offset = (b * s * h) + (head * d);
                    var queryOffset = (b * queries * h) + (head * d);
                    var pOffset = ((b * _heads) + head) * ss;
                    var probabilities = a.Probabilities.AsSpan(pOffset, ss);
                    Blas.Gemm<T>(false, true, queries, s, d, scale, a.Query.AsSpan(queryOffset), h, a.Key.AsSpan(offset), h, T.Zero, probabilities, s);
                    for (var i = 0; i < queries; i++)
                    {
                        var row = probabilities.Slice(i * s, s);
                        TensorPrimitives.Add(row, keyBias, row);
                        var max = TensorPrimitives.Max<T>(row);
                        TensorPrimitives.Subtract(row, max, row);
                        TensorPrimitives.Exp<T>(row, row);
                        TensorPrimitives.Divide(row, TensorPrimitives.Sum<T>(row), row);
                    }

                    Span<T> used = probabilities;
                    if (drop)
                    {
                        var mask = a.ProbabilityMask.AsSpan(pOffset, ss);
                        EngineKernels.DropoutMask(mask, seed, site, pOffset, p);
                        used = a.DroppedProbabilities.AsSpan(pOffset, ss);
                        TensorPrimitives.Multiply(probabilities, mask, used);
                    }

                    AttentionKernels.Combine<T>(used, s, 1, a.Value.AsSpan(offset), queries, s, d, h, T.One, a.Context.AsSpan(queryOffset));
                }
            }
        });
    }

    private void Backward(BertBatch batch, bool drop)
    {
        int rows = batch.BatchSize, length = batch.SequenceLength, tokens = rows * length, h = _hidden;

        // Classifier, head dropout, pooler (or mean).
        var needHeadInputGradient = Options.Pooling == ClassifierPooling.ClsPooler || _lowestTrained < _layers;
        EngineKernels.LinearBackward<T>(_dLogits, _headInput, rows, h, W($"{BertWeightLayout.Classifier}.weight"), _labels,
            G($"{BertWeightLayout.Classifier}.weight"), G($"{BertWeightLayout.Classifier}.bias"), needHeadInputGradient ? _dHead.AsSpan(0, rows * h) : default, false, _products, _gradientsZero);
        if (!needHeadInputGradient)
        {
            return;
        }

        var dHead = _dHead.AsSpan(0, rows * h);
        if (drop)
        {
            TensorPrimitives.Multiply(dHead, _headMask.AsSpan(0, rows * h), dHead);
        }

        var encoderTrained = _lowestTrained < _layers;
        var dFinal = _megatron ? _g2 : _g1;
        var topRows = ClsOnly(_layers - 1) ? rows : tokens;
        var clsStride = ClsOnly(_layers - 1) ? 1 : length;
        if (encoderTrained)
        {
            Array.Clear(dFinal, 0, topRows * h);
        }

        if (Options.Pooling == ClassifierPooling.ClsPooler)
        {
            // tanh' = 1 - tanh².
            var dPre = _dPre.AsSpan(0, rows * h);
            TensorPrimitives.Multiply(_pooled.AsSpan(0, rows * h), _pooled.AsSpan(0, rows * h), dPre);
            TensorPrimitives.Negate(dPre, dPre);
            TensorPrimitives.Add(dPre, T.One, dPre);
            TensorPrimitives.Multiply(dPre, dHead, dPre);
            EngineKernels.LinearBackward<T>(_dPre, _cls, rows, h, W($"{BertWeightLayout.Pooler}.weight"), h,
                G($"{BertWeightLayout.Pooler}.weight"), G($"{BertWeightLayout.Pooler}.bias"), encoderTrained ? _t1.AsSpan(0, rows * h) : default, false, _products, _gradientsZero);
            if (!encoderTrained)
            {
                return;
            }

            for (var b = 0; b < rows; b++)
            {
                _t1.AsSpan(b * h, h).CopyTo(dFinal.AsSpan(b * clsStride * h, h));
            }
        }
        else
        {
            for (var b = 0; b < rows; b++)
            {
                var count = 0;
                for (var t = 0; t < length; t++)
                {
                    count += batch.AttentionMask[(b * length) + t] != 0 ? 1 : 0;
                }

                var share = T.One / T.CreateTruncating(count);
                for (var t = 0; t < length; t++)
                {
                    if (batch.AttentionMask[(b * length) + t] != 0)
                    {
                        TensorPrimitives.Multiply(dHead.Slice(b * h, h), share, dFinal.AsSpan(((b * length) + t) * h, h));
                    }
                }
            }
        }

        if (_megatron)
        {
            var prefix = BertWeightLayout.FinalLayerNorm;
            EngineKernels.LayerNormParameterGradients<T>(_g2, _xhatF, topRows, h, G($"{prefix}.weight"), G($"{prefix}.bias"));
            RowsLayerNormBackward(_g2, topRows, prefix, _xhatF, _rstdF, _g1, accumulate: false);
        }

        // _g1 holds the gradient of the top layer's output; each layer leaves its input's gradient in _g1 again.
        for (var l = _layers - 1; l >= _lowestTrained; l--)
        {
            var needInput = l > _lowestTrained || _embeddingsTrained;
            LayerBackward(l, rows, length, drop, needInput);
            (_g1, _g2) = (_g2, _g1);
        }

        if (!_embeddingsTrained)
        {
            return;
        }

        var dx = _g1;
        if (drop)
        {
            TensorPrimitives.Multiply(dx.AsSpan(0, tokens * h), _embeddingMask.AsSpan(0, tokens * h), dx);
        }

        if (!_megatron)
        {
            var prefix = BertWeightLayout.EmbeddingLayerNorm;
            EngineKernels.LayerNormParameterGradients<T>(dx, _xhatE, tokens, h, G($"{prefix}.weight"), G($"{prefix}.bias"));
            RowsLayerNormBackward(dx, tokens, prefix, _xhatE, _rstdE, _t1, accumulate: false);
            dx = _t1;
        }

        var word = G(BertWeightLayout.WordEmbeddings)!;
        var position = G(BertWeightLayout.PositionEmbeddings)!;
        var type = G(BertWeightLayout.TokenTypeEmbeddings)!;
        for (var t = 0; t < tokens; t++)
        {
            var row = dx.AsSpan(t * h, h);
            var w = word.AsSpan((int)batch.InputIds[t] * h, h);
            TensorPrimitives.Add(w, row, w);
            var ps = position.AsSpan(t % length * h, h);
            TensorPrimitives.Add(ps, row, ps);
            var ts = type.AsSpan((int)batch.TokenTypeIds[t] * h, h);
            TensorPrimitives.Add(ts, row, ts);
        }
    }

    /// <summary>
    /// Backward of layer <paramref name="l"/>: reads its output's gradient from _g1 (one row per sequence when the
    /// layer ran CLS-only), writes its input's to _g2 (every token) when <paramref name="needInput"/>.
    /// </summary>
    private void LayerBackward(int l, int rows, int length, bool drop, bool needInput)
    {
        var clsOnly = ClsOnly(l);
        int tokens = rows * length, h = _hidden, queryRows = clsOnly ? rows : tokens, n = queryRows * h, inner = queryRows * _intermediate;
        var a = _acts[l];
        var prefix = BertWeightLayout.Layer(l);
        var norm1 = BertWeightLayout.AttentionLayerNorm(Config.Architecture, l);
        var norm2 = BertWeightLayout.FeedForwardLayerNorm(Config.Architecture, l);
        var dy = _g1;
        var dMiddle = _t1;
        var dx = _g2;

        // Feed-forward block: output dense (after dropout) and its residual.
        if (_megatron)
        {
            dy.AsSpan(0, n).CopyTo(dMiddle);
        }
        else
        {
            EngineKernels.LayerNormParameterGradients<T>(dy, a.Xhat2, queryRows, h, G($"{norm2}.weight"), G($"{norm2}.bias"));
            RowsLayerNormBackward(dy, queryRows, norm2, a.Xhat2, a.Rstd2, dMiddle, accumulate: false);
        }

        var dF = dMiddle;
        if (drop)
        {
            dF = _t2;
            TensorPrimitives.Multiply(dMiddle.AsSpan(0, n), a.OutputMask.AsSpan(0, n), dF);
        }

        EngineKernels.LinearBackward<T>(dF, a.Activated, queryRows, _intermediate, W($"{prefix}.output.dense.weight"), h,
            G($"{prefix}.output.dense.weight"), G($"{prefix}.output.dense.bias"), _dInner.AsSpan(0, inner), false, _products, _gradientsZero);
        TensorPrimitives.Multiply(_dInner.AsSpan(0, inner), a.ActivationDerivative.AsSpan(0, inner), _dInner);

        // dResidual: the gradient of the attention block's output (x1 in Megatron, r1 = LN1's input in BERT).
        T[] dResidual;
        if (_megatron)
        {
            EngineKernels.LinearBackward<T>(_dInner, a.FeedForwardInput, queryRows, h, W($"{prefix}.intermediate.dense.weight"), _intermediate,
                G($"{prefix}.intermediate.dense.weight"), G($"{prefix}.intermediate.dense.bias"), _t2.AsSpan(0, n), false, _products, _gradientsZero);
            EngineKernels.LayerNormParameterGradients<T>(_t2, a.Xhat2, queryRows, h, G($"{norm2}.weight"), G($"{norm2}.bias"));
            RowsLayerNormBackward(_t2, queryRows, norm2, a.Xhat2, a.Rstd2, dMiddle, accumulate: true);
            dResidual = dMiddle;
        }
        else
        {
            EngineKernels.LinearBackward<T>(_dInner, a.Middle, queryRows, h, W($"{prefix}.intermediate.dense.weight"), _intermediate,
                G($"{prefix}.intermediate.dense.weight"), G($"{prefix}.intermediate.dense.bias"), dMiddle.AsSpan(0, n), true, _products, _gradientsZero);
            EngineKernels.LayerNormParameterGradients<T>(dMiddle, a.Xhat1, queryRows, h, G($"{norm1}.weight"), G($"{norm1}.bias"));
            dResidual = clsOnly ? _dResidual : dx;
            RowsLayerNormBackward(dMiddle, queryRows, norm1, a.Xhat1, a.Rstd1, dResidual, accumulate: false);
        }

        // The residual path: straight into the layer input's gradient ([CLS] rows only when CLS-only).
        if (clsOnly)
        {
            Array.Clear(dx, 0, tokens * h);
            for (var b = 0; b < rows; b++)
            {
                dResidual.AsSpan(b * h, h).CopyTo(dx.AsSpan(b * length * h, h));
            }
        }
        else if (dResidual != dx)
        {
            dResidual.AsSpan(0, n).CopyTo(dx);
        }

        // Attention block: output dense (after dropout), attention, Q/K/V.
        var dA = dResidual;
        if (drop)
        {
            dA = _t2;
            TensorPrimitives.Multiply(dResidual.AsSpan(0, n), a.AttentionMask.AsSpan(0, n), dA);
        }

        EngineKernels.LinearBackward<T>(dA, a.Context, queryRows, h, W($"{prefix}.attention.output.dense.weight"), h,
            G($"{prefix}.attention.output.dense.weight"), G($"{prefix}.attention.output.dense.bias"), _dContext.AsSpan(0, n), false, _products, _gradientsZero);
        AttentionBackward(a, rows, length, clsOnly ? 1 : length, drop);

        // Q/K/V: in Megatron their input gradient goes through LNa (into _t2 first); in BERT straight into dx.
        var attentionInput = _megatron ? a.AttentionInput : a.Input;
        var needAttentionInput = _megatron || needInput;
        var dAttentionInput = _megatron ? _t2 : dx;
        Span<T> dIn = needAttentionInput ? dAttentionInput.AsSpan(0, tokens * h) : default;
        EngineKernels.LinearBackward<T>(_dKey, attentionInput, tokens, h, W($"{prefix}.attention.self.key.weight"), h,
            G($"{prefix}.attention.self.key.weight"), G($"{prefix}.attention.self.key.bias"), dIn, !_megatron, _products, _gradientsZero);
        EngineKernels.LinearBackward<T>(_dValue, attentionInput, tokens, h, W($"{prefix}.attention.self.value.weight"), h,
            G($"{prefix}.attention.self.value.weight"), G($"{prefix}.attention.self.value.bias"), dIn, true, _products, _gradientsZero);
        AdapterBackward($"{prefix}.attention.self.value", _dValue, attentionInput, tokens, a.ValueLowRank, dIn);
        if (clsOnly)
        {
            EngineKernels.LinearBackward<T>(_dQuery, a.QueryInput, rows, h, W($"{prefix}.attention.self.query.weight"), h,
                G($"{prefix}.attention.self.query.weight"), G($"{prefix}.attention.self.query.bias"), needAttentionInput ? _dResidual.AsSpan(0, rows * h) : default, false, _products, _gradientsZero);
            AdapterBackward($"{prefix}.attention.self.query", _dQuery, a.QueryInput, rows, a.QueryLowRank, needAttentionInput ? _dResidual.AsSpan(0, rows * h) : default);
            if (needAttentionInput)
            {
                for (var b = 0; b < rows; b++)
                {
                    var target = dAttentionInput.AsSpan(b * length * h, h);
                    TensorPrimitives.Add(target, _dResidual.AsSpan(b * h, h), target);
                }
            }
        }
        else
        {
            EngineKernels.LinearBackward<T>(_dQuery, attentionInput, tokens, h, W($"{prefix}.attention.self.query.weight"), h,
                G($"{prefix}.attention.self.query.weight"), G($"{prefix}.attention.self.query.bias"), dIn, true, _products, _gradientsZero);
            AdapterBackward($"{prefix}.attention.self.query", _dQuery, attentionInput, tokens, a.QueryLowRank, dIn);
        }

        if (_megatron)
        {
            EngineKernels.LayerNormParameterGradients<T>(_t2, a.Xhat1, tokens, h, G($"{norm1}.weight"), G($"{norm1}.bias"));
            if (needInput)
            {
                RowsLayerNormBackward(_t2, tokens, norm1, a.Xhat1, a.Rstd1, dx, accumulate: true);
            }
        }
    }

    /// <summary>y += s·(x·Aᵀ)·Bᵀ over <paramref name="rows"/> rows, keeping x·Aᵀ for the backward pass.</summary>
    private void AdapterForward(string target, T[] x, int rows, T[] lowRank, T[] y)
    {
        if (!_adapters.TryGetValue(target, out var adapter))
        {
            return;
        }

        Blas.Gemm<T>(false, true, rows, _rank, _hidden, T.One, x, _hidden, adapter.A, _hidden, T.Zero, lowRank, _rank);
        Blas.Gemm<T>(false, true, rows, _hidden, _rank, _loraScale, lowRank, _rank, adapter.B, _rank, T.One, y, _hidden);
    }

    /// <summary>dB += s·dyᵀ·(x·Aᵀ); with u = s·dy·B: dA += uᵀ·x, and dx += u·A when dx is given.</summary>
    private void AdapterBackward(string target, T[] dy, T[] x, int rows, T[] lowRank, Span<T> dx)
    {
        if (!_adapters.TryGetValue(target, out var adapter))
        {
            return;
        }

        Blas.Gemm<T>(true, false, _hidden, _rank, rows, _loraScale, dy, _hidden, lowRank, _rank, T.One, adapter.GradientB, _rank);
        var u = _dLowRank.AsSpan(0, rows * _rank);
        Blas.Gemm<T>(false, false, rows, _rank, _hidden, _loraScale, dy, _hidden, adapter.B, _rank, T.Zero, u, _rank);
        Blas.Gemm<T>(true, false, _rank, _hidden, rows, T.One, u, _rank, x, _hidden, T.One, adapter.GradientA, _hidden);
        if (!dx.IsEmpty)
        {
            Blas.Gemm<T>(false, false, rows, _hidden, _rank, T.One, u, _rank, adapter.A, _hidden, T.One, dx, _hidden);
        }
    }

    private void AttentionBackward(LayerActivations<T> a, int rows, int length, int queries, bool drop)
    {
        int h = _hidden, d = _headSize, s = length, ss = queries * length;
        var scale = T.One / T.Sqrt(T.CreateTruncating(d));
        Parallel(rows, (start, end) =>
        {
            for (var b = start; b < end; b++)
            {
                var dScores = _scores.AsSpan(b * s * s, ss);
                for (var head = 0; head < _heads; head++)
                {
                    var offset = (b * s * h) + (head * d);
                    var queryOffset = (b * queries * h) + (head * d);
                    var pOffset = ((b * _heads) + head) * ss;
                    var probabilities = a.Probabilities.AsSpan(pOffset, ss);
                    ReadOnlySpan<T> used = drop ? a.DroppedProbabilities.AsSpan(pOffset, ss) : probabilities;

                    // context = used·V: d(used) = dContext·Vᵀ, dV = usedᵀ·dContext.
                    Blas.Gemm<T>(false, true, queries, s, d, T.One, _dContext.AsSpan(queryOffset), h, a.Value.AsSpan(offset), h, T.Zero, dScores, s);
                    AttentionKernels.Combine<T>(used, 1, s, _dContext.AsSpan(queryOffset), s, queries, d, h, T.One, _dValue.AsSpan(offset));
                    if (drop)
                    {
                        TensorPrimitives.Multiply(dScores, a.ProbabilityMask.AsSpan(pOffset, ss), dScores);
                    }

                    // Softmax: dS = P·(dP - Σ dP·P) per row.
                    for (var i = 0; i < queries; i++)
                    {
                        var row = dScores.Slice(i * s, s);
                        var pr = probabilities.Slice(i * s, s);
                        var dot = TensorPrimitives.Dot<T>(row, pr);
                        TensorPrimitives.Subtract(row, dot, row);
                        TensorPrimitives.Multiply(row, pr, row);
                    }

                    // scores = scale·Q·Kᵀ: dQ = scale·dS·K, dK = scale·dSᵀ·Q.
                    AttentionKernels.Combine<T>(dScores, s, 1, a.Key.AsSpan(offset), queries, s, d, h, scale, _dQuery.AsSpan(queryOffset));
                    AttentionKernels.Combine<T>(dScores, 1, s, a.Query.AsSpan(queryOffset), s, queries, d, h, scale, _dKey.AsSpan(offset));
                }
            }
        });
    }

    private void RowsLayerNormBackward(T[] dy, int tokens, string prefix, T[] xhat, T[] rstd, T[] dx, bool accumulate)
    {
        var gamma = W($"{prefix}.weight");
        Parallel(tokens, (start, end) =>
        {
            var scratch = new T[_hidden];
            for (var t = start; t < end; t++)
            {
                EngineKernels.LayerNormBackward<T>(dy, t, _hidden, gamma, xhat, rstd, dx, accumulate, scratch);
            }
        });
    }
}
