using SentimentFactor.Core;

namespace SentimentFactor.Modeling;

/// <summary>
/// A user-facing failure of the modeling stage (bad checkpoint, bad config, bad conversion request). The message
/// is one line: what failed, the value, and what to do.
/// </summary>
public sealed class ModelingException : SentimentFactorException
{
    private ModelingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    internal static ModelingException FileMissing(string path, string remedy) =>
        new($"File not found: {path}. {remedy}");

    internal static ModelingException NotACheckpoint(string directory) =>
        new($"No checkpoint in {directory}: expected config.json with model.safetensors or model.safetensors.index.json. " +
            "Point at a Hugging Face checkpoint folder, or create one with 'sf model init'.");

    internal static ModelingException OnlyPickleWeights(string directory) =>
        new($"Checkpoint {directory} has only pytorch_model.bin (pickle); only safetensors weights are read. " +
            "Save the checkpoint with safe_serialization=True (model.save_pretrained) and convert again.");

    internal static ModelingException SafetensorsTruncated(string path, long expected, long actual) =>
        new($"Safetensors file {path} is truncated: its header needs {expected} bytes, the file has {actual}. " +
            "Copy or download the file again.");

    internal static ModelingException SafetensorsBadHeader(string path, string problem) =>
        new($"Safetensors file {path} has an invalid header: {problem}. The file is corrupt or not safetensors; save it again.");

    internal static ModelingException SafetensorsUnsupportedDType(string path, string tensor, string dtype) =>
        new($"Tensor {tensor} in {path} has dtype {dtype}, which cannot be read as a floating-point weight. " +
            "Save the checkpoint in F32, F16 or BF16.");

    internal static ModelingException ShardIndexInvalid(string path, string problem) =>
        new($"Shard index {path} is invalid: {problem}. Save the checkpoint again with save_pretrained.");

    internal static ModelingException ConfigInvalid(string path, string problem) =>
        new($"Model config {path} is invalid: {problem}. Fix config.json (Hugging Face layout).");

    internal static ModelingException ConfigFieldMissing(string path, string field) =>
        new($"Model config {path} lacks the field '{field}'. Add it to config.json (Hugging Face layout).");

    internal static ModelingException UnsupportedArchitecture(string path, string modelType) =>
        new($"Model config {path} has model_type '{modelType}'; only 'megatron-bert' and 'bert' can be converted. " +
            "Use a Megatron-BERT or BERT sequence-classification checkpoint.");

    internal static ModelingException UnsupportedActivation(string path, string activation) =>
        new($"Model config {path} has hidden_act '{activation}'; supported are gelu, gelu_new, gelu_pytorch_tanh, gelu_fast and relu. " +
            "Use a checkpoint with one of these activations.");

    internal static ModelingException TensorMissing(string directory, string tensor, string expectedShape, int missingCount) =>
        new($"Checkpoint {directory} lacks tensor {tensor} (expected shape {expectedShape})" +
            (missingCount > 1 ? $" and {missingCount - 1} more" : string.Empty) +
            ". The weights do not match config.json: check model_type and num_hidden_layers, or use the matching checkpoint.");

    internal static ModelingException TensorShapeMismatch(string directory, string tensor, string expectedShape, string actualShape) =>
        new($"Tensor {tensor} in checkpoint {directory} has shape {actualShape}, config.json implies {expectedShape}. " +
            "The weights do not match config.json: check hidden_size, intermediate_size, vocab_size and id2label.");

    internal static ModelingException OutputExists(string directory) =>
        new($"Output directory {directory} exists and is not empty. Choose another --out, or pass --force to replace it.");

    internal static ModelingException UnsupportedOpset(int opset, int min, int max) =>
        new($"Opset {opset} is not supported; choose an opset from {min} to {max} (--opset).");

    internal static ModelingException BadSpec(string what, string value, string remedy) =>
        new($"Invalid {what}: {value}. {remedy}");

    internal static ModelingException OnnxUnreadable(string path, Exception innerException) =>
        new($"ONNX model {path} cannot be read: {innerException.Message}. Convert the checkpoint again with 'sf model convert'.", innerException);

    internal static ModelingException QuantizeFp16(string path) =>
        new($"Model {path} is float16; int8 quantisation starts from a float32 model. Quantise the float32 conversion instead ('sf model convert' without --fp16).");

    internal static ModelingException AlreadyQuantized(string path, string evidence) =>
        new($"Model {path} is already quantised ({evidence}). Quantise its float32 original instead.");

    internal static ModelingException NotAClassifier(string path, string problem) =>
        new($"Model {path} is not a sequence classifier: {problem}. Quantise a model folder that 'sf score' accepts (input_ids -> logits, config.json with id2label).");

    internal static ModelingException NothingToQuantize(string path) =>
        new($"Model {path} has no MatMul with constant float32 weights to quantise (fused Attention and Gemm nodes stay float). Convert with --plain, or keep the float32 model.");

    internal static ModelingException ExternalDataUnsupported(string path) =>
        new($"Model {path} keeps its weights in external data (model.onnx.data); quantisation reads weights stored inside model.onnx only. Convert with a higher Modeling:ExternalDataThresholdBytes.");

    internal static ModelingException QuantizeIntoItself(string directory) =>
        new($"The output folder {directory} is the model folder itself. Choose another --out.");
}
