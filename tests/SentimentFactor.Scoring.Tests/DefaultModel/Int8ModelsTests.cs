using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentFactor.Modeling;
using SentimentFactor.Modeling.Quantization;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Tests.Training;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Tests.DefaultModel;

public sealed class Int8ModelsTests
{
    [Fact]
    public async Task Auto_on_cpu_scores_the_default_model_in_int8_once_its_check_holds_cuda_keeps_float32_and_another_recipe_builds_anew_removing_older_builds()
    {
        var cache = TestModels.TempDirectory("precision-auto");
        var resolver = Resolver(new ScoringOptions { ModelCacheDirectory = cache });

        var cpu = await resolver.ResolveAsync(null, ExecutionDevice.Cpu, CancellationToken.None);
        var again = await resolver.ResolveAsync(null, ExecutionDevice.Cpu, CancellationToken.None);
        var cuda = await resolver.ResolveAsync(null, ExecutionDevice.Cuda, CancellationToken.None);

        var suffix = $"-int8-r{ModelQuantizer.RecipeVersion}";
        Assert.EndsWith(suffix, cpu, StringComparison.Ordinal);
        Assert.Equal(cpu, again);
        Assert.StartsWith(Path.GetFullPath(cache), cpu, StringComparison.Ordinal);
        Assert.Equal(cpu, cuda + suffix);
        Assert.Equal(ModelQuantizer.RecipeVersion, ModelQuantizer.RecipeOf(cpu));
        using var int8 = SentimentClassifier.Open(cpu, MiniLmModelFixture.Cpu, NullLogger.Instance);
        using var fp32 = SentimentClassifier.Open(cuda, MiniLmModelFixture.Cpu, NullLogger.Instance);
        Assert.Equal("int8", int8.Config.Precision);
        Assert.Equal("fp32", fp32.Config.Precision);
        Assert.NotEqual(fp32.ModelId, int8.ModelId);
        var quality = JsonSerializer.Deserialize<Int8Quality>(File.ReadAllText(Path.Combine(cpu, "quality.json")))!;
        Assert.True(quality.Holds);
        Assert.Equal(240, quality.Texts);
        Assert.InRange(quality.MacroF1Delta, -Int8Models.MaxMacroF1Loss, 1);
        Assert.InRange(quality.MaxProbabilityDifference, 1e-6, 0.5);

        // A build an older quantiser wrote under this name (its config says so; its check is kept) is made anew.
        var configPath = Path.Combine(cpu, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["quantization"]!["recipe_version"] = ModelQuantizer.RecipeVersion - 1;
        File.WriteAllText(configPath, config.ToJsonString());
        File.WriteAllText(Path.Combine(cpu, "quality.json"), JsonSerializer.Serialize(quality with { Int8MacroF1 = 0.123 }));

        // Builds by earlier recipes beside it are removed with the rebuild; folders that only look alike are not.
        var older = cuda + $"-int8-r{ModelQuantizer.RecipeVersion - 1}";
        var lookalike = cuda + "-int8-rework";
        Directory.CreateDirectory(older);
        File.WriteAllText(Path.Combine(older, "model.onnx"), "an older recipe's build");
        Directory.CreateDirectory(lookalike);

        var rebuilt = await resolver.ResolveAsync(null, ExecutionDevice.Cpu, CancellationToken.None);

        Assert.False(Directory.Exists(older), $"{older} should be gone");
        Assert.True(Directory.Exists(lookalike));
        Assert.Equal(cpu, rebuilt);
        Assert.Equal(ModelQuantizer.RecipeVersion, ModelQuantizer.RecipeOf(cpu));
        Assert.Equal(quality.Int8MacroF1, JsonSerializer.Deserialize<Int8Quality>(File.ReadAllText(Path.Combine(cpu, "quality.json")))!.Int8MacroF1);
    }

    [Fact]
    public async Task Fp32_keeps_the_default_model_and_auto_leaves_a_given_model_alone()
    {
        var tiny = TestModels.Tiny("tiny-precision");
        var cache = TestModels.TempDirectory("precision-fp32");

        var given = await Resolver(new ScoringOptions { ModelCacheDirectory = cache, ModelPath = tiny }).ResolveAsync(null, ExecutionDevice.Cpu, CancellationToken.None);
        var fp32 = await Resolver(new ScoringOptions { ModelCacheDirectory = cache, Precision = "fp32" }).ResolveAsync(null, ExecutionDevice.Cpu, CancellationToken.None);

        Assert.Equal(Path.GetFullPath(tiny), given);
        Assert.DoesNotContain("int8", fp32, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(cache));
    }

    [Fact]
    public async Task Int8_asked_for_a_model_without_matmul_weights_fails_with_one_line_and_builds_nothing()
    {
        var tiny = TestModels.Tiny("tiny-int8-refused");
        var cache = TestModels.TempDirectory("precision-int8");

        var error = await Assert.ThrowsAsync<ModelingException>(() =>
            Resolver(new ScoringOptions { ModelCacheDirectory = cache, Precision = "int8" }).ResolveAsync(tiny, ExecutionDevice.Cpu, CancellationToken.None));

        Assert.Contains("no MatMul", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(cache));
    }

    private static ModelResolver Resolver(ScoringOptions options) => new(Options.Create(options), NullLogger<ModelResolver>.Instance);
}
