using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Onnx;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Quantization;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Modeling.Tests.Quantization;

public sealed class ModelQuantizerTests : IDisposable
{
    // Dynamic int8 keeps logits within 10 % of the batch's largest |logit| on these tiny random models (observed 8.5 %
    // on the plain BERT graph, where the random weights' wide activations cost most; 3.1 % with 8-bit weights): weights
    // lose at most half a step of 1/63 of their column's range (7-bit, DynamicInt8Quantizer.WeightLevels), activations
    // half a step of 1/255 of theirs.
    private const float RelativeTolerance = 0.10f;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(BertArchitecture.Bert, OnnxGraphVariant.Plain, QuantizedMatMulForm.MatMulInteger)]
    [InlineData(BertArchitecture.Bert, OnnxGraphVariant.Plain, QuantizedMatMulForm.MatMulIntegerToFloat)]
    [InlineData(BertArchitecture.MegatronBert, OnnxGraphVariant.Fused, QuantizedMatMulForm.DynamicQuantizeMatMul)]
    public async Task Quantised_graph_matches_float32_within_tolerance(BertArchitecture architecture, OnnxGraphVariant variant, QuantizedMatMulForm form)
    {
        var fp32 = await ConvertAsync(architecture, variant);
        var int8 = _temp.Combine("int8");

        var result = await ModelQuantizer.QuantizeAsync(fp32, int8, new ModelQuantizationOptions { Form = form }, CancellationToken.None);

        Assert.True(result.QuantizedMatMuls >= 2, $"only {result.QuantizedMatMuls} MatMuls quantised");
        Assert.True(result.WeightBytesAfter * 3 < result.WeightBytesBefore);
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(int8, "model.onnx"))).Graph;
        var constants = graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count == 2).Select(t => t.Name).ToHashSet();
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul" && constants.Contains(n.Input[1]));
        Assert.Equal("int8", JsonNode.Parse(File.ReadAllText(Path.Combine(int8, "config.json")))!["precision"]!.GetValue<string>());
        Assert.True(ModelQuantizer.IsInt8(int8));
        Assert.Equal(File.ReadAllBytes(Path.Combine(fp32, "vocab.txt")), File.ReadAllBytes(Path.Combine(int8, "vocab.txt")));

        AssertLogitsClose(fp32, int8);
    }

    [Theory]
    [InlineData(BertArchitecture.Bert)]
    [InlineData(BertArchitecture.MegatronBert)]
    public async Task Fused_attention_becomes_QAttention_and_matches_float32_within_tolerance(BertArchitecture architecture)
    {
        var fp32 = await ConvertAsync(architecture, OnnxGraphVariant.Fused);
        var int8 = _temp.Combine("int8");

        var result = await ModelQuantizer.QuantizeAsync(fp32, int8, new ModelQuantizationOptions(), CancellationToken.None);

        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(int8, "model.onnx"))).Graph;
        var layers = TinyModels.Spec(architecture).Layers;
        Assert.Equal(layers, result.QuantizedAttentions);
        Assert.Equal(layers, graph.Node.Count(n => n.OpType == "QAttention" && n.Domain == OnnxGraphBuilder.MicrosoftDomain));
        Assert.DoesNotContain(graph.Node, n => n.OpType == "Attention");
        // Q/K/V weights as int8 with one scale per output column (3 x hidden), the float32 packed weight gone.
        var qAttention = graph.Node.First(n => n.OpType == "QAttention");
        var weights = graph.Initializer.Single(t => t.Name == qAttention.Input[1]);
        var scales = graph.Initializer.Single(t => t.Name == qAttention.Input[4]);
        Assert.Equal((int)TensorProto.Types.DataType.Int8, weights.DataType);
        Assert.Equal(weights.Dims[1], scales.Dims[0]);
        Assert.DoesNotContain(graph.Initializer, t => t.Name.EndsWith(".qkv.weight", StringComparison.Ordinal));
        Assert.Equal(result.QuantizedAttentions, JsonNode.Parse(File.ReadAllText(Path.Combine(int8, "config.json")))!["quantization"]!["quantized_attention_as_qattention"]!.GetValue<int>());

        AssertLogitsClose(fp32, int8);
    }

    [Fact]
    public async Task Attention_named_by_a_prefix_stays_fused_float32()
    {
        var fp32 = await ConvertAsync(BertArchitecture.Bert, OnnxGraphVariant.Fused);

        var result = await ModelQuantizer.QuantizeAsync(
            fp32, _temp.Combine("kept"), new ModelQuantizationOptions { KeepFloatPrefixes = ["Attention"] }, CancellationToken.None);

        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(result.OutputDirectory, "model.onnx"))).Graph;
        Assert.Equal(0, result.QuantizedAttentions);
        Assert.Equal(TinyModels.Spec(BertArchitecture.Bert).Layers, result.KeptFloatMatMuls);
        Assert.DoesNotContain(graph.Node, n => n.OpType == "QAttention");
        Assert.Equal(result.KeptFloatMatMuls, graph.Node.Count(n => n.OpType == "Attention"));
        Assert.Contains(graph.Node, n => n.OpType == "MatMulInteger");
    }

    [Fact]
    public async Task Nodes_named_by_a_prefix_stay_float32()
    {
        var fp32 = await ConvertAsync(BertArchitecture.Bert, OnnxGraphVariant.Plain);
        var all = await ModelQuantizer.QuantizeAsync(fp32, _temp.Combine("all"), new ModelQuantizationOptions(), CancellationToken.None);
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(fp32, "model.onnx"))).Graph;
        var firstMatMul = graph.Node.First(n => n.OpType == "MatMul" && graph.Initializer.Any(t => t.Name == n.Input[1]));
        var prefix = firstMatMul.Name.Length > 0 ? firstMatMul.Name : firstMatMul.Output[0];

        var kept = await ModelQuantizer.QuantizeAsync(fp32, _temp.Combine("kept"), new ModelQuantizationOptions { KeepFloatPrefixes = [prefix] }, CancellationToken.None);

        Assert.Equal(0, all.KeptFloatMatMuls);
        Assert.True(kept.KeptFloatMatMuls >= 1);
        Assert.Equal(all.QuantizedMatMuls, kept.QuantizedMatMuls + kept.KeptFloatMatMuls);
    }

    [Fact]
    public void Inputs_whose_quantisation_error_is_far_above_the_median_stay_float32()
    {
        var errors = new Dictionary<string, float> { ["a"] = 0.03f, ["b"] = 0.028f, ["c"] = 0.031f, ["ffn_down_0"] = 0.11f, ["d"] = 0.09f };

        Assert.Equal(["ffn_down_0"], ActivationOutliers.Select(errors));
        Assert.Empty(ActivationOutliers.Select(new Dictionary<string, float>()));
    }

    [Fact]
    public void Attention_inputs_are_judged_against_the_matmuls_median_without_moving_it()
    {
        // Counted in the median, five attention inputs near 0.01 would pull it from 0.031 to 0.028 and send "d" (0.088,
        // under 3 x 0.031 but over 3 x 0.028) to float32.
        var errors = new Dictionary<string, float>
        {
            ["a"] = 0.03f,
            ["b"] = 0.028f,
            ["c"] = 0.031f,
            ["d"] = 0.088f,
            ["ffn_down_0"] = 0.11f,
            ["att_0"] = 0.01f,
            ["att_1"] = 0.011f,
            ["att_2"] = 0.012f,
            ["att_3"] = 0.013f,
            ["att_4"] = 0.014f,
            ["att_5"] = 0.2f,
        };

        Assert.Equal(["att_5", "d", "ffn_down_0"], ActivationOutliers.Select(errors));
        Assert.Equal(["att_5", "ffn_down_0"], ActivationOutliers.Select(errors, name => !name.StartsWith("att", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Calibration_of_a_fused_graph_measures_the_attention_inputs_too()
    {
        var fp32 = await ConvertAsync(BertArchitecture.Bert, OnnxGraphVariant.Fused);
        var options = new ModelQuantizationOptions { CalibrationBatches = [TinyModels.MixedBatch(8, seed: 3)] };

        var result = await ModelQuantizer.QuantizeAsync(fp32, _temp.Combine("calibrated"), options, CancellationToken.None);

        var errors = JsonNode.Parse(File.ReadAllText(Path.Combine(result.OutputDirectory, "config.json")))!["quantization"]!["calibration_input_relative_error"]!.AsObject();
        Assert.Equal(result.QuantizedMatMuls + result.KeptFloatMatMuls, errors.Count);
        Assert.Equal(TinyModels.Spec(BertArchitecture.Bert).Layers, errors.Count(e => e.Key.StartsWith("Attention", StringComparison.Ordinal)));
        Assert.All(errors, e => Assert.InRange(e.Value!.GetValue<double>(), 1e-4, 1));
    }

    [Fact]
    public async Task Calibration_measures_every_quantisable_matmul_and_records_it_in_the_config()
    {
        var fp32 = await ConvertAsync(BertArchitecture.Bert, OnnxGraphVariant.Plain);
        var options = new ModelQuantizationOptions { CalibrationBatches = [TinyModels.MixedBatch(8, seed: 3)] };

        var result = await ModelQuantizer.QuantizeAsync(fp32, _temp.Combine("calibrated"), options, CancellationToken.None);

        var errors = JsonNode.Parse(File.ReadAllText(Path.Combine(result.OutputDirectory, "config.json")))!["quantization"]!["calibration_input_relative_error"]!.AsObject();
        Assert.Equal(result.QuantizedMatMuls + result.KeptFloatMatMuls, errors.Count);
        // uint8 steps of 1/255 of the range: every input loses something, none more than the range itself.
        Assert.All(errors, e => Assert.InRange(e.Value!.GetValue<double>(), 1e-4, 1));
        Assert.Equal(result.OutlierNodes.Count, result.KeptFloatMatMuls);
    }

    [Fact]
    public async Task Float16_model_is_refused_and_leaves_no_folder()
    {
        var fp16 = await ConvertAsync(BertArchitecture.Bert, OnnxGraphVariant.Plain, fp16: true);

        var error = await Assert.ThrowsAsync<ModelingException>(() => QuantizeAsync(fp16, "out"));

        Assert.Contains("float16", error.Message, StringComparison.Ordinal);
        AssertNoOutput("out");
    }

    [Fact]
    public async Task Already_quantised_model_is_refused_and_leaves_no_folder()
    {
        var fp32 = await ConvertAsync(BertArchitecture.Bert, OnnxGraphVariant.Plain);
        var int8 = _temp.Combine("int8");
        await ModelQuantizer.QuantizeAsync(fp32, int8, new ModelQuantizationOptions(), CancellationToken.None);
        // Even with the precision key gone, the graph's integer operators give it away.
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(int8, "config.json")))!.AsObject();
        config.Remove("precision");
        File.WriteAllText(Path.Combine(int8, "config.json"), config.ToJsonString());

        var error = await Assert.ThrowsAsync<ModelingException>(() => QuantizeAsync(int8, "again"));

        Assert.Contains("already quantised", error.Message, StringComparison.Ordinal);
        Assert.Contains("DynamicQuantizeLinear", error.Message, StringComparison.Ordinal);
        AssertNoOutput("again");
    }

    [Fact]
    public async Task A_graph_that_is_not_a_classifier_is_refused_and_leaves_no_folder()
    {
        var fp32 = await ConvertAsync(BertArchitecture.Bert, OnnxGraphVariant.Plain);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(fp32, "model.onnx")));
        model.Graph.Output[0].Name = "sentence_embedding";
        model.Graph.Node.First(n => n.Output.Contains("logits")).Output[0] = "sentence_embedding";
        File.WriteAllBytes(Path.Combine(fp32, "model.onnx"), Google.Protobuf.MessageExtensions.ToByteArray(model));

        var error = await Assert.ThrowsAsync<ModelingException>(() => QuantizeAsync(fp32, "out"));

        Assert.Contains("not a sequence classifier", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        AssertNoOutput("out");
    }

    // Both models on one mixed batch: int8 within RelativeTolerance of float32's largest |logit|, and not identical.
    private static void AssertLogitsClose(string fp32, string int8)
    {
        var batch = TinyModels.MixedBatch(16);
        using var reference = new OnnxSequenceClassifier(Path.Combine(fp32, "model.onnx"), ExecutionDevice.Cpu, NullLogger.Instance, 1);
        using var quantised = new OnnxSequenceClassifier(Path.Combine(int8, "model.onnx"), ExecutionDevice.Cpu, NullLogger.Instance, 1);
        var expected = reference.Run(batch);
        var actual = quantised.Run(batch);
        var scale = expected.Max(MathF.Abs);
        var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        Assert.True(worst <= RelativeTolerance * scale, $"max |logit difference| {worst} over largest |logit| {scale}");
        Assert.True(worst > 0, "the int8 graph should not compute exactly the float32 logits");
    }

    private Task<ModelQuantizationResult> QuantizeAsync(string model, string output) =>
        ModelQuantizer.QuantizeAsync(model, _temp.Combine(output), new ModelQuantizationOptions(), CancellationToken.None);

    private void AssertNoOutput(string output)
    {
        Assert.False(Directory.Exists(_temp.Combine(output)));
        Assert.DoesNotContain(Directory.GetDirectories(_temp.Path), d => Path.GetFileName(d).StartsWith('.'));
    }

    private async Task<string> ConvertAsync(BertArchitecture architecture, OnnxGraphVariant variant, bool fp16 = false)
    {
        var checkpoint = _temp.Combine("ckpt-" + Guid.NewGuid().ToString("N")[..6]);
        await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(architecture), checkpoint, CancellationToken.None);
        var output = _temp.Combine("fp32-" + Guid.NewGuid().ToString("N")[..6]);
        await new CheckpointConverter().ConvertAsync(checkpoint, output,
            new CheckpointConversionOptions { Export = new OnnxExportOptions { Variant = variant, Fp16 = fp16 } }, CancellationToken.None);
        return output;
    }
}
