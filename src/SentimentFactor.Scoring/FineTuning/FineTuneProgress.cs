namespace SentimentFactor.Scoring.FineTuning;

/// <summary>Where a run is, after each optimizer step.</summary>
/// <param name="Epoch">1-based epoch in progress.</param>
/// <param name="Epochs">Epochs asked for.</param>
/// <param name="Step">Optimizer steps taken.</param>
/// <param name="TotalSteps">Optimizer steps of the whole run.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="TokensPerSecond">Training tokens (padded) per second in this process.</param>
public sealed record FineTuneProgress(int Epoch, int Epochs, long Step, long TotalSteps, double Loss, double TokensPerSecond);
