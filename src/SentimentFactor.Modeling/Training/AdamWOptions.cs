namespace SentimentFactor.Modeling.Training;

/// <summary>Hyper-parameters of <see cref="AdamW"/> (PyTorch's torch.optim.AdamW defaults, weight decay 0.01).</summary>
public sealed record AdamWOptions
{
    /// <summary>Decay of the first-moment average.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the bias-corrected root second moment.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay per unit learning rate, applied to parameters whose <see cref="TrainableParameter.DecayApplies"/>.</summary>
    public double WeightDecay { get; init; } = 0.01;
}
