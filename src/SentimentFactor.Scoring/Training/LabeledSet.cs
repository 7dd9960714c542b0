using System.Text.Json;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Training;

/// <summary>Reads labeled JSONL: one {"text": "...", "label": "negative|neutral|positive"} object per line.</summary>
public static class LabeledSet
{
    /// <summary>Reads every example; blank lines are skipped, a bad line throws <see cref="ScoringException"/> naming it.</summary>
    public static async Task<IReadOnlyList<LabeledExample>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw ScoringException.DataFileNotFound(path);
        }

        var examples = new List<LabeledExample>();
        var lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string? text, label;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                text = root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                label = root.TryGetProperty("label", out var l)
                    ? l.ValueKind == JsonValueKind.Number ? l.GetRawText() : l.GetString()
                    : null;
            }
            catch (JsonException e)
            {
                throw ScoringException.DataLineInvalid(path, lineNumber, $"invalid JSON ({e.Message})");
            }

            if (text is null)
            {
                throw ScoringException.DataLineInvalid(path, lineNumber, "no \"text\" string");
            }

            var parsed = SentimentLabels.TryParse(label)
                ?? throw ScoringException.DataLineInvalid(path, lineNumber, $"label '{label}' is not negative, neutral or positive");
            examples.Add(new LabeledExample(text, parsed));
        }

        return examples;
    }
}
