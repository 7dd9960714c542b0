using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Modeling.Tests.Quantization;

/// <summary>
/// The case that broke 8-bit weights on CPUs without VNNI: activations at the top of their uint8 range times weights
/// at the top of theirs, where ONNX Runtime's vpmaddubsw path adds two products in int16 and saturates. On such a CPU
/// (this project's AVX2 CI machine) an 8-bit recipe returns about half the sum here; on a VNNI CPU both recipes pass.
/// </summary>
public sealed class Int16SaturationTests
{
    private const int Depth = 64;
    private const int Columns = 8;

    [Theory]
    [InlineData(QuantizedMatMulForm.DynamicQuantizeMatMul)]
    [InlineData(QuantizedMatMulForm.MatMulIntegerToFloat)]
    [InlineData(QuantizedMatMulForm.MatMulInteger)]
    public void Largest_activations_times_largest_weights_sum_exactly(QuantizedMatMulForm form)
    {
        // x in [0, 1] quantises to 0..255 with zero point 0; every weight is its column's largest, so each one
        // quantises to +WeightLevels (or -WeightLevels) and each pair of products is the largest the kernel adds.
        var x = new float[Depth];
        Array.Fill(x, 1f);
        var weights = new float[Depth * Columns];
        for (var c = 0; c < Columns; c++)
        {
            for (var r = 0; r < Depth; r++)
            {
                weights[(r * Columns) + c] = c % 2 == 0 ? 0.5f : -0.25f;
            }
        }

        var model = DynamicInt8Quantizer.Quantize(MatMulModel(weights), form, _ => false).Model;

        var y = Run(model, x);
        for (var c = 0; c < Columns; c++)
        {
            var expected = Depth * (c % 2 == 0 ? 0.5f : -0.25f);
            Assert.True(MathF.Abs(y[c] - expected) <= 1e-3f * MathF.Abs(expected), $"column {c}: {y[c]} instead of {expected}");
        }
    }

    [Fact]
    public void Weights_stay_within_the_seven_bit_range()
    {
        var random = new Random(7);
        var weights = new float[Depth * Columns];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var model = DynamicInt8Quantizer.Quantize(MatMulModel(weights), QuantizedMatMulForm.DynamicQuantizeMatMul, _ => false).Model;

        var quantised = model.Graph.Initializer.Single(t => t.DataType == (int)TensorProto.Types.DataType.Int8 && t.Dims.Count == 2);
        var values = quantised.RawData.Span.ToArray().Select(b => (int)(sbyte)b).ToArray();
        Assert.Equal(DynamicInt8Quantizer.WeightLevels, values.Max(Math.Abs));
    }

    private static ModelProto MatMulModel(float[] weights)
    {
        var builder = new OnnxGraphBuilder("saturation", 17);
        builder.AddInput("x", TensorProto.Types.DataType.Float, 1L, (long)Depth);
        var w = builder.AddInitializer("w", weights, [Depth, Columns]);
        var y = builder.Node("MatMul", ["x", w]);
        builder.AddOutput(y, "y", TensorProto.Types.DataType.Float, 1L, (long)Columns);
        return builder.Build("tests", "1", new Dictionary<string, string>(), "");
    }

    private static float[] Run(ModelProto model, float[] x)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        using var input = OrtValue.CreateTensorValueFromMemory(x, [1, Depth]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
