using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace SentimentFactor.Scoring.Training;

/// <summary>L-BFGS from the origin, as every head trainer here runs it.</summary>
internal static class Lbfgs
{
    /// <summary>The minimising parameters of <paramref name="evaluate"/> (loss and gradient), starting at zero.</summary>
    public static double[] Minimize(
        Func<Vector<double>, (double, Vector<double>)> evaluate, int parameterCount, double gradientTolerance, int maxIterations)
    {
        var objective = ObjectiveFunction.Gradient(evaluate);
        var minimizer = new LimitedMemoryBfgsMinimizer(gradientTolerance, 1e-10, 1e-12, 10, maxIterations);
        try
        {
            return minimizer.FindMinimum(objective, Vector<double>.Build.Dense(parameterCount)).MinimizingPoint.ToArray();
        }
        catch (MaximumIterationsException)
        {
            // Hitting the iteration cap still leaves a usable (and deterministic) point: evaluate where it stopped.
            return objective.Point.ToArray();
        }
    }
}
