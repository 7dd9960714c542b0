using System.Text.Json;
using System.Text.Json.Serialization;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// Where an interrupted run stands (state.json of the training folder): the next batch to run, the optimizer step, the
/// best epoch so far and the metrics of the epochs done. The weights and optimizer moments sit beside it.
/// </summary>
public sealed record FineTuneState
{
    /// <summary>The arguments that produced it (<see cref="FineTuneOptions.ResumeKey"/>).</summary>
    public required string ResumeKey { get; init; }

    /// <summary>SHA-256 of the data file.</summary>
    public required string DataSha256 { get; init; }

    /// <summary>Epoch in progress (0-based).</summary>
    public int Epoch { get; init; }

    /// <summary>Next batch of <see cref="Epoch"/> to run.</summary>
    public int Batch { get; init; }

    /// <summary>Optimizer steps taken.</summary>
    public long Step { get; init; }

    /// <summary>Sum of the batch losses of the epoch in progress, and how many.</summary>
    public double EpochLossSum { get; init; }

    /// <summary>Batches of the epoch in progress whose loss is in <see cref="EpochLossSum"/>.</summary>
    public int EpochBatches { get; init; }

    /// <summary>Best early-stopping macro-F1 so far (-1: none yet).</summary>
    public double BestMacroF1 { get; init; } = -1;

    /// <summary>Epoch (1-based) of <see cref="BestMacroF1"/>; 0: none.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Whether early stopping ended the run.</summary>
    public bool Stopped { get; init; }

    /// <summary>Training seconds before this process.</summary>
    public double Seconds { get; init; }

    /// <summary>Metrics of each finished epoch.</summary>
    public IReadOnlyList<FineTuneEpoch> Epochs { get; init; } = [];

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="TrainLoss">Mean batch loss (with dropout) over the epoch.</param>
/// <param name="Accuracy">Accuracy on the early-stopping split.</param>
/// <param name="MacroF1">Macro-F1 on the early-stopping split.</param>
/// <param name="Steps">Optimizer steps taken by the end of the epoch.</param>
/// <param name="TokensPerSecond">Training tokens (padded) per second over the epoch's batches in this process.</param>
public sealed record FineTuneEpoch(int Epoch, double TrainLoss, double Accuracy, double MacroF1, long Steps, double TokensPerSecond);
