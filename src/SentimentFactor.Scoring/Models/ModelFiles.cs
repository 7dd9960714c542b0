using System.Security.Cryptography;

namespace SentimentFactor.Scoring.Models;

/// <summary>The files of one model directory: model.onnx, config.json, and vocab.txt or tokenizer.json.</summary>
public sealed record ModelFiles(string Directory, string ModelPath, string ConfigPath, string VocabularyPath)
{
    /// <summary>The model file name every model directory uses.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>Finds the files from a directory or a model.onnx path; throws a <see cref="ScoringException"/> naming what is missing.</summary>
    public static ModelFiles Locate(string path)
    {
        var full = Path.GetFullPath(path);
        string directory, model;
        if (System.IO.Directory.Exists(full))
        {
            directory = full;
            model = Path.Combine(full, ModelFileName);
        }
        else if (File.Exists(full))
        {
            directory = Path.GetDirectoryName(full)!;
            model = full;
        }
        else
        {
            throw ScoringException.ModelNotFound(path);
        }

        if (!File.Exists(model))
        {
            throw ScoringException.ModelFileMissing(directory, ModelFileName);
        }

        var config = Path.Combine(directory, "config.json");
        if (!File.Exists(config))
        {
            throw ScoringException.ModelFileMissing(directory, "config.json");
        }

        var vocab = Path.Combine(directory, "vocab.txt");
        var tokenizerJson = Path.Combine(directory, "tokenizer.json");
        var vocabulary = File.Exists(vocab) ? vocab
            : File.Exists(tokenizerJson) ? tokenizerJson
            : throw ScoringException.ModelFileMissing(directory, "vocab.txt or tokenizer.json");
        return new ModelFiles(directory, model, config, vocabulary);
    }

    /// <summary>The model id: lower-case hex SHA-256 of the model file (sf.models.model_id).</summary>
    public string ComputeModelId()
    {
        using var stream = File.OpenRead(ModelPath);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
