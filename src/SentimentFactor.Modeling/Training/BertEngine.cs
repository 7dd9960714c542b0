using System.Numerics;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Training;

/// <summary>One trained tensor of a <see cref="BertEngine{T}"/>: values and accumulated gradient.</summary>
internal sealed record EngineParameter<T>(string Name, int[] Shape, T[] Value, T[] Gradient);

/// <summary>
/// Forward and backward passes of a BERT-family classifier in element type <typeparamref name="T"/>: float for
/// training, double so the tests can hold the gradients to central finite differences tightly.
/// </summary>
internal sealed class BertEngine<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public BertEngine(BertConfig config, Func<string, T[]> values, TrainableBertOptions options)
    {
        Config = config;
        Options = options;
        Parameters = [];
        _ = values;
        throw new NotImplementedException();
    }

    public BertConfig Config { get; }

    public TrainableBertOptions Options { get; }

    public IReadOnlyList<EngineParameter<T>> Parameters { get; }

    public T Run(BertBatch batch, ReadOnlySpan<int> labels, ReadOnlySpan<float> classWeights, ulong dropoutSeed, bool dropout, bool backward) =>
        throw new NotImplementedException();

    public T[] Logits(BertBatch batch) => throw new NotImplementedException();

    public void ZeroGradients() => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
