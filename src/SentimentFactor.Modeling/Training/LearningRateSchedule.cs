namespace SentimentFactor.Modeling.Training;

/// <summary>
/// Linear warm-up from 0 to <see cref="PeakLearningRate"/> over <see cref="WarmupSteps"/>, then linear decay to 0 at
/// <see cref="TotalSteps"/>, as Hugging Face's get_linear_schedule_with_warmup: step k (0-based, the k-th optimizer
/// step) uses peak·k/warmup while k &lt; warmup, else peak·max(0, (total-k)/(total-warmup)).
/// </summary>
/// <param name="PeakLearningRate">Learning rate at the end of warm-up.</param>
/// <param name="WarmupSteps">Steps of the warm-up (0 for none).</param>
/// <param name="TotalSteps">Steps of the whole run; the rate reaches 0 there.</param>
public sealed record LearningRateSchedule(double PeakLearningRate, long WarmupSteps, long TotalSteps)
{
    /// <summary>The learning rate of optimizer step <paramref name="step"/> (0-based).</summary>
    public double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
        {
            return PeakLearningRate * step / Math.Max(1, WarmupSteps);
        }

        return PeakLearningRate * Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps));
    }
}
