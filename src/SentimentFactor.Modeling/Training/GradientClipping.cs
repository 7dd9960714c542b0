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
        double sumOfSquares = 0;
        foreach (var p in parameters)
        {
            double norm = TensorPrimitives.Norm(p.Gradient);
            sumOfSquares += norm * norm;
        }

        var total = Math.Sqrt(sumOfSquares);
        var coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1)
        {
            foreach (var p in parameters)
            {
                TensorPrimitives.Multiply(p.Gradient, (float)coefficient, p.Gradient);
            }
        }

        return total;
    }
}
