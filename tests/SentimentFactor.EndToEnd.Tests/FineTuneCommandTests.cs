using System.Text.Json;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>
/// A Megatron-BERT checkpoint with no head (as a pretraining checkpoint comes), fine-tuned by `sf model finetune`, then
/// used by `sf model predict --json` and `sf score --model` on posts in a real database: the whole path a user takes.
/// </summary>
public sealed class FineTuneCommandTests
{
    [Fact]
    public async Task Headless_megatron_checkpoint_is_fine_tuned_predicted_with_and_scores_posts()
    {
        var root = Path.Combine(Path.GetTempPath(), "sf-finetune-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var checkpoint = Path.Combine(root, "pretrained");
        var model = Path.Combine(root, "finetuned");
        var data = Path.Combine(TestPaths.RepositoryRoot, "data", "labeled", "train.jsonl");
        try
        {
            await Succeeds(null, "model", "init", "--arch", "megatron-bert", "--layers", "2", "--hidden", "32", "--heads", "4", "--no-head", "--seed", "2", "--out", checkpoint);
            var finetune = await Succeeds(null, "model", "finetune", "--base", checkpoint, "--data", data, "--out", model, "--epochs", "1",
                "--lr", "2e-3", "--max-tokens", "256", "--threads", "1", "--heldout-out", Path.Combine(root, "heldout.jsonl"));
            Assert.Contains("model finetune: epochs=1 best_epoch=1", finetune.Output, StringComparison.Ordinal);
            Assert.Contains("epoch 1: train_loss=", finetune.Output, StringComparison.Ordinal);

            var predict = await Succeeds(null, "model", "predict", model, "Shares soar after record profit", "Stock plunges on weak guidance", "--json");
            var lines = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(2, lines.Length);
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line);
                var p = json.RootElement.GetProperty("probabilities");
                var sum = p.GetProperty("negative").GetDouble() + p.GetProperty("neutral").GetDouble() + p.GetProperty("positive").GetDouble();
                Assert.Equal(1.0, sum, 5);
                Assert.Contains(json.RootElement.GetProperty("label").GetString(), (string[])["negative", "neutral", "positive"]);
            }

            await using var database = await TestDatabase.CreateAsync();
            var onDatabase = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = database.ConnectionString };
            var posts = Path.Combine(root, "posts.jsonl");
            await File.WriteAllLinesAsync(posts,
            [
                """{"id":"1","created_at":"2026-11-20T09:30:00-05:00","text":"$AAPL soars after earnings","author_id":"a","lang":"en"}""",
                """{"id":"2","created_at":"2026-11-20T10:30:00-05:00","text":"$TSLA plunges on recall","author_id":"b","lang":"en"}""",
                """{"id":"3","created_at":"2026-11-20T11:30:00-05:00","text":"$MSFT ex-dividend date is Jan 30","author_id":"c","lang":"en"}""",
            ]);
            await Succeeds(onDatabase, "ingest", "file", posts, "--source", "x");
            var score = await Succeeds(onDatabase, "score", "--model", model, "--device", "cpu");
            Assert.Contains("posts=3", score.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<SfRunner.Result> Succeeds(IReadOnlyDictionary<string, string?>? settings, params string[] args)
    {
        var result = await SfRunner.RunAsync(settings, args);
        Assert.True(result.ExitCode == 0, $"sf {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}\n{result.Error}");
        return result;
    }
}
