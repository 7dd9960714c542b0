namespace SentimentFactor.Modeling.Training;

/// <summary>
/// One trained tensor: its values (the <see cref="Checkpoints.BertWeights"/> array itself, updated in place) and the
/// gradient that <see cref="TrainableBert.ForwardBackward"/> accumulates into, both row-major in the checkpoint's layout.
/// </summary>
public sealed class TrainableParameter
{
    internal TrainableParameter(string name, int[] shape, float[] value, float[] gradient)
    {
        Name = name;
        Shape = shape;
        Value = value;
        Gradient = gradient;
        DecayApplies = shape.Length > 1;
    }

    /// <summary>Tensor name as the checkpoint spells it.</summary>
    public string Name { get; }

    /// <summary>Dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The weights, shared with the <see cref="Checkpoints.BertWeights"/> the model was built from.</summary>
    public float[] Value { get; }

    /// <summary>Accumulated gradient of the loss with respect to <see cref="Value"/>; zeroed by <see cref="TrainableBert.ZeroGradients"/>.</summary>
    public float[] Gradient { get; }

    /// <summary>
    /// Whether AdamW's weight decay applies: true for matrices and embedding tables, false for biases and LayerNorm
    /// weights (every 1-D tensor), as the usual Hugging Face fine-tuning recipe excludes them.
    /// </summary>
    public bool DecayApplies { get; }
}
