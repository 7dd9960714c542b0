using System.Numerics.Tensors;

namespace SentimentFactor.Modeling.Training;

/// <summary>Scales gradients to a maximum global L2 norm, as PyTorch's torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes the L2 norm over every gradient together and, when it exceeds <paramref name="maxNorm"/>, multiplies
    /// every gradient by maxNorm / (norm + 1e-6). Returns the norm before clipping.
    /// </summary>
    public static double ClipGlobalNorm(IReadOnlyList<TrainableParameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        // Both passes run over the tensors on every core; the norms are summed in tensor order, so the result does not
        // depend on how the tensors were shared out.
        var norms = new double[parameters.Count];
        Parallel.For(0, parameters.Count, i => norms[i] = TensorPrimitives.Norm(parameters[i].Gradient));
        double sumOfSquares = 0;
        foreach (var norm in norms)
        {
            sumOfSquares += norm * norm;
        }

        var total = Math.Sqrt(sumOfSquares);
        var coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1)
        {
            Parallel.For(0, parameters.Count, i => TensorPrimitives.Multiply(parameters[i].Gradient, (float)coefficient, parameters[i].Gradient));
        }

        return total;
    }
}
