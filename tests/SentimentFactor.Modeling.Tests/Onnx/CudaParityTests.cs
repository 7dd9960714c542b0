using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Modeling.Tests.Onnx;

public sealed class CudaParityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [CudaFact]
    public async Task Fused_graphs_on_cuda_match_the_reference_without_cpu_fallback()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert));
        var batch = TinyModels.MixedBatch(rows: 16);
        var expected = ReferenceBert.Logits(weights, batch);
        foreach (var fp16 in new[] { false, true })
        {
            var path = _temp.Combine($"fused-{fp16}.onnx");
            await OnnxModelWriter.WriteAsync(BertOnnxExporter.Build(weights, new OnnxExportOptions { Fp16 = fp16 }), path, OnnxModelWriter.ProtobufLimitBytes, CancellationToken.None);

            // ExecutionDevice.Cuda throws instead of falling back, so this cannot pass on CPU by accident.
            using var classifier = new OnnxSequenceClassifier(path, ExecutionDevice.Cuda, NullLogger.Instance);
            var actual = classifier.Run(batch);

            Assert.Equal(OrtSessionFactory.CudaProvider, classifier.Provider);
            var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
            Assert.True(worst <= (fp16 ? 0.05f : 1e-3f), $"fp16={fp16}: max |reference - onnx| = {worst}");
        }
    }
}
