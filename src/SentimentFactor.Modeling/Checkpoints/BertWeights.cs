namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// A sequence classifier's config with all its weights in memory as float32, in the checkpoint's layout
/// (Linear weights [out, in]). Built by <see cref="LoadAsync"/> after every name and shape has been checked.
/// </summary>
public sealed class BertWeights
{
    private readonly Dictionary<string, FloatTensor> _tensors;

    /// <summary>Wraps tensors already checked against <paramref name="config"/> (see <see cref="Validate"/>).</summary>
    public BertWeights(BertConfig config, IEnumerable<FloatTensor> tensors)
    {
        Config = config;
        _tensors = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var (name, shape) in BertWeightLayout.Expected(config))
        {
            if (!_tensors.TryGetValue(name, out var tensor))
            {
                throw ModelingException.TensorMissing("(memory)", name, TensorShape.Format(shape), 1);
            }

            if (!tensor.Shape.SequenceEqual(shape) || tensor.Data.LongLength != TensorShape.Count(shape))
            {
                throw ModelingException.TensorShapeMismatch("(memory)", name, TensorShape.Format(shape), TensorShape.Format(tensor.Shape));
            }
        }
    }

    /// <summary>The model's config.</summary>
    public BertConfig Config { get; }

    /// <summary>Total elements over the tensors the classifier uses.</summary>
    public long ParameterCount => BertWeightLayout.Expected(Config).Sum(e => TensorShape.Count(e.Shape));

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    public FloatTensor this[string name] => _tensors[name];

    /// <summary>Data of tensor <paramref name="name"/>.</summary>
    public float[] Data(string name) => _tensors[name].Data;

    /// <summary>The classifier's tensors in checkpoint order.</summary>
    public IEnumerable<FloatTensor> Tensors => BertWeightLayout.Expected(Config).Select(e => _tensors[e.Name]);

    /// <summary>
    /// Checks that <paramref name="checkpoint"/> has every tensor <paramref name="config"/> needs, with the right shape
    /// and a floating-point dtype, before anything is read; throws naming the first missing or mis-shaped tensor.
    /// </summary>
    public static void Validate(BertConfig config, SafetensorsCheckpoint checkpoint)
    {
        var expected = BertWeightLayout.Expected(config);
        var missing = expected.Where(e => checkpoint.Find(e.Name) is null).ToList();
        if (missing.Count > 0)
        {
            throw ModelingException.TensorMissing(checkpoint.Directory, missing[0].Name, TensorShape.Format(missing[0].Shape), missing.Count);
        }

        foreach (var (name, shape) in expected)
        {
            var info = checkpoint.Find(name)!;
            if (!info.Shape.SequenceEqual(shape.Select(d => (long)d)))
            {
                throw ModelingException.TensorShapeMismatch(checkpoint.Directory, name, TensorShape.Format(shape), info.ShapeText);
            }

            if (!SafetensorsDType.IsFloatingPoint(info.DType))
            {
                throw ModelingException.SafetensorsUnsupportedDType(checkpoint.Directory, name, info.DType);
            }
        }
    }

    /// <summary>Validates (see <see cref="Validate"/>) and reads every tensor the classifier needs, as float32.</summary>
    public static async Task<BertWeights> LoadAsync(BertConfig config, SafetensorsCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        Validate(config, checkpoint);
        var tensors = new List<FloatTensor>();
        foreach (var (name, shape) in BertWeightLayout.Expected(config))
        {
            tensors.Add(new FloatTensor(name, shape, await checkpoint.ReadFloat32Async(name, cancellationToken)));
        }

        return new BertWeights(config, tensors);
    }
}
