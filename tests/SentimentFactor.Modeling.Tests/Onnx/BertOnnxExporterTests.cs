using Onnx;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Modeling.Tests.Onnx;

public sealed class BertOnnxExporterTests
{
    [Theory]
    [InlineData(OnnxGraphVariant.Plain)]
    [InlineData(OnnxGraphVariant.Fused)]
    public void Every_weight_is_stored_once(OnnxGraphVariant variant)
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert));

        var model = BertOnnxExporter.Build(weights, new OnnxExportOptions { Variant = variant });

        var floats = model.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float).ToList();
        Assert.Equal(floats.Count, floats.Select(t => t.Name).Distinct().Count());
        var stored = floats.Where(t => t.Dims.Count > 0).Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        Assert.Equal(weights.ParameterCount, stored);
    }

    [Fact]
    public void Fused_graph_uses_contrib_operators_and_imports_their_domain()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert));

        var model = BertOnnxExporter.Build(weights, new OnnxExportOptions());

        var ops = model.Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(2, ops.Count(o => o == "Attention"));
        Assert.Equal(5, ops.Count(o => o == "SkipLayerNormalization"));
        Assert.Equal(2, ops.Count(o => o == "BiasGelu"));
        Assert.Contains(model.OpsetImport, o => o.Domain == OnnxGraphBuilder.MicrosoftDomain);
        Assert.DoesNotContain("Softmax", ops);
    }

    [Fact]
    public void Plain_graph_uses_only_standard_operators()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert));

        var model = BertOnnxExporter.Build(weights, new OnnxExportOptions { Variant = OnnxGraphVariant.Plain });

        Assert.All(model.Graph.Node, n => Assert.Equal(string.Empty, n.Domain));
        Assert.Single(model.OpsetImport);
        Assert.Equal(["batch", "sequence"], model.Graph.Input[0].Type.TensorType.Shape.Dim.Select(d => d.DimParam));
    }

    [Fact]
    public void Unsupported_opset_is_refused_with_the_range()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert));

        var error = Assert.Throws<ModelingException>(() => BertOnnxExporter.Build(weights, new OnnxExportOptions { Opset = 11 }));

        Assert.Contains("Opset 11", error.Message, StringComparison.Ordinal);
        Assert.Contains("14 to 21", error.Message, StringComparison.Ordinal);
    }
}
