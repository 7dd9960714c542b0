using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Modeling.Runtime;
using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Onnx;

/// <summary>The exported graph computes what the model was trained with, for each pooling (sf model finetune --pooling).</summary>
public sealed class PoolingExportTests : IDisposable
{
    private const float Tolerance = 1e-4f;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<BertArchitecture, OnnxGraphVariant, ClassifierPooling> Cases() => new()
    {
        { BertArchitecture.Bert, OnnxGraphVariant.Plain, ClassifierPooling.Mean },
        { BertArchitecture.Bert, OnnxGraphVariant.Fused, ClassifierPooling.Mean },
        { BertArchitecture.MegatronBert, OnnxGraphVariant.Plain, ClassifierPooling.Mean },
        { BertArchitecture.MegatronBert, OnnxGraphVariant.Fused, ClassifierPooling.Mean },
        { BertArchitecture.Bert, OnnxGraphVariant.Fused, ClassifierPooling.ClsPooler },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Onnx_logits_equal_the_trainable_models_on_a_padded_batch(BertArchitecture architecture, OnnxGraphVariant variant, ClassifierPooling pooling)
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(architecture));
        var batch = TinyModels.MixedBatch();
        using var trainable = new TrainableBert(weights, new TrainableBertOptions { Pooling = pooling, Threads = 1 });
        var expected = trainable.Logits(batch);

        var path = _temp.Combine($"model-{Guid.NewGuid():N}.onnx");
        await OnnxModelWriter.WriteAsync(BertOnnxExporter.Build(weights, new OnnxExportOptions { Variant = variant, Pooling = pooling }), path,
            OnnxModelWriter.ProtobufLimitBytes, CancellationToken.None);
        using var classifier = new OnnxSequenceClassifier(path, ExecutionDevice.Cpu, NullLogger.Instance, intraOpThreads: 1);
        var actual = classifier.Run(batch);

        var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"max |trainable - onnx| = {worst} > {Tolerance}");
        if (pooling == ClassifierPooling.Mean)
        {
            // Mean pooling must differ from the [CLS] pooler, or the test could not tell them apart.
            var cls = ReferenceBert.Logits(weights, batch);
            Assert.True(cls.Zip(actual, (c, a) => MathF.Abs(c - a)).Max() > 1e-2f);
        }
    }

    [Fact]
    public void Pooling_names_round_trip_and_default_to_the_cls_pooler()
    {
        Assert.Equal(ClassifierPooling.Mean, BertOnnxExporter.ParsePooling(BertOnnxExporter.PoolingName(ClassifierPooling.Mean)));
        Assert.Equal(ClassifierPooling.ClsPooler, BertOnnxExporter.ParsePooling(BertOnnxExporter.PoolingName(ClassifierPooling.ClsPooler)));
        Assert.Equal(ClassifierPooling.ClsPooler, BertOnnxExporter.ParsePooling(null));
    }
}
