using Microsoft.Extensions.Logging;

namespace SentimentFactor.Scoring;

/// <summary>Every log message of the scoring stage (event ids 3000-3999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Scoring on {Device} (execution provider {Provider}), model {ModelName} {ModelId}")]
    public static partial void ExecutionProvider(ILogger logger, string device, string provider, string modelName, string modelId);


    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Batch of {Rows} posts x {Length} tokens ({UsefulTokens} useful) in {ElapsedMs} ms")]
    public static partial void Batch(ILogger logger, int rows, int length, int usefulTokens, double elapsedMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Building the default model in {Directory} from {TrainingData}")]
    public static partial void BuildingDefaultModel(ILogger logger, string directory, string trainingData);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Trained head on {Examples} examples: L2 {Lambda}, cross-validated macro-F1 {CvMacroF1:F3}, {ElapsedMs} ms")]
    public static partial void HeadTrained(ILogger logger, int examples, double lambda, double cvMacroF1, long elapsedMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Scored {Posts} posts with model {ModelId} in {ElapsedMs} ms ({PostsPerSecond:F1} posts/s), {Empty} empty")]
    public static partial void ScoreRunFinished(ILogger logger, long posts, string modelId, long elapsedMs, double postsPerSecond, long empty);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Scoring cancelled after {Posts} posts with model {ModelId}; a rerun scores the rest")]
    public static partial void ScoreRunCancelled(ILogger logger, long posts, string modelId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Scoring stopped on request after a finished chunk: {Posts} posts with model {ModelId} written; a rerun scores the rest")]
    public static partial void ScoreRunStopped(ILogger logger, long posts, string modelId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "Chunk of {Posts} posts scored and written in {ElapsedMs} ms")]
    public static partial void ChunkWritten(ILogger logger, int posts, long elapsedMs);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Embedded {Texts} texts with the encoder in {ElapsedMs} ms")]
    public static partial void Embedded(ILogger logger, int texts, long elapsedMs);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Held out {Examples} examples (never used for fitting) in {HeldoutPath}")]
    public static partial void HeldoutWritten(ILogger logger, int examples, string heldoutPath);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Assembling the default model in {Directory} from {HeadPath}")]
    public static partial void AssemblingDefaultModel(ILogger logger, string directory, string headPath);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Building the int8 model {Directory} from {Source} and checking it against float32 on {Texts} texts of {ProbeSource}")]
    public static partial void BuildingInt8Model(ILogger logger, string directory, string source, int texts, string probeSource);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "int8 model checked: macro-F1 {Int8MacroF1:F4} vs {Fp32MacroF1:F4} float32, labels agree on {AgreementPercent:F1} %, largest probability difference {MaxProbabilityDifference:F4}; quality holds: {Holds}")]
    public static partial void Int8Checked(ILogger logger, double int8MacroF1, double fp32MacroF1, double agreementPercent, double maxProbabilityDifference, bool holds);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Scoring:Precision auto keeps the float32 default model: its int8 build lost more than the allowed macro-F1 ({Details}); set Scoring:Precision=int8 to use it anyway")]
    public static partial void Int8QualityFailed(ILogger logger, string details);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Information, Message = "Removed {Directory}: an int8 build by an earlier quantiser recipe")]
    public static partial void StaleInt8BuildRemoved(ILogger logger, string directory);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Fine-tuning {Base}: {TrainExamples} training, {ValidationExamples} early-stopping, {HeldoutExamples} held-out examples, {Parameters} trained parameters, {TotalSteps} steps")]
    public static partial void FineTuneStarted(ILogger logger, string @base, int trainExamples, int validationExamples, int heldoutExamples, long parameters, long totalSteps);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Resuming the fine-tuning in {Directory} at epoch {Epoch}, batch {Batch}, step {Step}")]
    public static partial void FineTuneResumed(ILogger logger, string directory, int epoch, int batch, long step);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Debug, Message = "Step {Step}: loss {Loss} on {Rows} x {Length} tokens in {ElapsedMs} ms")]
    public static partial void FineTuneStep(ILogger logger, long step, float loss, int rows, int length, double elapsedMs);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "Epoch {Epoch}: train loss {TrainLoss}, accuracy {Accuracy}, macro-F1 {MacroF1}, {TokensPerSecond} tokens/s")]
    public static partial void FineTuneEpoch(ILogger logger, int epoch, double trainLoss, double accuracy, double macroF1, double tokensPerSecond);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Information, Message = "Fine-tuned model written to {Directory} (best epoch {BestEpoch}; held-out accuracy {Accuracy}, macro-F1 {MacroF1}) after {Seconds} s")]
    public static partial void FineTuneWritten(ILogger logger, string directory, int bestEpoch, double accuracy, double macroF1, double seconds);
}
