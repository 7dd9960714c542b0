using SentimentFactor.Scoring.Evaluation;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>What a run did.</summary>
/// <param name="Completed">False when the run stopped early on request (the training folder holds its state).</param>
/// <param name="Directory">The output folder (written only when completed).</param>
/// <param name="Epochs">Metrics of each finished epoch.</param>
/// <param name="BestEpoch">1-based epoch whose weights were kept (0: the last weights).</param>
/// <param name="Heldout">The kept model on the held-out split, when there is one.</param>
/// <param name="Steps">Optimizer steps taken in all.</param>
/// <param name="Elapsed">Training time over every process of the run.</param>
public sealed record FineTuneResult(bool Completed, string Directory, IReadOnlyList<FineTuneEpoch> Epochs, int BestEpoch,
    ClassificationReport? Heldout, long Steps, TimeSpan Elapsed);
