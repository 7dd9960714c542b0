using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Training;

namespace SentimentFactor.Scoring.Tests.Training;

public sealed class LabeledSetTests
{
    [Fact]
    public async Task Shipped_training_and_heldout_sets_are_balanced_and_disjoint()
    {
        var train = await LabeledSet.ReadAsync(Path.Combine(AppContext.BaseDirectory, "labeled", "train.jsonl"), CancellationToken.None);
        var heldout = await LabeledSet.ReadAsync(Path.Combine(AppContext.BaseDirectory, "labeled", "heldout.jsonl"), CancellationToken.None);

        Assert.True(train.Count >= 600, $"train has {train.Count} examples");
        foreach (var label in Enum.GetValues<SentimentLabel>())
        {
            Assert.Equal(train.Count / 3, train.Count(e => e.Label == label));
            Assert.Equal(heldout.Count / 3, heldout.Count(e => e.Label == label));
        }

        Assert.Empty(train.Select(e => e.Text).Intersect(heldout.Select(e => e.Text)));
        Assert.True(train.Count(e => e.Text.Contains('$', StringComparison.Ordinal)) > train.Count * 0.9, "posts should carry cashtags");
    }

    [Fact]
    public async Task Bad_label_names_the_file_and_line()
    {
        var path = Path.Combine(TestModels.TempDirectory("labeled"), "bad.jsonl");
        await File.WriteAllLinesAsync(path, ["{\"text\": \"$AAPL up\", \"label\": \"positive\"}", "", "{\"text\": \"$AAPL\", \"label\": \"sideways\"}"]);

        var error = await Assert.ThrowsAsync<ScoringException>(() => LabeledSet.ReadAsync(path, CancellationToken.None));

        Assert.StartsWith($"Labeled data {path} line 3: label 'sideways' is not negative, neutral or positive.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_model_path_is_used_as_given_and_missing_default_head_is_a_clear_error()
    {
        var resolver = new ModelResolver(
            Options.Create(new ScoringOptions { DefaultHead = "no/such/head.json" }), NullLogger<ModelResolver>.Instance);

        Assert.Equal(Path.GetFullPath("some/model"), await resolver.ResolveAsync("some/model", null, CancellationToken.None));
        var error = await Assert.ThrowsAsync<ScoringException>(() => resolver.ResolveAsync(null, null, CancellationToken.None));
        Assert.StartsWith("The default model's shipped weights (Scoring:DefaultHead, models/default/finetuned.safetensors) were not found (looked in ", error.Message, StringComparison.Ordinal);
        Assert.Contains("no/such/head.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_model_key_changes_with_the_head_file()
    {
        var dir = TestModels.TempDirectory("key");
        var a = Path.Combine(dir, "a.jsonl");
        var b = Path.Combine(dir, "b.jsonl");
        File.WriteAllText(a, "{\"text\": \"x\", \"label\": \"neutral\"}\n");
        File.WriteAllText(b, "{\"text\": \"y\", \"label\": \"neutral\"}\n");

        Assert.Equal(ModelResolver.DefaultModelKey(a), ModelResolver.DefaultModelKey(a));
        Assert.NotEqual(ModelResolver.DefaultModelKey(a), ModelResolver.DefaultModelKey(b));
    }
}
