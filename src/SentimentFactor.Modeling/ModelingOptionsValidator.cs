using Microsoft.Extensions.Options;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Modeling;

/// <summary>Checks <see cref="ModelingOptions"/> at start, naming key, bound and value of every failure.</summary>
internal sealed class ModelingOptionsValidator : IValidateOptions<ModelingOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelingOptions options)
    {
        var failures = new List<string>();
        if (options.Opset < BertOnnxExporter.MinOpset || options.Opset > BertOnnxExporter.MaxOpset)
        {
            failures.Add($"{ModelingOptions.Section}:Opset must be from {BertOnnxExporter.MinOpset} to {BertOnnxExporter.MaxOpset}, was {options.Opset}.");
        }

        if (options.ExternalDataThresholdBytes < 1 || options.ExternalDataThresholdBytes > OnnxModelWriter.ProtobufLimitBytes)
        {
            failures.Add($"{ModelingOptions.Section}:ExternalDataThresholdBytes must be from 1 to {OnnxModelWriter.ProtobufLimitBytes}, was {options.ExternalDataThresholdBytes}.");
        }

        if (options.MaxSequenceLength < 8 || options.MaxSequenceLength > 65_536)
        {
            failures.Add($"{ModelingOptions.Section}:MaxSequenceLength must be from 8 to 65536, was {options.MaxSequenceLength}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
