using SentimentFactor.Core;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>The chain did not run (locked) or stopped at a stage: its message is the chain's own, printed as one line.</summary>
internal sealed class NightlyChainFailedException(string message) : SentimentFactorException(message);
