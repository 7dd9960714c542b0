using Microsoft.Extensions.Options;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring;

/// <summary>Checks every <see cref="ScoringOptions"/> key and names key, bound and value of each failure.</summary>
public sealed class ScoringOptionsValidator : IValidateOptions<ScoringOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!ExecutionDeviceParser.TryParse(options.Device, out _))
        {
            failures.Add($"Scoring:Device must be one of auto, cuda, cpu, was '{options.Device}'.");
        }

        if (options.Precision is not ("auto" or "fp32" or "int8"))
        {
            failures.Add($"Scoring:Precision must be one of auto, fp32, int8, was '{options.Precision}'.");
        }

        if (options.MaxTokensPerBatch < 128)
        {
            failures.Add($"Scoring:MaxTokensPerBatch must be at least 128, was {options.MaxTokensPerBatch}.");
        }

        if (options.MaxBatchSize is < 1 or > 65_536)
        {
            failures.Add($"Scoring:MaxBatchSize must be between 1 and 65536, was {options.MaxBatchSize}.");
        }

        if (options.QueueDepth is < 1 or > 64)
        {
            failures.Add($"Scoring:QueueDepth must be between 1 and 64, was {options.QueueDepth}.");
        }

        if (options.ClaimChunkSize is < 1 or > 1_000_000)
        {
            failures.Add($"Scoring:ClaimChunkSize must be between 1 and 1000000, was {options.ClaimChunkSize}.");
        }

        if (options.IntraOpThreads is < 0 or > 1_024)
        {
            failures.Add($"Scoring:IntraOpThreads must be between 0 and 1024, was {options.IntraOpThreads}.");
        }

        if (string.IsNullOrWhiteSpace(options.ModelCacheDirectory))
        {
            failures.Add("Scoring:ModelCacheDirectory must not be empty, was ''.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
