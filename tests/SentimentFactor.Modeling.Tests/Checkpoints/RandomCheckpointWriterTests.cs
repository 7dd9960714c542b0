using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling.Tests.Checkpoints;

public sealed class RandomCheckpointWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Same_spec_and_seed_give_the_same_weights_file()
    {
        var spec = TinyModels.Spec(BertArchitecture.MegatronBert);
        await new RandomCheckpointWriter().WriteAsync(spec, _temp.Combine("a"), CancellationToken.None);
        await new RandomCheckpointWriter().WriteAsync(spec, _temp.Combine("b"), CancellationToken.None);
        await new RandomCheckpointWriter().WriteAsync(spec with { Seed = 8 }, _temp.Combine("c"), CancellationToken.None);

        var a = File.ReadAllBytes(_temp.Combine("a", "model.safetensors"));
        Assert.Equal(a, File.ReadAllBytes(_temp.Combine("b", "model.safetensors")));
        Assert.NotEqual(a, File.ReadAllBytes(_temp.Combine("c", "model.safetensors")));
    }

    [Fact]
    public async Task Checkpoint_has_hugging_face_layout_and_a_wordpiece_vocab()
    {
        var directory = _temp.Combine("ckpt");
        await new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.Bert), directory, CancellationToken.None);

        var config = BertConfig.Load(Path.Combine(directory, "config.json"));
        var vocabulary = File.ReadAllLines(Path.Combine(directory, "vocab.txt"));
        using var checkpoint = SafetensorsCheckpoint.Open(directory);

        Assert.Equal(BertArchitecture.Bert, config.Architecture);
        Assert.Equal(vocabulary.Length, config.VocabSize);
        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], vocabulary[..5]);
        Assert.Contains("stock", vocabulary);
        Assert.Contains("##ing", vocabulary);
        Assert.Equal(vocabulary.Length, vocabulary.Distinct().Count());
        Assert.NotNull(checkpoint.Find("bert.embeddings.LayerNorm.weight"));
        Assert.Equal([3L, 32L], checkpoint.Find("classifier.weight")!.Shape);
    }

    [Fact]
    public async Task Writing_into_a_non_empty_folder_is_refused()
    {
        var directory = _temp.Combine("ckpt");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "x"), "x");

        await Assert.ThrowsAsync<ModelingException>(() => new RandomCheckpointWriter().WriteAsync(TinyModels.Spec(BertArchitecture.Bert), directory, CancellationToken.None));
    }
}
