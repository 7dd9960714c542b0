using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Training;

/// <summary>
/// A BERT or Megatron-BERT sequence classifier that trains: a float32 forward pass with the math of
/// the tests' reference forward pass, ReferenceBert (dropout only in <see cref="ForwardBackward"/>), and a hand-written backward pass over
/// OpenBLAS matrix products (docs/model.md, "Fine-tuning: why hand-written backward over OpenBLAS"). It updates the
/// float arrays of the <see cref="BertWeights"/> it was built from in place, so those weights can be saved after
/// training. Not thread-safe: one batch at a time. Keeps its activation buffers between batches (grown to the largest
/// batch seen); dispose it to drop them early.
/// </summary>
public sealed class TrainableBert : IDisposable
{
    private readonly BertEngine<float> _engine;

    /// <summary>
    /// Wraps <paramref name="weights"/> (not copied: training changes them) with <paramref name="options"/>; throws
    /// <see cref="ModelingException"/> when OpenBLAS (libopenblas.so.0) cannot be loaded.
    /// </summary>
    public TrainableBert(BertWeights weights, TrainableBertOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(weights.Config.NumHiddenLayers);
        Weights = weights;
        Options = options;
        _engine = new BertEngine<float>(weights.Config, name => weights.Data(name), options);
        Parameters = _engine.Parameters.Select(p => new TrainableParameter(p.Name, p.Shape, p.Value, p.Gradient)).ToArray();
    }

    /// <summary>The matrix-product backends, for logs: e.g. "ONNX Runtime Gemm (Linear layers), OpenBLAS SkylakeX kernels (attention), 2 threads".</summary>
    public string GemmBackend => $"ONNX Runtime Gemm (Linear layers), OpenBLAS {Blas.CoreName()} kernels (attention), {Options.Threads ?? Environment.ProcessorCount} threads";

    /// <summary>The weights being trained (the same instance the constructor got).</summary>
    public BertWeights Weights { get; }

    /// <summary>What is trained and how.</summary>
    public TrainableBertOptions Options { get; }

    /// <summary>
    /// The trained tensors in checkpoint order, then the LoRA adapters (PEFT's names: …query.lora_A.weight [rank,
    /// hidden], …query.lora_B.weight [hidden, rank]); frozen tensors (and the pooler under mean pooling) are absent.
    /// </summary>
    public IReadOnlyList<TrainableParameter> Parameters { get; }

    /// <summary>
    /// Runs the batch forward with dropout drawn from <paramref name="dropoutSeed"/> (the same seed gives the same
    /// masks) and backward, adding the gradient of the returned loss to every <see cref="TrainableParameter.Gradient"/>.
    /// The loss is the class-weighted mean cross-entropy of PyTorch's CrossEntropyLoss(weight): sum over rows of
    /// w[label]·nll / sum of w[label]. <paramref name="labels"/> holds one class index per row;
    /// <paramref name="classWeights"/> one weight per class, or is empty for weight 1.
    /// </summary>
    public float ForwardBackward(BertBatch batch, ReadOnlySpan<int> labels, ReadOnlySpan<float> classWeights, ulong dropoutSeed)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _engine.Run(batch, labels, classWeights, dropoutSeed, dropout: true, backward: true);
    }

    /// <summary>
    /// The loss <see cref="ForwardBackward"/> would return, without dropout and without touching the gradients (for a
    /// held-out loss).
    /// </summary>
    public float Loss(BertBatch batch, ReadOnlySpan<int> labels, ReadOnlySpan<float> classWeights)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _engine.Run(batch, labels, classWeights, 0, dropout: false, backward: false);
    }

    /// <summary>Logits without dropout, row-major [BatchSize, labels]; under <see cref="ClassifierPooling.ClsPooler"/> those of the tests' ReferenceBert.Logits.</summary>
    public float[] Logits(BertBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _engine.Logits(batch);
    }

    /// <summary>
    /// Folds the LoRA adapters into the query and value weights of <see cref="Weights"/> (W += alpha/rank·B·A) and
    /// sets each B to 0, so the model computes the same function and <see cref="Weights"/> alone carries it (for
    /// saving or export). Does nothing without <see cref="TrainableBertOptions.LoraRank"/>. The optimizer's moments
    /// for B are not reset; merge after training.
    /// </summary>
    public void MergeAdapters() => _engine.MergeAdapters();

    /// <summary>
    /// Bytes of activation and scratch buffers a training batch of <paramref name="rows"/> rows of
    /// <paramref name="sequenceLength"/> tokens needs (what the model keeps between batches, beside the weights,
    /// gradients and optimizer state), so a caller can refuse a token budget too large for memory before training.
    /// </summary>
    public long ActivationBytes(int rows, int sequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        return _engine.ActivationBytes(rows, sequenceLength);
    }

    /// <summary>Sets every gradient to 0.</summary>
    public void ZeroGradients() => _engine.ZeroGradients();

    /// <summary>Drops the activation buffers; the weights stay.</summary>
    public void Dispose() => _engine.Dispose();
}
