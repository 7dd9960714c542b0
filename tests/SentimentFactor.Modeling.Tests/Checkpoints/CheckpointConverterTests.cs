using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Modeling.Tests.Checkpoints;

public sealed class CheckpointConverterTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly CheckpointConverter _converter = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Converted_folder_has_model_config_and_vocab_and_matches_the_reference()
    {
        var checkpoint = _temp.Combine("ckpt");
        var weights = await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.MegatronBert), checkpoint, CancellationToken.None);
        var output = _temp.Combine("out");

        var result = await _converter.ConvertAsync(checkpoint, output, new CheckpointConversionOptions(), CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));
        Assert.Equal(File.ReadAllLines(Path.Combine(checkpoint, "vocab.txt")), File.ReadAllLines(Path.Combine(output, "vocab.txt")));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!.AsObject();
        Assert.Equal("positive", config["id2label"]!["2"]!.GetValue<string>());
        Assert.Equal(64, config["max_length"]!.GetValue<int>());
        Assert.True(config["do_lower_case"]!.GetValue<bool>());
        Assert.Equal("fused", config["onnx"]!["variant"]!.GetValue<string>());
        Assert.False(result.ExternalData);
        Assert.DoesNotContain(Directory.GetDirectories(_temp.Path), d => Path.GetFileName(d).StartsWith('.'));

        var batch = TinyModels.MixedBatch();
        using var classifier = new OnnxSequenceClassifier(result.ModelPath, ExecutionDevice.Cpu, NullLogger.Instance, 1);
        AssertClose(ReferenceBert.Logits(weights, batch), classifier.Run(batch), 1e-4f);
    }

    [Fact]
    public async Task Big_weights_go_to_external_data_and_still_run()
    {
        var checkpoint = _temp.Combine("ckpt");
        var weights = await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.Bert), checkpoint, CancellationToken.None);
        var output = _temp.Combine("out");

        var result = await _converter.ConvertAsync(checkpoint, output,
            new CheckpointConversionOptions { ExternalDataThresholdBytes = 4096, Export = new OnnxExportOptions { Variant = OnnxGraphVariant.Plain } },
            CancellationToken.None);

        Assert.True(result.ExternalData);
        var dataFile = new FileInfo(Path.Combine(output, "model.onnx.data"));
        Assert.True(dataFile.Exists);
        Assert.True(dataFile.Length > new FileInfo(result.ModelPath).Length, "the weights should live in model.onnx.data, not model.onnx");
        var batch = TinyModels.MixedBatch();
        using var classifier = new OnnxSequenceClassifier(result.ModelPath, ExecutionDevice.Cpu, NullLogger.Instance, 1);
        AssertClose(ReferenceBert.Logits(weights, batch), classifier.Run(batch), 1e-4f);
    }

    [Fact]
    public async Task Sharded_checkpoint_with_an_index_converts_like_a_single_file()
    {
        var checkpoint = _temp.Combine("ckpt");
        var weights = await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.MegatronBert), checkpoint, CancellationToken.None);
        File.Delete(Path.Combine(checkpoint, SafetensorsCheckpoint.SingleFileName));
        var tensors = weights.Tensors.ToList();
        var half = tensors.Count / 2;
        var map = new Dictionary<string, string>();
        await SafetensorsWriter.WriteAsync(Path.Combine(checkpoint, "model-00001-of-00002.safetensors"), tensors[..half], SafetensorsDType.F32, null, CancellationToken.None);
        await SafetensorsWriter.WriteAsync(Path.Combine(checkpoint, "model-00002-of-00002.safetensors"), tensors[half..], SafetensorsDType.F32, null, CancellationToken.None);
        for (var i = 0; i < tensors.Count; i++)
        {
            map[tensors[i].Name] = i < half ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
        }

        await SafetensorsWriter.WriteIndexAsync(Path.Combine(checkpoint, SafetensorsCheckpoint.IndexFileName), map, weights.ParameterCount * 4, CancellationToken.None);

        var loaded = await _converter.LoadAsync(checkpoint, CancellationToken.None);

        foreach (var tensor in tensors)
        {
            Assert.Equal(tensor.Data, loaded.Data(tensor.Name));
        }
    }

    [Fact]
    public async Task Missing_tensor_is_named_and_no_output_folder_is_left()
    {
        var checkpoint = await WriteCheckpointWithout("bert.encoder.layer.1.ln.weight");
        var output = _temp.Combine("out");

        var error = await Assert.ThrowsAsync<ModelingException>(() => _converter.ConvertAsync(checkpoint, output, new CheckpointConversionOptions(), CancellationToken.None));

        Assert.Contains("bert.encoder.layer.1.ln.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("[32]", error.Message, StringComparison.Ordinal);
        AssertNoOutput(output);
    }

    [Fact]
    public async Task Mis_shaped_tensor_is_named_with_both_shapes()
    {
        var checkpoint = _temp.Combine("ckpt");
        var weights = await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.MegatronBert), checkpoint, CancellationToken.None);
        var tensors = weights.Tensors
            .Select(t => t.Name == "bert.encoder.layer.0.intermediate.dense.weight" ? new FloatTensor(t.Name, [64, 32], t.Data[..(64 * 32)]) : t)
            .ToList();
        await SafetensorsWriter.WriteAsync(Path.Combine(checkpoint, SafetensorsCheckpoint.SingleFileName), tensors, SafetensorsDType.F32, null, CancellationToken.None);
        var output = _temp.Combine("out");

        var error = await Assert.ThrowsAsync<ModelingException>(() => _converter.ConvertAsync(checkpoint, output, new CheckpointConversionOptions(), CancellationToken.None));

        Assert.Contains("bert.encoder.layer.0.intermediate.dense.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("[64, 32]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[128, 32]", error.Message, StringComparison.Ordinal);
        AssertNoOutput(output);
    }

    [Fact]
    public async Task Bert_weights_under_a_megatron_config_are_refused_before_writing()
    {
        var checkpoint = _temp.Combine("ckpt");
        await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.Bert), checkpoint, CancellationToken.None);
        var configPath = Path.Combine(checkpoint, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["model_type"] = "megatron-bert";
        File.WriteAllText(configPath, config.ToJsonString());
        var output = _temp.Combine("out");

        var error = await Assert.ThrowsAsync<ModelingException>(() => _converter.ConvertAsync(checkpoint, output, new CheckpointConversionOptions(), CancellationToken.None));

        Assert.Contains("bert.encoder.layer.0.attention.ln.weight", error.Message, StringComparison.Ordinal);
        AssertNoOutput(output);
    }

    [Fact]
    public async Task Truncated_weights_leave_no_output_folder()
    {
        var checkpoint = _temp.Combine("ckpt");
        await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.MegatronBert), checkpoint, CancellationToken.None);
        var weightsPath = Path.Combine(checkpoint, SafetensorsCheckpoint.SingleFileName);
        var bytes = File.ReadAllBytes(weightsPath);
        File.WriteAllBytes(weightsPath, bytes[..(bytes.Length - 100)]);
        var output = _temp.Combine("out");

        var error = await Assert.ThrowsAsync<ModelingException>(() => _converter.ConvertAsync(checkpoint, output, new CheckpointConversionOptions(), CancellationToken.None));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        AssertNoOutput(output);
    }

    [Fact]
    public async Task Existing_output_folder_is_kept_unless_overwrite_is_asked()
    {
        var checkpoint = _temp.Combine("ckpt");
        await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.MegatronBert), checkpoint, CancellationToken.None);
        var output = _temp.Combine("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");

        var error = await Assert.ThrowsAsync<ModelingException>(() => _converter.ConvertAsync(checkpoint, output, new CheckpointConversionOptions(), CancellationToken.None));
        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "keep.txt")));

        await _converter.ConvertAsync(checkpoint, output, new CheckpointConversionOptions { Overwrite = true }, CancellationToken.None);
        Assert.False(File.Exists(Path.Combine(output, "keep.txt")));
        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));
    }

    [Fact]
    public async Task Model_info_reports_architecture_labels_inputs_and_opset()
    {
        var checkpoint = _temp.Combine("ckpt");
        var weights = await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.MegatronBert), checkpoint, CancellationToken.None);
        var output = _temp.Combine("out");
        await _converter.ConvertAsync(checkpoint, output, new CheckpointConversionOptions { Export = new OnnxExportOptions { Opset = 18 } }, CancellationToken.None);

        var onnx = await ModelInfo.ReadAsync(output, CancellationToken.None);
        var source = await ModelInfo.ReadAsync(checkpoint, CancellationToken.None);

        Assert.Equal("megatron-bert", onnx.Architecture);
        Assert.Equal(["negative", "neutral", "positive"], onnx.Labels);
        Assert.Contains("input_ids: int64 [batch, sequence]", onnx.Inputs);
        Assert.Contains("logits: float [batch, 3]", onnx.Outputs);
        Assert.Contains("ai.onnx=18", onnx.Opsets);
        Assert.Contains("com.microsoft=1", onnx.Opsets);
        Assert.Equal(64, onnx.Sha256.Length);
        Assert.Equal("checkpoint", source.Kind);
        Assert.Equal(weights.ParameterCount, source.Parameters);
    }

    private async Task<string> WriteCheckpointWithout(string tensor)
    {
        var checkpoint = _temp.Combine("ckpt");
        var weights = await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.MegatronBert), checkpoint, CancellationToken.None);
        await SafetensorsWriter.WriteAsync(Path.Combine(checkpoint, SafetensorsCheckpoint.SingleFileName),
            weights.Tensors.Where(t => t.Name != tensor).ToList(), SafetensorsDType.F32, null, CancellationToken.None);
        return checkpoint;
    }

    private void AssertNoOutput(string output)
    {
        Assert.False(Directory.Exists(output), $"{output} should not exist");
        Assert.DoesNotContain(Directory.GetDirectories(_temp.Path), d => Path.GetFileName(d).StartsWith('.'));
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"max |reference - onnx| = {worst} > {tolerance}");
    }
}
